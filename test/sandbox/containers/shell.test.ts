/**
 * The sandbox containers' sh and programs, in memory: the grammar (a table of lines and what
 * they print and exit with), refusals of what it does not model, and the interactive session
 * with and without a terminal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShell, ShellSyntaxError } from '../../../src/sandbox/containers/shell-parse.js';
import { MAX_SLEEP_SECONDS } from '../../../src/sandbox/containers/programs.js';
import { FS_LIMIT_ENTRIES } from '../../../src/sandbox/containers/fs.js';
import { run } from './helpers.js';

describe('sh -c', () => {
  const table: [string, { out?: string; err?: string; code: number }][] = [
    ['echo hi', { out: 'hi\n', code: 0 }],
    ['echo -n a b', { out: 'a b', code: 0 }],
    ['echo \'a  b\' "c $HOSTNAME" d\\ e', { out: 'a  b c pod-a d e\n', code: 0 }],
    ['echo one; echo two', { out: 'one\ntwo\n', code: 0 }],
    ['echo out; echo err >&2; exit 3', { out: 'out\n', err: 'err\n', code: 3 }],
    ['echo x 1>&2', { err: 'x\n', code: 0 }],
    ['exit 300', { code: 44 }],
    ['false; echo $?', { out: '1\n', code: 0 }],
    ['false && echo no || echo yes', { out: 'yes\n', code: 0 }],
    ['true && echo and', { out: 'and\n', code: 0 }],
    ['A=1; export B=2; echo $A ${B}', { out: '1 2\n', code: 0 }],
    ['nosuch arg', { err: 'sh: nosuch: not found\n', code: 127 }],
    [
      'echo a | cat',
      { err: 'sh: syntax error: "|" is not supported by the sandbox\'s sh\n', code: 2 },
    ],
    ["echo 'open", { err: 'sh: syntax error: unterminated quoted string\n', code: 2 }],
    ['echo $(id)', { err: 'sh: command substitution is not supported\n', code: 2 }],
    ['exit nope', { err: 'sh: exit: Illegal number: nope\n', code: 2 }],
    [
      'echo hi > /tmp/f; cat /tmp/f; echo more >> /tmp/f; cat /tmp/f',
      { out: 'hi\nhi\nmore\n', code: 0 },
    ],
    ['echo hidden >/dev/null; echo shown', { out: 'shown\n', code: 0 }],
    ['cat /etc/hostname', { out: 'pod-a\n', code: 0 }],
    ['cat /nope', { err: 'cat: /nope: No such file or directory\n', code: 1 }],
    ['cd /etc && pwd && ls', { out: '/etc\nhostname\nos-release\n', code: 0 }],
    ['cd /nope', { err: "sh: cd: can't cd to /nope: No such file or directory\n", code: 2 }],
    ['test -d /tmp && echo dir; [ -f /tmp ] || echo notfile', { out: 'dir\nnotfile\n', code: 0 }],
    ['[ 1 -lt 2 ]; echo $?; [ a = b ]; echo $?', { out: '0\n1\n', code: 0 }],
    [
      'mkdir -p /a/b && ls /a; rm -r /a; ls /a',
      { out: 'b\n', err: 'ls: /a: No such file or directory\n', code: 1 },
    ],
    ['/bin/echo path', { out: 'path\n', code: 0 }],
    ['/opt/echo path', { err: 'sh: /opt/echo: not found\n', code: 127 }],
    ['# a comment\necho after', { out: 'after\n', code: 0 }],
    ['sleep nope', { err: "sleep: invalid number 'nope'\n", code: 1 }],
  ];
  for (const [line, want] of table) {
    it(JSON.stringify(line), async () => {
      const r = await run(['sh', '-c', line]);
      assert.equal(r.code, want.code);
      assert.equal(r.out, want.out ?? '');
      assert.equal(r.err, want.err ?? '');
    });
  }

  it('bash is the same shell, named by path too', async () => {
    assert.equal((await run(['/bin/bash', '-c', 'echo b; exit 7'])).code, 7);
  });

  it('refuses && with nothing before it', () => {
    assert.throws(() => parseShell('&& echo x'), ShellSyntaxError);
  });

  it('runs a script file from the container', async () => {
    const first = await run(['sh', '-c', 'echo "echo from-file; exit 9" > /tmp/s.sh']);
    const r = await run(['sh', '/tmp/s.sh'], { fs: first.fs });
    assert.deepEqual([r.code, r.out], [9, 'from-file\n']);
    const missing = await run(['sh', '/tmp/none.sh']);
    assert.deepEqual(
      [missing.code, missing.err],
      [2, "sh: can't open '/tmp/none.sh': No such file or directory\n"],
    );
  });

  it('sleep ends at once when the client goes away, and is bounded', async () => {
    const controller = new AbortController();
    const pending = run(['sleep', String(MAX_SLEEP_SECONDS * 10)], { signal: controller.signal });
    const forever = run(['sleep', 'infinity'], { signal: controller.signal });
    controller.abort();
    assert.equal((await pending).code, 130);
    assert.equal((await forever).code, 130);
  });
});

describe('programs', () => {
  it('cat copies stdin to stdout, byte for byte', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
    const r = await run(['cat'], { stdin: bytes });
    assert.deepEqual(r.outBytes, bytes);
  });

  it('env lists the environment; printenv one name', async () => {
    assert.equal((await run(['env'])).out, 'PATH=/bin\nHOSTNAME=pod-a\nHOME=/root\n');
    assert.equal((await run(['printenv', 'HOME'])).out, '/root\n');
    assert.equal((await run(['printenv', 'NOPE'])).code, 1);
  });

  it('ls -l and ls -a describe entries', async () => {
    const r = await run(['ls', '-la', '/etc']);
    assert.match(r.out, /^drwxr-xr-x 1 root root +4096 2026-01-02 03:04 \.\n/);
    assert.match(r.out, /\n-rw-r--r-- 1 root root +6 2026-01-02 03:04 hostname\n/);
  });
});

describe('limits a hostile client meets', () => {
  it('a deep path is made without recursion; the entry limit is "No space left on device"', async () => {
    const deep = `/d${'/x'.repeat(5000)}`;
    const made = await run(['mkdir', '-p', deep]);
    assert.equal(made.code, 0);
    assert.equal(made.fs.get(deep)?.kind, 'dir');
    const full = await run(['mkdir', '-p', `/e${'/y'.repeat(FS_LIMIT_ENTRIES)}`]);
    assert.equal(full.code, 1);
    assert.match(full.err, /^mkdir: .*: No space left on device\n$/);
  });

  it('a line without end is refused, not buffered for ever', async () => {
    const r = await run(['sh'], { stdin: 'x'.repeat(1024 * 1024 + 10) });
    assert.deepEqual([r.code, r.err], [2, 'sh: line too long\n']);
  });
});

describe('interactive sh', () => {
  it('without a tty: no prompt, no echo, runs each line, the last one without a newline', async () => {
    const r = await run(['sh'], { stdin: ['echo one\nech', 'o two\nexit 4\necho never\n'] });
    assert.deepEqual([r.code, r.out], [4, 'one\ntwo\n']);
    const last = await run(['sh'], { stdin: 'echo last' });
    assert.deepEqual([last.code, last.out], [0, 'last\n']);
  });

  it('with a tty: prompts, echoes, handles backspace, Ctrl-C, arrows and CR', async () => {
    const r = await run(['sh'], {
      tty: true,
      stdin: ['echo hix\x7f\r', 'junk\x03', 'echo \x1b[Aok\r', 'exit 2\r'],
    });
    assert.equal(r.code, 2);
    assert.equal(r.out, '# echo hix\b \b\nhi\n# junk^C\n# echo ok\nok\n# exit 2\n');
  });

  it('with a tty: Ctrl-D on an empty line ends the session with the last status', async () => {
    const r = await run(['sh', '-i'], { tty: true, stdin: ['false\r\x04'] });
    assert.deepEqual([r.code, r.out], [1, '# false\n# ']);
  });
});
