/**
 * Administrative commands run by an agent (hostile-agent review): with its token in the
 * environment an agent revoked a more privileged agent, reissued its name to itself and used
 * it. Every command that changes who may do what refuses when the environment shows an agent
 * (exit 3, one line, nothing changed; agent changes put the refused attempt on record), and a
 * revoked name is given out again only with an explicit, audited `--reissue`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AGENT_MARKERS } from '../../src/identity/resolve.js';
import { EXIT } from '../../src/common/exit-codes.js';
import { runIddio, tempDir } from '../helpers/cli.js';

const VARIABLES = [
  'IDDIO_AGENT_TOKEN',
  'IDDIO_AGENT',
  ...AGENT_MARKERS.map((marker) => marker.variable),
];

const COMMANDS: Array<{ args: string[]; recorded: boolean }> = [
  { args: ['agent', 'add', 'new-bot'], recorded: true },
  { args: ['agent', 'add', 'old-bot', '--reissue'], recorded: true },
  { args: ['agent', 'revoke', 'admin-bot'], recorded: true },
  { args: ['approver', 'add', 'approver-z'], recorded: false },
  { args: ['init'], recorded: false },
  { args: ['audit', 'checkpoint', '--init-key'], recorded: false },
  { args: ['approve', 'idd_01JQ2Z3X4Y5V6W7T8S9R000000'], recorded: false },
  { args: ['deny', 'idd_01JQ2Z3X4Y5V6W7T8S9R000000'], recorded: false },
];

/** A home with two agents, one of them revoked; returns it with its agents.yaml text. */
async function setUp(): Promise<{ home: string; agents: string }> {
  const home = tempDir();
  for (const args of [
    ['agent', 'add', 'admin-bot'],
    ['agent', 'add', 'old-bot'],
    ['agent', 'revoke', 'old-bot'],
  ]) {
    const done = await runIddio(args, { env: { IDDIO_HOME: home } });
    assert.equal(done.code, 0, done.stderr);
  }
  return { home, agents: readFileSync(join(home, 'agents.yaml'), 'utf8') };
}

const logEvents = (home: string) =>
  readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('admin commands refuse an agent environment', () => {
  for (const command of COMMANDS) {
    it(`iddio ${command.args.join(' ')}, under each agent variable`, async () => {
      const { home, agents } = await setUp();
      const before = logEvents(home).length;
      for (const variable of VARIABLES) {
        const run = await runIddio(command.args, {
          env: { IDDIO_HOME: home, [variable]: variable === 'IDDIO_AGENT' ? 'ops-bot' : '1' },
        });
        assert.equal(run.code, EXIT.denied, `${variable}: ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`^iddio: refusing to .*: ${variable} is set`));
        assert.equal(run.stderr.split('\n').length, 2, 'one line');
      }
      assert.equal(readFileSync(join(home, 'agents.yaml'), 'utf8'), agents, 'agents unchanged');
      assert.ok(!existsSync(join(home, 'policy.yaml')), 'no policy written');
      assert.ok(!existsSync(join(home, 'checkpoint-key.pem')), 'no checkpoint key');
      assert.ok(!existsSync(join(home, 'approvers.yaml')), 'no approver');
      const refusals = logEvents(home).slice(before);
      assert.equal(refusals.length, command.recorded ? VARIABLES.length : 0);
      for (const event of refusals) {
        assert.equal(event.stage, 'admin');
        assert.equal(event.decision, 'deny');
        assert.match(String(event.reason), /refusing to/);
      }
    });
  }
});

describe('a revoked agent name is not silently reissued', () => {
  it('agent add of a revoked name is refused; --reissue gives it out, on record', async () => {
    const { home, agents } = await setUp();
    const plain = await runIddio(['agent', 'add', 'old-bot'], { env: { IDDIO_HOME: home } });
    assert.equal(plain.code, EXIT.usage, plain.stderr);
    assert.match(plain.stderr, /^iddio: agent "old-bot" was revoked at .*--reissue`\n$/);
    assert.equal(readFileSync(join(home, 'agents.yaml'), 'utf8'), agents);
    const again = await runIddio(['agent', 'add', 'old-bot', '--reissue'], {
      env: { IDDIO_HOME: home },
    });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^\S+\n$/, 'the new token');
    const last = logEvents(home).at(-1)!;
    assert.equal(last.stage, 'admin');
    assert.deepEqual(last.argv, ['agent', 'add', 'old-bot', '--reissue']);
    assert.match(String(last.reason), /REISSUED under a name revoked at/);
    const list = await runIddio(['agent', 'list', '--json'], { env: { IDDIO_HOME: home } });
    const rows = (JSON.parse(list.stdout) as { agents: Array<{ name: string; status: string }> })
      .agents;
    assert.equal(rows.find((r) => r.name === 'old-bot')?.status, 'active');
  });
});
