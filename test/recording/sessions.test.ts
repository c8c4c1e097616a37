/**
 * Recordings end to end: the built binary against the sandbox. The agent sees the real output;
 * the stored copy under sessions/ holds no secret value of the sandbox, whatever the format;
 * `iddio session list|show|replay` read them back.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { recordingPath } from '../../src/recording/store.js';
import { runIddio, tempDir } from '../helpers/cli.js';
import { filesUnder, leakedIn, seedSecretValues } from '../helpers/seed-secrets.js';

let sandbox: Sandbox;
let home: string;
let env: Record<string, string>;
const SESSION = 'review-1';

/** Secret reads in every output format an agent could ask for, and a few ordinary commands. */
const COMMANDS: string[][] = [
  ['get', 'pods', '-n', 'payments'],
  ['get', 'secret', 'api-credentials', '-n', 'payments', '-o', 'yaml'],
  ['get', 'secrets', '-n', 'payments', '-o', 'json'],
  ['get', 'secrets', '-A', '-o', 'yaml'],
  ['get', 'secret', 'web-tls', '-n', 'staging', '-o', 'jsonpath={.data}'],
  ['get', 'secrets', '-A', '-o', 'jsonpath={.items[*].data.tls\\.key}'],
  [
    'get',
    'secret',
    'api-credentials',
    '-n',
    'payments',
    '-o',
    'custom-columns=P:.data.DB_PASSWORD',
  ],
  ['get', 'secrets', '-n', 'payments'],
  ['describe', 'secret', 'api-credentials', '-n', 'payments'],
  ['describe', 'secrets', '-n', 'staging'],
  ['config', 'view', '--raw'],
  ['config', 'view', '--raw', '-o', 'json'],
  ['get', '--raw', '/api/v1/namespaces/payments/secrets'],
  ['delete', 'pod', 'no-such-pod', '-n', 'payments'],
  ['exec', 'x', '--', 'sh'],
];

const outputs: string[] = [];

before(async () => {
  const dir = tempDir();
  sandbox = await startSandbox({
    kubeconfigPath: join(dir, 'kc'),
    auditLogPath: join(dir, 'k8s.ndjson'),
  });
  home = tempDir();
  writeFileSync(
    join(home, 'policy.yaml'),
    'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n',
  );
  env = {
    IDDIO_HOME: home,
    KUBECONFIG: sandbox.kubeconfigPath,
    IDDIO_AGENT: 'claude',
    IDDIO_SESSION: SESSION,
  };
  for (const argv of COMMANDS) {
    const result = await runIddio(['kubectl', ...argv], { env });
    outputs.push(result.stdout + result.stderr);
  }
});
after(async () => {
  await sandbox.stop();
});

test('the agent saw the real values: redaction is on the stored copy only', () => {
  assert.match(outputs[1] ?? '', /DB_PASSWORD: bm90LWEtcmVhbC1wYXNzd29yZA==/);
});

test('no secret value of the sandbox (seed Secret data, decoded or not, bearer tokens) is anywhere under sessions/', () => {
  const secrets = seedSecretValues(sandbox);
  const files = filesUnder(join(home, 'sessions'));
  assert.ok(
    files.filter((f) => f.path.endsWith('.cast.gz')).length >= 13,
    'one recording per command that ran',
  );
  for (const file of files) assert.deepEqual(leakedIn(file.text, secrets), [], file.path);
});

test('no secret value of the sandbox is in any report format, nor in correlate output', async () => {
  const secrets = seedSecretValues(sandbox);
  for (const format of ['html', 'json', 'md', 'csv']) {
    const report = await runIddio(
      ['audit', 'report', '--format', format, '--k8s-audit', sandbox.auditLogPath],
      { env },
    );
    assert.equal(report.code, 0, report.stderr);
    assert.ok(report.stdout.length > 500, format);
    assert.deepEqual(leakedIn(report.stdout, secrets), [], format);
  }
  const correlated = await runIddio(
    ['audit', 'correlate', '--k8s-audit', sandbox.auditLogPath, '--json'],
    { env },
  );
  assert.deepEqual(leakedIn(correlated.stdout, secrets), []);
});

