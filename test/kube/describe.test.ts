/**
 * `iddio kubectl describe` against the real kubectl 1.32.3, on one sandbox: every case must
 * give identical stdout, stderr and exit code after normalising ages and timestamps. kubectl
 * prints a config map's and a secret's data in Go map order (random per run), so those blocks
 * are compared with their entries sorted. The match rate is printed; any mismatch fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { camelSplit, smartLabel } from '../../src/kube/describe/generic.js';
import { formatQuantity, parseQuantity, addQuantity } from '../../src/kube/describe/quantity.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { runExecutor } from './helpers.js';

const CASES: string[][] = [
  // pods
  ['describe', 'pod', 'toolbox'],
  ['describe', 'pods', '-n', 'payments'],
  ['describe', 'pod', '-n', 'payments', '-l', 'app=worker'],
  ['describe', 'po', '-n', 'kube-system'],
  ['describe', 'pods', '-A', '-l', 'app=api'],
  ['describe', 'pods', '-n', 'payments', 'api'], // no pod "api": prefix match
  ['describe', 'pod', 'toolbox', '--show-events=false'],
  // workloads
  ['describe', 'deploy', 'api', '-n', 'payments'],
  ['describe', 'deployments', '-A'],
  ['describe', 'deployment.apps/worker', '-n', 'payments', '--show-events=false'],
  ['describe', 'rs', '-n', 'payments'],
  ['describe', 'replicasets', '-n', 'staging', 'web'],
  // services (staging/web is left out: kubectl 1.32.3 crashes on it, see the compat doc)
  ['describe', 'svc', 'api', '-n', 'payments'],
  ['describe', 'svc', 'kubernetes'],
  ['describe', 'services', '-n', 'kube-system'],
  ['describe', 'deploy/api', 'svc/api', '-n', 'payments'],
  ['describe', 'endpoints', '-A'],
  ['describe', 'ep', 'api', '-n', 'payments'],
  // nodes and namespaces
  ['describe', 'nodes'],
  ['describe', 'node', 'sandbox-control-plane'],
  ['describe', 'no', 'sandbox-w'],
  ['describe', 'ns'],
  ['describe', 'namespace', 'payments'],
  ['describe', 'ns', '-l', 'team=web'],
  // config maps, secrets, service accounts
  ['describe', 'cm', '-n', 'payments'],
  ['describe', 'configmap', 'coredns', '-n', 'kube-system'],
  ['describe', 'cm', '-A'],
  ['describe', 'secret', 'api-credentials', '-n', 'payments'],
  ['describe', 'secrets', '-A'],
  ['describe', 'sa', '-A'],
  ['describe', 'serviceaccount', 'api', '-n', 'payments'],
  // the generic describer
  ['describe', 'events', '-n', 'default'],
  ['describe', 'ev', '-n', 'payments', '--show-events=false'],
  ['describe', 'crd'],
  // state changed by SETUP (below): old replica sets, long and multi-line annotations,
  // last-applied (hidden), binary data, a tab inside a value
  ['describe', 'deploy', 'web', '-n', 'staging'],
  ['describe', 'rs', '-n', 'staging'],
  ['describe', 'pod', 'toolbox', '-n', 'default'],
  ['describe', 'configmap', 'applied'],
  ['describe', 'deploy', 'api', '-n', 'payments'],
  ['describe', 'deploy', 'rich', '-n', 'staging'],
  ['describe', 'pods', '-n', 'staging', 'rich'],
  ['describe', 'replicaset', '-n', 'staging', '-l', 'app=rich'],
  ['describe', 'node', 'sandbox-worker2'],
  ['describe', 'crd', 'widgets.example.com'],
  ['describe', 'jobs', '-n', 'payments'],
  ['describe', 'sts', '-n', 'staging'],
  ['describe', 'daemonset', 'agent', '-n', 'staging'],
  ['describe', 'statefulsets,daemonsets', '-n', 'staging'],
  ['describe', 'all', '-n', 'payments'], // `all` includes cron jobs: none here, so nothing is refused
  ['describe', 'job', 'night', '-n', 'payments', '--show-events=false'],
  ['describe', 'customresourcedefinitions', 'widgets'],
  ['describe', 'sa', 'worker', '-n', 'payments'],
  ['describe', 'ns', 'staging'],
  // a read-only credential: Forbidden errors, and the reads kubectl tolerates failing
  ['describe', 'secret', 'api-credentials', '-n', 'payments', '--context', 'iddio-sandbox-viewer'],
  ['describe', 'sa', '-n', 'payments', '--context', 'iddio-sandbox-viewer'],
  ['describe', 'node', 'sandbox-worker', '--context', 'iddio-sandbox-viewer'],
  ['describe', 'pod', 'toolbox', '--context', 'iddio-sandbox-viewer'],
  // errors and empty results
  ['describe', 'pod', 'nope'],
  ['describe', 'pods', '-n', 'payments', 'apix'],
  ['describe', 'pod/nope', 'pod/toolbox'],
  ['describe', 'pod', 'nope', '-A'],
  ['describe', 'pods', 'toolbox', '-l', 'app=toolbox'],
  ['describe', 'pods', '-n', 'empty'],
  ['describe', 'deploy', '-A', '-l', 'app=nomatch'],
  ['describe'],
  ['describe', 'nopes'],
];

const APPLIED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: default
  labels: { app: applied }
data:
  tabbed: "v\\tw"
  multi: |
    one
    two
binaryData:
  bin: AAEC
`;

/** Init containers, probes, downward-API env, envFrom, volumes, tolerations, a set-based selector. */
const RICH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: rich
  namespace: staging
  labels: {app: rich}
