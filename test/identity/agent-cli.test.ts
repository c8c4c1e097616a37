/** `iddio agent add|list|revoke` end to end (run `npm run build` first when running this file alone). */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { appendAuditEvent } from '../../src/audit/writer.js';
import { tokenSha256 } from '../../src/identity/token.js';
import { runIddio, tempDir } from '../helpers/cli.js';

function events(home: string): Array<Record<string, unknown>> {
  return readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('add prints the token once on stdout, stores only its hash (0600), and audits the change', async () => {
  const home = join(tempDir(), 'home');
  const env = { IDDIO_HOME: home };
  const added = await runIddio(['agent', 'add', 'claude-code'], { env });
  assert.equal(added.code, 0, added.stderr);
  const token = added.stdout.trim();
  assert.match(token, /^iddio_[A-Za-z0-9_-]{43}$/);
  assert.equal(added.stdout, `${token}\n`, 'stdout holds the token alone');
  assert.match(added.stderr, /shown only this once/);
  const file = readFileSync(join(home, 'agents.yaml'), 'utf8');
  assert.ok(!file.includes(token), 'the token itself is never stored');
  assert.ok(file.includes(tokenSha256(token)));
  assert.equal(statSync(join(home, 'agents.yaml')).mode & 0o777, 0o600);
  const [event] = events(home);
  assert.equal(event?.stage, 'admin');
  assert.equal(event?.verb, 'add');
  assert.equal(event?.resource, 'agents');
  assert.deepEqual(event?.names, ['claude-code']);
  assert.equal(event?.agent, 'unknown');
  assert.equal(event?.identity, 'none');
  assert.ok(!JSON.stringify(event).includes(token), 'the token never reaches the audit log');
  const verify = await runIddio(['audit', 'verify'], { env });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

test('duplicate and invalid names are usage errors (exit 2) and change nothing', async () => {
  const home = join(tempDir(), 'home');
  const env = { IDDIO_HOME: home };
  assert.equal((await runIddio(['agent', 'add', 'a'], { env })).code, 0);
  const before = readFileSync(join(home, 'agents.yaml'), 'utf8');
  const duplicate = await runIddio(['agent', 'add', 'a'], { env });
  assert.equal(duplicate.code, 2);
  assert.match(duplicate.stderr, /^iddio: agent "a" already exists/);
  assert.equal(duplicate.stdout, '');
  const bad = await runIddio(['agent', 'add', 'Not Valid'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^iddio: bad agent name/);
  assert.equal(readFileSync(join(home, 'agents.yaml'), 'utf8'), before);
  assert.equal(events(home).length, 1);
});

test('when the audit log cannot be written, add fails with exit 5, prints no token and stores nothing', async () => {
  const root = tempDir();
  const blocker = join(root, 'not-a-dir');
  writeFileSync(blocker, '');
  const env = { IDDIO_HOME: join(root, 'home'), IDDIO_AUDIT_LOG: join(blocker, 'audit.ndjson') };
  const result = await runIddio(['agent', 'add', 'a'], { env });
  assert.equal(result.code, 5, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^iddio: audit log not written/);
  const list = await runIddio(['agent', 'list', '--json'], {
    env: { IDDIO_HOME: join(root, 'home') },
  });
  assert.deepEqual(JSON.parse(list.stdout), { agents: [] });
});

test('list shows status, created and last seen (token use from the audit log); revoke is audited', async () => {
  const home = join(tempDir(), 'home');
  const env = { IDDIO_HOME: home };
  assert.equal((await runIddio(['agent', 'add', 'ci-bot'], { env })).code, 0);
  assert.equal((await runIddio(['agent', 'add', 'claude-code'], { env })).code, 0);
  // A command by ci-bot with its token, as the pipeline would record it.
  const used = await appendAuditEvent(join(home, 'audit', 'audit.ndjson'), {
    stage: 'decided',
    request_id: 'idd_01JZZZZZZZZZZZZZZZZZZZZZZZ',
    agent: 'ci-bot',
    identity: 'token',
    verb: 'get',
    tier: 0,
    decision: 'allow',
  });
  const revoke = await runIddio(['agent', 'revoke', 'claude-code'], { env });
  assert.equal(revoke.code, 0, revoke.stderr);
  assert.match(revoke.stdout, /agent claude-code revoked at \S+Z/);

  const json = await runIddio(['agent', 'list', '--json'], { env });
  assert.equal(json.code, 0, json.stderr);
  const { agents } = JSON.parse(json.stdout) as { agents: Array<Record<string, string>> };
  assert.deepEqual(
    agents.map((a) => [a.name, a.status, a.last_seen]),
    [
      ['ci-bot', 'active', used.ts],
      ['claude-code', 'revoked', undefined],
    ],
  );
  assert.match(agents[1]?.revoked ?? '', /^\d{4}-\d\d-\d\dT/);

  const table = await runIddio(['agent', 'list'], { env });
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+STATUS\s+CREATED\s+LAST SEEN/);
  assert.match(
    lines[1] ?? '',
    new RegExp(`^ci-bot\\s+active\\s+\\S+\\s+${used.ts.replace(/\./g, '\\.')}$`),
  );
  assert.match(lines[2] ?? '', /^claude-code\s+revoked \S+\s+\S+\s+never$/);

  const log = events(home);
  assert.deepEqual(
    log.map((e) => [e.stage, e.verb, (e.names as string[] | undefined)?.[0]]),
    [
      ['admin', 'add', 'ci-bot'],
      ['admin', 'add', 'claude-code'],
      ['decided', 'get', undefined],
      ['admin', 'revoke', 'claude-code'],
    ],
  );
  const again = await runIddio(['agent', 'revoke', 'claude-code'], { env });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already revoked/);
  const missing = await runIddio(['agent', 'revoke', 'nobody'], { env });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no agent named "nobody"/);
});

test('list with no agents says so; a malformed agents.yaml is exit 3 with file and line', async () => {
  const home = join(tempDir(), 'home');
  const empty = await runIddio(['agent', 'list'], { env: { IDDIO_HOME: home } });
  assert.equal(empty.code, 0);
  assert.match(empty.stderr, /No agents/);
  await runIddio(['init'], { env: { IDDIO_HOME: home } });
  writeFileSync(
    join(home, 'agents.yaml'),
    'version: 1\nagents:\n  a:\n    sha256: nothex\n    created: "2026-01-01T00:00:00Z"\n',
  );
  for (const args of [
    ['agent', 'list'],
    ['agent', 'add', 'b'],
  ]) {
    const result = await runIddio(args, { env: { IDDIO_HOME: home } });
    assert.equal(result.code, 3, args.join(' '));
    assert.equal(
      result.stderr,
      `iddio: ${join(home, 'agents.yaml')}:4: agents.a.sha256 must be 64 lowercase hex digits\n`,
    );
  }
});

test('add or revoke with a bad token in the environment is refused (exit 3) before any change', async () => {
  const home = join(tempDir(), 'home');
  const result = await runIddio(['agent', 'add', 'a'], {
    env: { IDDIO_HOME: home, IDDIO_AGENT_TOKEN: 'iddio_wrong' },
  });
  assert.equal(result.code, 3);
  // Any token at all trips the agent-environment wire first (admin-tripwire.test.ts).
  assert.match(result.stderr, /refusing to add an agent: IDDIO_AGENT_TOKEN is set/);
  const list = await runIddio(['agent', 'list', '--json'], { env: { IDDIO_HOME: home } });
  assert.deepEqual(JSON.parse(list.stdout), { agents: [] });
});