test('every completed event names its recording; the chain covers the digest; files are 0600 gzip', async () => {
  const log = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { stage: string; recording?: string });
  const completed = log.filter((e) => e.stage === 'completed');
  assert.equal(completed.length, COMMANDS.length - 1, 'the exec is denied: no completed event');
  for (const event of completed) assert.match(event.recording ?? '', /^sha256:[0-9a-f]{64}$/);
  const verify = await runIddio(['audit', 'verify'], { env });
  assert.equal(verify.code, 0, verify.stdout);
});

test('session list: agent, times, commands, highest tier and denials', async () => {
  const list = await runIddio(['session', 'list', '--json'], { env });
  assert.equal(list.code, 0, list.stderr);
  const { sessions } = JSON.parse(list.stdout) as { sessions: Array<Record<string, unknown>> };
  assert.equal(sessions.length, 1);
  assert.deepEqual(
    {
      id: sessions[0]?.id,
      agent: sessions[0]?.agent,
      commands: sessions[0]?.commands,
      highestTier: sessions[0]?.highestTier,
      denials: sessions[0]?.denials,
    },
    { id: SESSION, agent: 'claude', commands: COMMANDS.length, highestTier: 4, denials: 1 },
  );
  const text = await runIddio(['session', 'list'], { env });
  assert.match(text.stdout, /^SESSION +AGENT +FIRST +LAST +COMMANDS +MAX TIER +DENIED$/m);
  assert.match(text.stdout, /review-1 +claude .* 15 +T4 +1$/m);
});

test('session show: each command, its decision and its (redacted) output; a denied one with its reason', async () => {
  const show = await runIddio(['session', 'show', SESSION], { env });
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /\$ kubectl get pods -n payments\nNAME +READY/);
  assert.match(show.stdout, /DB_PASSWORD: <redacted>/);
  assert.match(show.stdout, /! Error from server \(NotFound\): pods "no-such-pod" not found/);
  assert.match(show.stdout, /T4 {2}denied\n\$ kubectl exec x -- sh\n {2}tier 4/);
  const json = await runIddio(['session', 'show', SESSION, '--json'], { env });
  const doc = JSON.parse(json.stdout) as {
    commands: Array<{ outcome: string; output?: unknown[] }>;
  };
  assert.equal(doc.commands.length, COMMANDS.length);
  assert.equal(doc.commands.at(-1)?.outcome, 'denied');
});

test('session replay plays every command back in order; a bad --speed is a usage error', async () => {
  const replay = await runIddio(['session', 'replay', 'review', '--speed', '1000'], { env });
  assert.equal(replay.code, 0, replay.stderr);
  const prompts = replay.stdout.split('\n').filter((line) => line.startsWith('$ kubectl '));
  assert.equal(prompts.length, COMMANDS.length);
  assert.match(replay.stdout, /api-credentials +Opaque +2/);
  const bad = await runIddio(['session', 'replay', SESSION, '--speed', 'fast'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid --speed "fast"/);
});

test('an altered recording is reported as such, never shown', async () => {
  const log = readFileSync(join(home, 'audit', 'audit.ndjson'), 'utf8');
  const reference = /"recording":"(sha256:[0-9a-f]{64})"/.exec(log)?.[1] ?? '';
  const path = recordingPath(join(home, 'sessions'), reference);
  const original = readFileSync(path);
  const bytes = Buffer.from(original);
  bytes.writeUInt8(bytes.readUInt8(20) ^ 1, 20);
  writeFileSync(path, bytes);
  try {
    const show = await runIddio(['session', 'show', SESSION], { env });
    assert.match(show.stdout, /has been altered: its bytes no longer match its digest/);
  } finally {
    writeFileSync(path, original);
  }
});
