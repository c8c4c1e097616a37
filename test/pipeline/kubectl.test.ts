/**
 * `iddio kubectl` end to end: the built binary against the sandbox. Each test reads both
 * logs — iddio's chain and the sandbox's own audit.k8s.io events — to prove what reached
 * the cluster and what was recorded.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, runIddio, tempDir } from '../helpers/cli.js';

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

interface LoggedEvent {
  stage: string;
  request_id: string;
  decision?: string;
  tier?: number;
  rule?: string;
  agent?: string;
  identity?: string;
  argv?: string[];
  exit_code?: number;
  api_requests?: Array<{ method: string; path: string; status: number; audit_id: string }>;
  approved_by?: string;
  approval_channel?: string;
  reason?: string;
}

function readNdjson<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** An IDDIO_HOME whose policy.yaml is `policy` (after `version: 1`). */
function homeWithPolicy(policy: string): string {
  const home = tempDir();
  writeFileSync(join(home, 'policy.yaml'), `version: 1\n${policy}`);
  return home;
}
/** Writes run without asking (T0–T2 allowed): for tests about what reaches the cluster. */
const WRITES_ALLOWED = 'default: { 0: allow, 1: allow, 2: allow, 3: escalate, 4: deny }\n';
/** Escalations wait one second in the inbox (never on a developer's terminal), then expire. */
const INBOX_1S = 'approval:\n  timeout: 1s\n  channel: inbox\n';

/**
 * A FIFO at `path` that serves `first` to its first reader and `second` to any later one:
 * an input that changes between two reads of the same command.
 */
function changingFifo(path: string, first: string, second: string): { stop(): void } {
  execFileSync('mkfifo', [path]);
  writeFileSync(`${path}.first`, first);
  writeFileSync(`${path}.second`, second);
  const feeder = spawn(
    'sh',
    ['-c', 'cat "$1.first" > "$1"; sleep 1; cat "$1.second" > "$1"', 'sh', path],
    {
      stdio: 'ignore',
    },
  );
  return { stop: () => feeder.kill() };
}

/** Runs `iddio kubectl ...` with its own IDDIO_HOME; returns the result and its audit events. */
async function kubectl(args: string[], env: NodeJS.ProcessEnv = {}) {
  const home = env.IDDIO_HOME ?? tempDir();
  const result = await runIddio(['kubectl', ...args], {
    env: {
      KUBECONFIG: sandbox.kubeconfigPath,
      IDDIO_AGENT: 'test-agent',
      IDDIO_HOME: home,
      ...env,
    },
  });
  const log = env.IDDIO_AUDIT_LOG ?? join(home, 'audit', 'audit.ndjson');
  return { ...result, events: readNdjson<LoggedEvent>(log), home };
}

function sandboxRequestsWithAuditPrefix(
  prefix: string,
): Array<{ auditID: string; userAgent: string }> {
  return readNdjson<{ auditID: string; userAgent: string }>(sandbox.auditLogPath).filter((e) =>
    e.auditID.startsWith(prefix),
  );
}

test('a T0 read runs at once, prints what kubectl prints, and is bracketed by decided and completed', async () => {
  const run = await kubectl(['get', 'namespaces', '-o', 'name']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^namespace\/default$/m);
  assert.match(run.stdout, /^namespace\/payments$/m);
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.decision]),
    [
      ['decided', 'allow'],
      ['completed', undefined],
    ],
  );
  const [decided, completed] = run.events as [LoggedEvent, LoggedEvent];
  assert.equal(decided.tier, 0);
  assert.equal(decided.agent, 'test-agent');
  assert.equal(decided.identity, 'declared');
  assert.equal(completed.request_id, decided.request_id);
  assert.equal(completed.exit_code, 0);
  assert.ok((completed.api_requests ?? []).length > 0);
});

