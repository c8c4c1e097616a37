/**
 * `iddio hook <tool>`: the shell-command reader (a table), and the shipped binary fed the hook
 * JSON each tool documents (fixtures in test/hook/fixtures/), answering in that tool's protocol.
 * Needs `npm run build` first for the binary tests.
 */
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judgeShellCommand } from '../../src/hook/plain-kubectl.js';
import { simpleCommands } from '../../src/hook/shell-commands.js';
import { BIN, ROOT, runIddio, tempDir } from '../helpers/cli.js';

const fixture = (name: string): string =>
  readFileSync(join(ROOT, 'test', 'hook', 'fixtures', name), 'utf8');
const never = (): boolean => false;

describe('which programs a command line runs', () => {
  const cases: Array<[string, string[]]> = [
    ['kubectl get pods', ['kubectl']],
    ['iddio kubectl get pods', ['iddio']],
    ['FOO=1 BAR="a b" kubectl get pods', ['kubectl']],
    ['cd x && kubectl get pods || echo no', ['cd', 'kubectl', 'echo']],
    ['ls | grep kubectl', ['ls', 'grep']],
    ['echo "$(kubectl get pods)"', ['echo', 'kubectl']],
    ['echo `kubectl version`', ['echo', 'kubectl']],
    ["bash -c 'kubectl get ns'", ['bash', 'kubectl']],
    ['sh -c "sudo -u ops /usr/local/bin/kubectl get ns"', ['sh', '/usr/local/bin/kubectl']],
    ["eval 'kubectl get ns'", ['eval', 'kubectl']],
    ['sudo -u ops env A=b kubectl get ns', ['kubectl']],
    ['timeout -s KILL 10 nice -n 5 kubectl get ns', ['kubectl']],
    ['xargs -n 1 kubectl delete pod < pods.txt', ['kubectl']],
    ['if true; then kubectl get ns; fi', ['true', 'kubectl', 'fi']],
    ['(kubectl get ns)', ['kubectl']],
    ['k\\ubectl get ns', ['kubectl']],
    ["'kubectl' get ns", ['kubectl']],
    ['kubectl get ns > out.txt 2>&1', ['kubectl']],
    ['> log kubectl get ns', ['kubectl']],
    ['# kubectl get ns', []],
    ['echo kubectl # kubectl', ['echo']],
  ];
  for (const [line, programs] of cases) {
    it(line, () => {
      assert.deepEqual(
        simpleCommands(line).map((c) => c.program),
        programs,
      );
    });
  }
});

describe('judgeShellCommand', () => {
  it('refuses plain kubectl, its plugins, paths to it and aliases of it', () => {
    for (const line of [
      'kubectl get pods',
      'kubectl-ctx prod',
      '/usr/bin/kubectl get pods',
      'alias k=kubectl',
      'echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo x)))))))))',
    ]) {
      assert.equal(judgeShellCommand(line, never).allowed, false, line);
    }
  });
  it('lets iddio kubectl and other programs through', () => {
    for (const line of [
      'iddio kubectl get pods',
      'grep -r kubectl docs/',
      'git commit -m "kubectl"',
    ]) {
      assert.equal(judgeShellCommand(line, never).allowed, true, line);
    }
  });
  it('lets kubectl through when it resolves to iddio (the shim)', () => {
    assert.equal(judgeShellCommand('kubectl get pods', (p) => p === 'kubectl').allowed, true);
    assert.equal(
      judgeShellCommand('/usr/bin/kubectl get pods', (p) => p === 'kubectl').allowed,
      false,
    );
  });
  it('says what to run instead, on one line', () => {
    const verdict = judgeShellCommand('kubectl get pods -n payments\x1b[2J', never);
    assert.equal(
      verdict.message,
      'iddio: plain kubectl is not allowed here; run `iddio kubectl get pods -n payments` instead (same arguments: iddio identifies you, asks a human for risky commands and records every call).',
    );
  });
});

describe('iddio hook (the binary, documented hook input)', () => {
  const env = { PATH: `${tempDir()}:${process.env.PATH}` };
  it('claude-code: plain kubectl in Bash is refused with exit 2 and the reason on stderr', async () => {
    for (const name of ['claude-code-bash-kubectl.json', 'claude-code-bash-hidden.json']) {
      const result = await runIddio(['hook', 'claude-code'], { input: fixture(name), env });
      assert.equal(result.code, 2, name);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^iddio: plain kubectl is not allowed here; run `iddio kubectl /);
    }
  });
  it('claude-code: iddio kubectl, and tools other than Bash, pass with exit 0 and no output', async () => {
    for (const name of ['claude-code-bash-iddio.json', 'claude-code-write.json']) {
      const result = await runIddio(['hook', 'claude-code'], { input: fixture(name), env });
      assert.deepEqual(result, { code: 0, stdout: '', stderr: '' }, name);
    }
  });
  it('claude-code: input that cannot be read is refused (exit 2), never let through', async () => {
    for (const input of ['', 'not json', '[]', '{"tool_name":"Bash","tool_input":{}}']) {
      const result = await runIddio(['hook', 'claude-code'], { input, env });
      assert.equal(result.code, 2, input);
      assert.match(result.stderr, /the hook input could not be read/);
    }
  });
  it('cursor: answers {"permission": ...} on stdout', async () => {
    const denied = await runIddio(['hook', 'cursor'], {
      input: fixture('cursor-kubectl.json'),
      env,
    });
    assert.equal(denied.code, 0);
    const body = JSON.parse(denied.stdout) as Record<string, string>;
    assert.equal(body.permission, 'deny');
    assert.match(
      body.agent_message ?? '',
      /run `iddio kubectl -n payments scale deploy\/api --replicas=5`/,
    );
    const allowed = await runIddio(['hook', 'cursor'], {
      input: fixture('cursor-iddio.json'),
      env,
    });
    assert.deepEqual(JSON.parse(allowed.stdout), { permission: 'allow' });
  });
  it('lets kubectl through when the shim is what PATH finds', async () => {
    const shim = tempDir();
    symlinkSync(BIN, join(shim, 'kubectl'));
    const result = await runIddio(['hook', 'claude-code'], {
      input: fixture('claude-code-bash-kubectl.json'),
      env: { PATH: `${shim}:${process.env.PATH}` },
    });
    assert.equal(result.code, 0, result.stderr);
  });
  it('refuses an unknown tool as a usage error', async () => {
    const result = await runIddio(['hook', 'vim'], { input: '{}' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown agent tool "vim"/);
  });
});