spec:
  replicas: 1
  selector:
    matchLabels: {app: rich}
    matchExpressions:
      - {key: tier, operator: In, values: [web, api]}
  template:
    metadata:
      labels: {app: rich, tier: web}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations:
        - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
        - {operator: Exists}
        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
      initContainers:
        - name: init
          image: busybox
          command: [sh, -c, "echo hi"]
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - {containerPort: 80}
            - {containerPort: 443, hostPort: 8443}
          env:
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
            - {name: CFG, valueFrom: {configMapKeyRef: {name: web-config, key: x, optional: true}}}
            - {name: MULTI, value: "a\\nb"}
          envFrom:
            - {prefix: P_, secretRef: {name: web-tls}}
          livenessProbe:
            httpGet: {path: /healthz, port: 80}
          readinessProbe:
            tcpSocket: {port: 80}
            initialDelaySeconds: 5
          startupProbe:
            exec: {command: [cat, /tmp/ok]}
          resources:
            requests: {cpu: 250m, memory: 64Mi}
            limits: {cpu: "1", memory: 1Gi}
          volumeMounts:
            - {name: cfg, mountPath: /etc/cfg, readOnly: true}
            - {name: tmp, mountPath: /tmp, subPath: sub}
      volumes:
        - name: cfg
          configMap: {name: web-config}
        - name: tmp
          emptyDir: {}
        - name: sec
          secret: {secretName: web-tls}
        - name: host
          hostPath: {path: /var/log, type: Directory}
`;

/** Described by the generic describer: smart labels, nested maps and lists, last-applied hidden. */
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;

/** A stateful set with a claim template, and a daemon set. */
const SETS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: staging, labels: {app: db}}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres:16}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: staging}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: agent, image: fluent-bit:3}]
`;

/** A namespace's quota (the sandbox computes no usage) and limit range. */
const LIMITS = `apiVersion: v1
kind: ResourceQuota
metadata: { name: q1, namespace: staging }
spec:
  hard: { pods: "10", cpu: "4", requests.memory: 2Gi }
---
apiVersion: v1
kind: LimitRange
metadata: { name: lr, namespace: staging }
spec:
  limits:
    - type: Container
      default: { cpu: 500m }
      defaultRequest: { cpu: 100m }
      max: { cpu: "2" }
`;