test('every HTTP request carries the request ID, Audit-ID and User-Agent of SPEC §7', async () => {
  const run = await kubectl(['get', 'pods', '-n', 'payments']);
  assert.equal(run.code, 0, run.stderr);
  const completed = run.events.find((e) => e.stage === 'completed');
  assert.ok(completed);
  const requestId = completed.request_id;
  assert.match(requestId, /^idd_[0-9A-HJKMNP-TV-Z]{26}$/);
  const prefix = requestId.replace('_', '-');
  const seen = sandboxRequestsWithAuditPrefix(prefix);
  assert.ok(seen.length > 0, 'the sandbox saw requests with our Audit-ID');
  seen.forEach((event, index) => {
    assert.equal(event.auditID, `${prefix}-${index + 1}`);
    assert.match(
      event.userAgent,
      new RegExp(`^iddio/\\S+ \\(agent=test-agent; request_id=${requestId}\\)$`),
    );
  });
  // The completed event lists exactly the requests the cluster recorded.
  assert.deepEqual(
    completed.api_requests?.map((r) => r.audit_id),
    seen.map((e) => e.auditID),
  );
});

test('a T4 command is denied (exit 3) with one line, records decided only, and never reaches the cluster', async () => {
  const run = await kubectl(['exec', '-n', 'payments', 'some-pod', '--', 'sh']);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /^iddio: denied: .*T4 break-glass/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.decision]),
    [['decided', 'deny']],
  );
  const requestId = run.events[0]?.request_id ?? '';
  assert.deepEqual(sandboxRequestsWithAuditPrefix(requestId.replace('_', '-')), []);
});

test('a T2 write escalates; unanswered in the inbox it expires declined (exit 4) and does not run', async () => {
  const home = homeWithPolicy(INBOX_1S);
  const run = await kubectl(['scale', 'deployment/api', '-n', 'payments', '--replicas=5'], {
    IDDIO_HOME: home,
  });
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, /^iddio: not approved: /m);
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.decision]),
    [
      ['escalated', 'escalate'],
      ['decided', 'escalate'],
    ],
  );
  const decided = run.events[1];
  assert.equal(decided?.approved_by, undefined, 'nobody approved, so approved_by is absent');
  assert.equal(decided?.approval_channel, 'inbox');
  const scaled = await kubectl([
    'get',
    'deployment',
    'api',
    '-n',
    'payments',
    '-o',
    'jsonpath={.spec.replicas}',
  ]);
  assert.equal(scaled.stdout, '3', 'the declined scale did not happen');
});

test('a wrong agent token is refused (exit 3) and the refusal is on record', async () => {
  const run = await kubectl(['get', 'pods'], { IDDIO_AGENT_TOKEN: 'iddio_not-a-real-token' });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /IDDIO_AGENT_TOKEN does not match/);
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.decision]),
    [['decided', 'deny']],
  );
});

test('an unwritable audit log means the command does not run (exit 5), not even a read', async () => {
  const home = tempDir();
  // A regular file where the log's directory should be: unwritable even for root.
  writeFileSync(join(home, 'not-a-dir'), '');
  const iddioRequests = () =>
    readNdjson<{ userAgent: string }>(sandbox.auditLogPath).filter((e) =>
      e.userAgent.startsWith('iddio/'),
    ).length;
  const before = iddioRequests();
  const run = await kubectl(['get', 'pods'], {
    IDDIO_HOME: home,
    IDDIO_AUDIT_LOG: join(home, 'not-a-dir', 'audit.ndjson'),
  });
  assert.equal(run.code, 5, run.stderr);
  assert.match(run.stderr, /^iddio: audit log not written/);
  assert.equal(run.stdout, '');
  assert.equal(iddioRequests(), before, 'no request reached the cluster');
});

test('credentials in argv never reach the audit log', async () => {
  const run = await kubectl(['get', 'pods', '--token=s3cr3t-value']);
  assert.equal(run.code, 3, 'a credential override is T4, denied by default');
  const text = JSON.stringify(run.events);
  assert.doesNotMatch(text, /s3cr3t-value/);
  assert.ok(run.events[0]?.argv?.some((a) => a.startsWith('--token=')));
});

test('a flag kubectl would reject is a usage error (exit 2), recorded as a refusal', async () => {
  const run = await kubectl(['get', 'pods', '--no-such-flag']);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'error: unknown flag: --no-such-flag\n');
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.decision]),
    [['decided', 'deny']],
  );
});

