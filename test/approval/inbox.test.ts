/**
 * The inbox channel end to end: a headless `iddio kubectl` (no controlling terminal) waits
 * on the sandbox's behalf while the test plays the human with `iddio inbox|approve|deny` —
 * and plays the agent trying to answer for the human.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { newDecision } from '../../src/approval/decision.js';
import { requestDoc, requestFile } from '../../src/approval/request-doc.js';
import { decisionPath, requestPath, writeRequestFile } from '../../src/approval/inbox.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio } from '../helpers/cli.js';
import { agentEnv, events, home, pendingRequest, replicas, spawnHeadless } from './fixtures.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

const human = (homeDir: string, args: string[], env: Record<string, string> = {}) =>
  runIddio(args, { env: { IDDIO_HOME: homeDir, ...env } });

function waitScale(homeDir: string, replicasTo: number, options: { input?: string } = {}) {
  return spawnHeadless(
    ['kubectl', 'scale', 'deployment/web', '-n', 'staging', `--replicas=${replicasTo}`],
    agentEnv(homeDir, sandbox.kubeconfigPath),
    options,
  );
}

test('inbox: the request is listed for people and bots; approve runs it, once, and both sides are audited', async () => {
  const dir = home({ channel: 'inbox' });
  const before = await replicas(sandbox, 'web', 'staging');
  const waiting = waitScale(dir, before + 3);
  const id = await pendingRequest(dir);
  assert.equal(statSync(requestPath(join(dir, 'inbox'), id)).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'inbox')).mode & 0o777, 0o700);

  const listed = await human(dir, ['inbox', '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const [entry] = JSON.parse(listed.stdout) as Array<{
    request_id: string;
    sha256: string;
    expires: string;
    request: { argv: string[]; tier: number };
  }>;
  assert.equal(entry?.request_id, id);
  assert.match(entry?.sha256 ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(entry?.request.argv, [
    'scale',
    'deployment/web',
    '-n',
    'staging',
    `--replicas=${before + 3}`,
  ]);
  const text = await human(dir, ['inbox']);
  assert.match(text.stdout, new RegExp(`${id}  T2 modify  expires in \\d+s`));

  const approved = await human(dir, ['approve', id, '--reason', 'looks fine']);
  assert.equal(approved.code, 0, approved.stderr);
  assert.equal(approved.stdout, `approved ${id}\n`);
  assert.match(
    approved.stderr,
    /command\s+kubectl scale deployment\/web/,
    'the human sees what they approve',
  );

  const result = await waiting.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`iddio approve ${id}`),
    'the agent is told how a human can answer',
  );
  assert.equal(await replicas(sandbox, 'web', 'staging'), before + 3);
  const log = events(dir);
  const decided = log.find((e) => e.stage === 'decided' && e.request_id === id);
  assert.equal(decided?.approval_channel, 'inbox');
  assert.ok(decided?.approved_by);
  assert.match(decided?.reason ?? '', /approved \(unsigned inbox decision by .+\): looks fine/);
  assert.ok(log.some((e) => e.stage === 'admin' && e.verb === 'approve' && e.names?.[0] === id));
  assert.ok(!existsSync(requestPath(join(dir, 'inbox'), id)), 'the request leaves the inbox');

  // The blast-radius count and the scale share the request ID; their Audit-IDs continue one
  // sequence (-1, -2, …), and the completed event lists every one the cluster saw.
  const completed = log.find((e) => e.stage === 'completed' && e.request_id === id) as
    { api_requests?: Array<{ audit_id: string }> } | undefined;
  const prefix = id.replace('_', '-');
  const recorded = (completed?.api_requests ?? []).map((r) => r.audit_id);
  assert.ok(recorded.length >= 2, 'a count and the scale itself');
  assert.deepEqual(
    recorded,
    recorded.map((_, index) => `${prefix}-${index + 1}`),
  );
  const seen = readFileSync(sandbox.auditLogPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes(prefix))
    .map((line) => (JSON.parse(line) as { auditID: string }).auditID);
  assert.deepEqual(seen, recorded);

  const again = await human(dir, ['approve', id]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /no pending request/);
});

test('inbox: deny declines (exit 4) and nothing changes', async () => {
  const dir = home({ channel: 'inbox' });
  const before = await replicas(sandbox, 'web', 'staging');
  const waiting = waitScale(dir, before + 5);
  const id = await pendingRequest(dir);
  const denied = await human(dir, ['deny', id, '--reason', 'not today']);
  assert.equal(denied.code, 0, denied.stderr);
  const result = await waiting.done;
  assert.equal(result.code, 4);
  assert.match(result.stderr, /not approved: .*not today/);
  assert.equal(await replicas(sandbox, 'web', 'staging'), before);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.equal(decided?.approved_by, undefined);
});

test('no terminal and "y" on stdin: the inbox is used, nobody answers, the request expires (exit 4)', async () => {
  const dir = home({ channel: 'auto', timeout: '1s' });
  const before = await replicas(sandbox, 'web', 'staging');
  const result = await waitScale(dir, before + 7, { input: 'y\ny\nyes\n' }).done;
  assert.equal(result.code, 4);
  const decided = events(dir).find((e) => e.stage === 'decided');
  assert.equal(decided?.approval_channel, 'inbox');
  assert.match(decided?.reason ?? '', /no decision before the request expired/);
  assert.equal(await replicas(sandbox, 'web', 'staging'), before);
  assert.deepEqual(
    readdirSync(join(dir, 'inbox')).filter((n) => n.startsWith('idd_')),
    [],
  );
});

test('iddio approve refuses to run with an agent identity in its environment', async () => {
  const dir = home({ channel: 'inbox' });
  const waiting = waitScale(dir, 1);
  const id = await pendingRequest(dir);
  const agentEnvs: Array<Record<string, string>> = [
    { CLAUDECODE: '1' },
    { IDDIO_AGENT: 'helper' },
    { IDDIO_AGENT_TOKEN: 'x' },
    { CODEX_SANDBOX: 'seatbelt' },
  ];
  for (const env of agentEnvs) {
    const tried = await human(dir, ['approve', id], env);
    assert.equal(tried.code, 3, JSON.stringify(env));
    assert.match(tried.stderr, /^iddio: refusing to approve: \S+ is set/);
    assert.ok(!existsSync(decisionPath(join(dir, 'inbox'), id)));
  }
  await human(dir, ['deny', id]);
  assert.equal((await waiting.done).code, 4);
});

test('a request edited in the inbox (arguments changed, hash recomputed) cannot be approved into running', async () => {
  const dir = home({ channel: 'inbox' });
  const before = await replicas(sandbox, 'web', 'staging');
  const waiting = waitScale(dir, before + 40);
  const id = await pendingRequest(dir);
  const path = requestPath(join(dir, 'inbox'), id);
  // The agent rewrites what the human will read, and makes the file self-consistent again.
  const file = JSON.parse(readFileSync(path, 'utf8')) as ReturnType<typeof requestFile>;
  const innocent = requestFile({
    ...file.request,
    argv: ['scale', 'deployment/web', '-n', 'staging', '--replicas=1'],
  });
  writeFileSync(path, JSON.stringify(innocent));
  const approved = await human(dir, ['approve', id]);
  assert.equal(approved.code, 0, approved.stderr);
  const result = await waiting.done;
  assert.equal(result.code, 4);
  assert.match(result.stderr, /decision rejected \(hash-mismatch\)/);
  assert.equal(await replicas(sandbox, 'web', 'staging'), before);
  assert.match(events(dir).find((e) => e.stage === 'decided')?.reason ?? '', /hash-mismatch/);
});

test('a used decision nonce cannot be replayed on a later request', async () => {
  const dir = home({ channel: 'inbox' });
  const first = waitScale(dir, 2);
  const firstId = await pendingRequest(dir);
  assert.equal((await human(dir, ['approve', firstId])).code, 0);
  assert.equal((await first.done).code, 0);
  const [usedNonce] = readdirSync(join(dir, 'inbox', 'used'));
  assert.ok(usedNonce);

  const second = waitScale(dir, 3);
  const secondId = await pendingRequest(dir);
  const file = JSON.parse(
    readFileSync(requestPath(join(dir, 'inbox'), secondId), 'utf8'),
  ) as ReturnType<typeof requestFile>;
  const replay = {
    ...newDecision({
      requestId: secondId,
      requestSha256: file.sha256,
      decision: 'approve',
      approver: 'alice',
      nowMs: Date.now(),
    }),
    nonce: usedNonce,
  };
  writeFileSync(decisionPath(join(dir, 'inbox'), secondId), JSON.stringify(replay));
  const result = await second.done;
  assert.equal(result.code, 4);
  assert.match(result.stderr, /decision rejected \(replayed\)/);
});

test('iddio approve refuses an expired request (exit 4) and writes no decision', async () => {
  const dir = home({ channel: 'inbox' });
  const inbox = join(dir, 'inbox');
  const doc = requestDoc(
    {
      requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
      agent: 'a',
      identity: 'declared',
      argv: ['delete', 'pod', 'x'],
      tier: 3,
      tierLabel: 'sensitive',
      rule: 'r',
      timeoutMs: 1_000,
    },
    Date.now() - 60_000,
  );
  writeRequestFile(inbox, requestFile(doc));
  const tried = await human(dir, ['approve', doc.request_id]);
  assert.equal(tried.code, 4);
  assert.match(tried.stderr, /expired/);
  assert.ok(!existsSync(decisionPath(inbox, doc.request_id)));
  const listed = await human(dir, ['inbox', '--json']);
  assert.deepEqual(JSON.parse(listed.stdout), [], 'expired requests are not pending');
});

test('inbox --watch --json prints each new request as one NDJSON line, and when it is closed', async () => {
  const dir = home({ channel: 'inbox' });
  const watcher = spawnHeadless(['inbox', '--watch', '--json'], {
    IDDIO_HOME: dir,
    PATH: process.env.PATH ?? '',
  });
  const waiting = waitScale(dir, 1);
  const id = await pendingRequest(dir);
  const until = async (text: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !watcher.stdout().includes(text)) {
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await until(id);
  await human(dir, ['deny', id]);
  await waiting.done;
  await until('"state":"closed"');
  watcher.child.kill('SIGTERM');
  const result = await watcher.done;
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { request_id: string; state?: string; request?: unknown });
  assert.deepEqual(
    lines.map((l) => [l.request_id, l.state ?? 'pending']),
    [
      [id, 'pending'],
      [id, 'closed'],
    ],
  );
  assert.ok(lines[0]?.request, 'the pending line carries the request');
});

test('inbox --watch says when a shown request expires without a decision', async () => {
  const dir = home({ channel: 'inbox' });
  const inbox = join(dir, 'inbox');
  const doc = requestDoc(
    {
      requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4S',
      agent: 'a',
      identity: 'declared',
      argv: ['delete', 'pod', 'x'],
      tier: 3,
      tierLabel: 'sensitive',
      rule: 'r',
      timeoutMs: 8_000,
    },
    Date.now(),
  );
  writeRequestFile(inbox, requestFile(doc));
  const watcher = spawnHeadless(['inbox', '--watch'], {
    IDDIO_HOME: dir,
    PATH: process.env.PATH ?? '',
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !watcher.stdout().includes('expired: no decision in time')) {
    await new Promise((r) => setTimeout(r, 50));
  }
  watcher.child.kill('SIGTERM');
  const result = await watcher.done;
  assert.match(result.stdout, /^idd_01M8B7E3QSVXRGS6WDVWC5JV4S {2}T3 sensitive {2}expires in /m);
  assert.match(result.stdout, /^idd_01M8B7E3QSVXRGS6WDVWC5JV4S {2}expired: no decision in time$/m);
});