/** Changes made with the real kubectl before the table runs; both sides then read the same state. */
const SETUP: Array<{ argv: string[]; input?: string }> = [
  { argv: ['set', 'image', 'deploy/web', '-n', 'staging', 'web=nginx:1.28'] },
  { argv: ['scale', 'deploy/api', '-n', 'payments', '--replicas=4'] },
  {
    argv: [
      'annotate',
      'pod',
      'toolbox',
      'multi=line1\nline2\n',
      `long=${'x'.repeat(150)}`,
      `mid=${'y'.repeat(120)}`,
      'short=ok',
    ],
  },
  { argv: ['apply', '-f', '-'], input: APPLIED },
  { argv: ['apply', '-f', '-'], input: RICH },
  { argv: ['apply', '-f', '-'], input: CRD },
  { argv: ['apply', '-f', '-'], input: SETS },
  { argv: ['apply', '-f', '-'], input: LIMITS },
  {
    argv: [
      'patch',
      'sa',
      'worker',
      '-n',
      'payments',
      '-p',
      '{"secrets":[{"name":"api-credentials"},{"name":"ghost"}],"imagePullSecrets":[{"name":"regcred"}]}',
    ],
  },
  { argv: ['create', 'job', 'nightly', '-n', 'payments', '--image=busybox', '--', 'true'] },
];

/** Ages ("3d", "(x2 over 3d)") and RFC 3339 times differ with wall time. */
function normaliseTime(text: string): string {
  return (
    text
      .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g, '<time>')
      .replace(/\b\d+[smhdy](?:\d+[smhd])?\b/g, '<age>')
      // An age's width moves the columns after it ("9s" → "10s"); only its value is normalised.
      .replace(/<age>( +)/g, '<age> ')
  );
}

/**
 * kubectl ranges over the Data map: its entries come out in a random order (a secret's
 * `key:  N bytes` lines, a config map's `KEY:\n----\nVALUE\n` records). Sort them.
 */
function sortDataBlocks(text: string): string {
  return text.replace(
    /(\nData\n====\n)([\s\S]*?)(?=\n\nBinaryData|\n\n\nName:|$)/g,
    (_all, head: string, body: string) => {
      const records = body.includes('\n----\n')
        ? body.split(/\n(?=[^\n]*:\n----\n)/)
        : body.split('\n');
      return head + records.sort().join(body.includes('\n----\n') ? '\n' : '\n');
    },
  );
}