test('the log that several commands wrote verifies with `iddio audit verify`', async () => {
  const home = homeWithPolicy(INBOX_1S);
  const codes: Array<number | null> = [];
  for (const args of [['get', 'ns'], ['delete', 'pod', 'x', '-n', 'payments'], ['version']]) {
    codes.push((await kubectl(args, { IDDIO_HOME: home })).code);
  }
  assert.deepEqual(codes, [0, 4, 0], 'read, an unanswered T3 delete, version');
  const verify = await runIddio(['audit', 'verify'], { env: { IDDIO_HOME: home } });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const log = readNdjson<LoggedEvent>(join(home, 'audit', 'audit.ndjson'));
  assert.ok(log.length >= 5, `expected at least 5 events, got ${log.length}`);
});

test('a reader that closes early (| head) gets no stack trace, and completed is still recorded', async () => {
  const home = tempDir();
  const child = spawn(process.execPath, [BIN, 'kubectl', 'get', '--raw', '/openapi/v3/api/v1'], {
    env: {
      ...process.env,
      KUBECONFIG: sandbox.kubeconfigPath,
      IDDIO_HOME: home,
      IDDIO_AGENT: 'test-agent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
  assert.equal(code, 0);
  const events = readNdjson<LoggedEvent>(join(home, 'audit', 'audit.ndjson'));
  assert.deepEqual(
    events.map((e) => e.stage),
    ['decided', 'completed'],
  );
});

test('a call that fails inside the executor still leaves a completed event, and one clear line', async () => {
  const run = await kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/a b']);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.exit_code]),
    [
      ['decided', undefined],
      ['completed', 1],
    ],
  );
});

test('Ctrl-C during execution exits 130 and records completed with exit code 130', async () => {
  const home = tempDir();
  const child = spawn(
    process.execPath,
    [BIN, 'kubectl', 'logs', '-f', 'deploy/api', '-n', 'payments'],
    {
      env: {
        ...process.env,
        KUBECONFIG: sandbox.kubeconfigPath,
        IDDIO_HOME: home,
        IDDIO_AGENT: 'test-agent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.once('data', () => child.kill('SIGINT'));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130);
  const events = readNdjson<LoggedEvent>(join(home, 'audit', 'audit.ndjson'));
  assert.deepEqual(
    events.map((e) => [e.stage, e.exit_code]),
    [
      ['decided', undefined],
      ['completed', 130],
    ],
  );
});

test('a malformed kubeconfig is a recorded refusal in kubectl words, and nothing is sent', async () => {
  const home = tempDir();
  const broken = join(home, 'broken.kubeconfig');
  writeFileSync(broken, 'clusters: [unclosed\n');
  const run = await kubectl(['get', 'pods'], { IDDIO_HOME: home, KUBECONFIG: broken });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: error loading config file ".*broken\.kubeconfig"/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.deepEqual(
    run.events.map((e) => [e.stage, e.decision]),
    [['decided', 'deny']],
  );
});

test('the kubeconfig is read once: a file that changes after the decision cannot move the command', async () => {
  const home = homeWithPolicy(WRITES_ALLOWED);
  const original = readFileSync(sandbox.kubeconfigPath, 'utf8');
  const inStaging = original.replaceAll('namespace: default', 'namespace: staging');
  const inKubeSystem = original.replaceAll('namespace: default', 'namespace: kube-system');
  const fifo = join(home, 'kubeconfig.fifo');
  // Serves the staging context to the first reader and kube-system to any second one.
  const feeder = changingFifo(fifo, inStaging, inKubeSystem);
  try {
    const run = await kubectl(['label', 'pods', '--all', 'iddio-race=yes'], {
      IDDIO_HOME: home,
      KUBECONFIG: fifo,
    });
    assert.equal(run.code, 0, run.stderr);
    const decided = run.events.find((e) => e.stage === 'decided') as LoggedEvent & {
      namespace?: string;
    };
    assert.equal(decided.namespace, 'staging');
    const prefix = decided.request_id.replace('_', '-');
    const paths = readNdjson<{ auditID: string; requestURI: string }>(sandbox.auditLogPath)
      .filter((e) => e.auditID.startsWith(prefix))
      .map((e) => e.requestURI);
    assert.ok(
      paths.some((p) => p.includes('/namespaces/staging/')),
      paths.join('\n'),
    );
    assert.ok(!paths.some((p) => p.includes('kube-system')), paths.join('\n'));
  } finally {
    feeder.stop();
  }
});

test('manifests are read once: what was classified is what is sent, even from a FIFO that changes', async () => {
  const home = homeWithPolicy(WRITES_ALLOWED);
  const fifo = join(home, 'manifest.yaml');
  const feeder = changingFifo(
    fifo,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: race-cm, namespace: staging }\ndata: { k: v }\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: pwned-by-fifo }\n',
  );
  try {
    const run = await kubectl(['apply', '-f', fifo], { IDDIO_HOME: home });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'configmap/race-cm created\n');
    const namespaces = await kubectl(['get', 'namespaces', '-o', 'name']);
    assert.doesNotMatch(namespaces.stdout, /pwned-by-fifo/);
  } finally {
    feeder.stop();
  }
});

test('apply -R of a directory runs from the classified snapshot', async () => {
  const home = homeWithPolicy(WRITES_ALLOWED);
  const dir = join(home, 'manifests');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  writeFileSync(
    join(dir, 'one.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: snap-one, namespace: staging }\n',
  );
  writeFileSync(
    join(dir, 'nested', 'two.json'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'snap-two', namespace: 'staging' },
    }),
  );
  writeFileSync(join(dir, 'README.md'), 'not a manifest');
  const run = await kubectl(['apply', '-R', '-f', dir], { IDDIO_HOME: home });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'configmap/snap-two created\nconfigmap/snap-one created\n');
});