const normalise = (text: string): string => sortDataBlocks(normaliseTime(text));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('iddio kubectl describe vs kubectl 1.32.3 (differential)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it(`${CASES.length} describe commands are identical`, async () => {
    const home = tempDir('iddio-describe-home-');
    const cacheDir = tempDir('iddio-describe-cache-');
    const env = { HOME: home, KUBECONFIG: sandbox.kubeconfigPath };
    for (const step of SETUP) {
      const done = await runProcess(kubectlPath(), step.argv, {
        env: { PATH: process.env.PATH, ...env },
        input: step.input,
      });
      assert.equal(done.code, 0, `${step.argv.join(' ')}: ${done.stderr}`);
    }
    const mismatches: string[] = [];
    let matched = 0;
    for (const argv of CASES) {
      const [real, ours] = await Promise.all([
        runProcess(kubectlPath(), argv, { env: { PATH: process.env.PATH, ...env } }),
        runExecutor(argv, { requestId: newRequestId(), cacheDir, env }).then((r): Outcome => ({
          code: r.exitCode,
          stdout: r.stdout,
          stderr: r.stderr,
        })),
      ]);
      const parts: string[] = [];
      if (real.code !== ours.code) parts.push(`exit ${real.code} vs ${ours.code}`);
      if (normalise(real.stdout) !== normalise(ours.stdout))
        parts.push(`stdout\n--- kubectl\n${real.stdout}--- iddio\n${ours.stdout}`);
      if (normalise(real.stderr) !== normalise(ours.stderr))
        parts.push(`stderr\n--- kubectl\n${real.stderr}--- iddio\n${ours.stderr}`);
      if (parts.length === 0) matched++;
      else mismatches.push(`${argv.join(' ')}: ${parts.join('\n')}`);
    }
    const rate = ((100 * matched) / CASES.length).toFixed(1);
    console.log(`describe: ${matched}/${CASES.length} identical to kubectl 1.32.3 (${rate}%)`);
    assert.deepEqual(mismatches, []);
    // The table must exercise real output, not only errors.
    assert.ok(matched >= 25);
  });

  it('strips terminal control sequences from cluster values (known difference 1)', async () => {
    const env = { HOME: tempDir('iddio-describe-home-'), KUBECONFIG: sandbox.kubeconfigPath };
    const hostile = '\u001b[31mred\u001b[0m\u0007';
    for (const argv of [
      ['create', 'configmap', 'hostile', '-n', 'staging', `--from-literal=k=${hostile}`],
      ['annotate', 'configmap', 'hostile', '-n', 'staging', `note=${hostile}`],
    ]) {
      const done = await runProcess(kubectlPath(), argv, {
        env: { PATH: process.env.PATH, ...env },
      });
      assert.equal(done.code, 0, done.stderr);
    }
    const argv = ['describe', 'configmap', 'hostile', '-n', 'staging'];
    const real = await runProcess(kubectlPath(), argv, { env: { PATH: process.env.PATH, ...env } });
    // kubectl shows the sequence (ESC as "^[", the BEL raw); iddio removes it whole.
    assert.ok(real.stdout.includes('[31mred'));
    assert.ok(real.stdout.includes('\u0007'));
    const ours = await runExecutor(argv, {
      requestId: newRequestId(),
      cacheDir: tempDir('iddio-describe-cache-'),
      env,
    });
    assert.equal(ours.exitCode, 0);
    assert.doesNotMatch(ours.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(ours.stdout, /^Annotations: +note: red$/m);
    assert.match(ours.stdout, /^----\nred\n/m);
  });

  it('hides secret values: only their decoded length is printed', async () => {
    const result = await runExecutor(['describe', 'secret', 'api-credentials', '-n', 'payments'], {
      requestId: newRequestId(),
      cacheDir: tempDir('iddio-describe-cache-'),
      env: { HOME: tempDir('iddio-describe-home-'), KUBECONFIG: sandbox.kubeconfigPath },
    });
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /^API_KEY: {6}16 bytes$/m);
    assert.doesNotMatch(result.stdout, /sandbox-key|not-a-real-password/);
  });

  it('refuses kinds whose kubectl describer iddio does not render, never approximating', async () => {
    const run = (argv: string[]) =>
      runExecutor(argv, {
        requestId: newRequestId(),
        cacheDir: tempDir('iddio-describe-cache-'),
        env: { HOME: tempDir('iddio-describe-home-'), KUBECONFIG: sandbox.kubeconfigPath },
      });
    // Named: refused before the object is read.
    const named = await run(['describe', 'clusterrole', 'view']);
    assert.equal(named.exitCode, 2);
    assert.equal(named.stdout, '');
    assert.equal(named.stderr, 'iddio: describe clusterroles is not supported yet\n');
    assert.ok(!named.apiRequests.some((r) => r.path.includes('clusterroles')));
    // Listed: refused once the list shows something to describe, before anything is printed.
    const listed = await run(['describe', 'endpointslices', '-n', 'payments']);
    assert.equal(listed.exitCode, 2);
    assert.equal(listed.stdout, '');
    assert.equal(listed.stderr, 'iddio: describe endpointslices is not supported yet\n');
  });
});

describe('describe helpers', () => {
  it('formats quantities as Go canonicalises them', () => {
    const q = (text: string) => parseQuantity(text);
    assert.equal(formatQuantity(q('100m')), '100m');
    assert.equal(formatQuantity(q('1500m')), '1500m');
    assert.equal(formatQuantity(q('2000m')), '2');
    assert.equal(formatQuantity(q('1000')), '1k');
    assert.equal(formatQuantity(q('8148228Ki')), '8148228Ki');
    assert.equal(
      formatQuantity(addQuantity(q('128Mi'), q('128Mi') ?? { nanos: 0n, format: 'DecimalSI' })),
      '256Mi',
    );
    assert.equal(formatQuantity(q('512')), '512');
    assert.equal(formatQuantity(undefined), '0');
  });

  it('splits camel case and builds smart labels as kubectl', () => {
    assert.deepEqual(camelSplit('HTTPServerURL'), ['HTTP', 'Server', 'URL']);
    assert.equal(smartLabel('apiVersion'), 'API Version');
    assert.equal(smartLabel('involvedObject'), 'Involved Object');
    assert.equal(smartLabel('resourceVersion'), 'Resource Version');
    assert.equal(smartLabel('uid'), 'UID');
    assert.equal(smartLabel('x509'), 'x509');
    assert.equal(
      smartLabel('x-kubernetes-preserve-unknown-fields'),
      'X - Kubernetes - Preserve - Unknown - Fields',
    );
  });
});