test('a poisoned discovery cache cannot redirect a classified type: the command is refused', async () => {
  const home = tempDir();
  const warm = await kubectl(['get', 'configmaps', '-n', 'payments', '-o', 'name'], {
    IDDIO_HOME: home,
  });
  assert.equal(warm.code, 0, warm.stderr);
  // The agent can write $IDDIO_HOME/cache: make "configmap" a short name of secrets.
  const cacheRoot = join(home, 'cache', 'discovery');
  const [server] = readdirSync(cacheRoot);
  const cacheFile = join(cacheRoot, server ?? '', 'discovery.json');
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
    resources: Array<{ name: string; group: string; shortNames: string[] }>;
  };
  const secrets = cache.resources.find((r) => r.name === 'secrets' && r.group === '');
  assert.ok(secrets);
  secrets.shortNames.push('configmap', 'configmaps');
  writeFileSync(cacheFile, JSON.stringify(cache));

  const run = await kubectl(['get', 'configmap', '-n', 'payments'], { IDDIO_HOME: home });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.match(
    run.stderr,
    /means secrets on this cluster, but it was classified as configmaps; refusing/,
  );
  assert.equal(run.stdout, '');
  const requestId = run.events.at(-1)?.request_id ?? '';
  const sent = readNdjson<{ auditID: string; requestURI: string }>(sandbox.auditLogPath).filter(
    (e) => e.auditID.startsWith(requestId.replace('_', '-')),
  );
  assert.ok(!sent.some((e) => e.requestURI.includes('/secrets')), 'no secret was read');
});

test('apply -k runs through the pipeline, and a manifest the two YAML readings disagree on is refused', async () => {
  const home = homeWithPolicy(WRITES_ALLOWED);
  const kdir = join(home, 'k');
  mkdirSync(kdir);
  writeFileSync(join(kdir, 'kustomization.yaml'), 'resources: [cm.yaml]\nnamespace: staging\n');
  writeFileSync(
    join(kdir, 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: from-kustomize }\n',
  );
  const applied = await kubectl(['apply', '-k', kdir], { IDDIO_HOME: home });
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal(applied.stdout, 'configmap/from-kustomize created\n');

  // `name: y` is the string "y" in YAML 1.2 (the classifier) but true in YAML 1.1 (kubectl).
  const ambiguous = join(home, 'ambiguous.yaml');
  writeFileSync(
    ambiguous,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: y, namespace: staging }\n',
  );
  const refused = await kubectl(['apply', '-f', ambiguous], { IDDIO_HOME: home });
  assert.equal(refused.code, 3, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /differ from the ones classified; refusing/);
});
