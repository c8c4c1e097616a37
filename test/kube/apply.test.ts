/**
 * Differential tests for the manifest verbs (apply -f/-k, create -f, replace -f, delete -f)
 * and the create deployment|serviceaccount|job generators: every command runs through the
 * real kubectl 1.32.3 against one sandbox and through iddio's executor against a second one
 * started from the same seed, in order; stdout, stderr and the exit code must be identical
 * after normalising timestamps, ages and generated UIDs. The match rate is printed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { goJson } from '../../src/kube/apply/go-json.js';
import { threeWayPatch } from '../../src/kube/apply/three-way.js';
import { executeInvocation } from '../../src/kube/index.js';
import { withLastApplied } from '../../src/kube/verbs/apply.js';
import { nodeIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

const dir = tempDir('iddio-apply-');
const f = (name: string): string => join(dir, name);

function deployment(image: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web${extra}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;
}
const cm = (name: string, data: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${data}\n`;

function writeManifests(): void {
  writeFileSync(f('dep.yaml'), deployment('nginx:1.25'));
  writeFileSync(f('dep-v2.yaml'), deployment('nginx:1.26', '\n    tier: front'));
  // v3: a label dropped, a second container and an env var added.
  writeFileSync(
    f('dep-v3.yaml'),
    `${deployment('nginx:1.26')}        env:\n        - name: MODE\n          value: prod\n      - name: side\n        image: busybox\n`,
  );
  writeFileSync(f('multi.yaml'), `${cm('m1', 'a: "1"')}---\n${cm('m2', 'b: "2"')}`);
  writeFileSync(
    f('list.json'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l1' }, data: { x: 'y' } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'l2' } },
      ],
    }),
  );
  mkdirSync(f('dir'));
  writeFileSync(f('dir/a.yaml'), cm('d1', 'k: v'));
  writeFileSync(
    f('dir/b.yml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: dsvc\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n',
  );
  writeFileSync(f('dir/ignored.txt'), 'not a manifest');
  mkdirSync(f('kust'));
  writeFileSync(f('kust/kustomization.yaml'), 'resources:\n- cm.yaml\n- sa.yaml\n');
  writeFileSync(f('kust/cm.yaml'), cm('k1', 'z: "9"'));
  writeFileSync(
    f('kust/sa.yaml'),
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ksa\n',
  );
  writeFileSync(f('c.yaml'), cm('c1', 'a: "1"'));
  writeFileSync(f('c-v2.yaml'), cm('c1', 'a: "2"'));
  writeFileSync(f('missing.yaml'), cm('nosuch', 'a: "1"'));
  writeFileSync(f('new.yaml'), cm('fresh', 'a: "1"'));
  writeFileSync(
    f('ns.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pinned\n  namespace: kube-system\n',
  );
  writeFileSync(
    f('cm-ns.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: kube-system\n  labels:\n    a: b\n  annotations:\n    note: "<&>"\ndata:\n  n: "1"\n',
  );
  mkdirSync(f('tree/sub'), { recursive: true });
  writeFileSync(f('tree/top.yaml'), cm('t1', 'a: "1"'));
  writeFileSync(
    f('tree/sub/deep.json'),
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 't2' } }),
  );
  const svc = (ports: string): string =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: front\n  labels:\n    app: front\nspec:\n  selector:\n    app: front\n  ports:\n${ports}`;
  writeFileSync(
    f('svc.yaml'),
    svc('  - name: http\n    port: 80\n    targetPort: 8080\n  - name: https\n    port: 443\n'),
  );
  writeFileSync(f('svc-v2.yaml'), svc('  - name: http\n    port: 80\n    targetPort: 9090\n'));
  writeFileSync(
    f('gen.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gen\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: gen\n  template:\n    metadata:\n      labels:\n        app: gen\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n',
  );
  const strat = (type: string): string =>
    deployment('nginx:1.25')
      .replace('name: web', 'name: strat')
      .replace('  replicas: 2\n', `  replicas: 2\n  strategy:\n    type: ${type}\n`);
  writeFileSync(f('strat-1.yaml'), strat('RollingUpdate'));
  writeFileSync(f('strat-2.yaml'), strat('Recreate'));
  writeFileSync(
    f('crd.yaml'),
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\nspec:\n  group: example.com\n  names:\n    kind: Gadget\n    plural: gadgets\n    singular: gadget\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        x-kubernetes-preserve-unknown-fields: true\n',
  );
  writeFileSync(
    f('widget.yaml'),
    'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec:\n  size: 1\n',
  );
  writeFileSync(
    f('invalid.yaml'),
    deployment('nginx:1.25')
      .replace('name: web', 'name: neg')
      .replace('replicas: 2', 'replicas: -1'),
  );
  writeFileSync(f('unknown-field.yaml'), `${cm('uf', 'a: "1"')}bogus: true\n`);
  writeFileSync(
    f('two-bad.yaml'),
    `${cm('tb1', 'a: "1"')}bogus: 1\n---\n${cm('tb2', 'a: "1"')}---\n${cm('tb3', 'a: "1"')}bogus: 2\n`,
  );
  writeFileSync(f('noname.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n');
  writeFileSync(
    f('namespace.yaml'),
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n',
  );
  writeFileSync(
    f('secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ntype: Opaque\nstringData:\n  user: admin\ndata:\n  pw: cGFzcw==\n',
  );
  mkdirSync(f('kust-ns'));
  writeFileSync(f('kust-ns/kustomization.yaml'), 'namespace: kube-system\nresources:\n- cm.yaml\n');
  writeFileSync(f('kust-ns/cm.yaml'), cm('kk', 'a: "1"'));
  writeFileSync(f('bad.yaml'), 'apiVersion: v1\nmetadata:\n  name: nokind\n');
  writeFileSync(
    f('unknown.yaml'),
    'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
  );
}

interface Case {
  argv: string[];
  stdin?: string;
}

const CASES: Case[] = [
  { argv: ['apply', '-f', f('dep.yaml')] },
  { argv: ['apply', '-f', f('dep.yaml')] },
  { argv: ['apply', '-f', f('dep-v2.yaml')] },
  { argv: ['apply', '-f', f('dep-v2.yaml'), '-o', 'name'] },
  { argv: ['apply', '-f', f('dep.yaml'), '--dry-run=client'] },
  { argv: ['apply', '-f', f('dep.yaml'), '--dry-run=server'] },
  { argv: ['apply', '-f', f('dep-v2.yaml'), '--dry-run=server'] },
  { argv: ['apply', '-f', f('dep-v3.yaml')] },
  { argv: ['apply', '-f', f('dep-v3.yaml')] },
  { argv: ['get', 'deploy', 'web', '-o', 'yaml'] },
  { argv: ['apply', '-f', f('dep.yaml')] },
  { argv: ['get', 'deploy', 'web', '-o', 'yaml'] },
  { argv: ['apply', '-f', f('dir')] },
  { argv: ['apply', '-f', f('dir')] },
  { argv: ['apply', '-f', f('multi.yaml')] },
  { argv: ['apply', '-f', '-'], stdin: cm('s1', 'from: stdin') },
  { argv: ['apply', '-f', '-'], stdin: cm('s1', 'from: stdin') },
  { argv: ['apply', '-f', f('list.json')] },
  { argv: ['apply', '-f', f('list.json'), '--validate=false'] },
  { argv: ['apply', '-f', f('list.json'), '--validate=false'] },
  { argv: ['apply', '-k', f('kust')] },
  { argv: ['apply', '-k', f('kust')] },
  { argv: ['apply', '-f', f('new.yaml'), '--dry-run=client'] },
  { argv: ['apply', '-f', f('new.yaml'), '--dry-run=server'] },
  { argv: ['get', 'cm', 'fresh'] },
  { argv: ['create', '-f', f('c.yaml')] },
  { argv: ['create', '-f', f('c.yaml')] },
  { argv: ['create', '-f', f('multi.yaml')] },
  { argv: ['apply', '-f', f('c.yaml')] },
  { argv: ['replace', '-f', f('c-v2.yaml')] },
  { argv: ['replace', '-f', f('c-v2.yaml'), '-o', 'name'] },
  { argv: ['replace', '-f', f('missing.yaml')] },
  { argv: ['get', 'cm', 'c1', '-o', 'yaml'] },
  { argv: ['delete', '-f', f('c.yaml')] },
  { argv: ['delete', '-f', f('c.yaml')] },
  { argv: ['delete', '-f', f('dir')] },
  { argv: ['create', 'deployment', 'd1', '--image=nginx', '--replicas=2'] },
  { argv: ['create', 'deployment', 'd1', '--image=nginx'] },
  {
    argv: [
      'create',
      'deployment',
      'd2',
      '--image=registry.io/team/app:1.0',
      '-o',
      'yaml',
      '--dry-run=client',
    ],
  },
  { argv: ['create', 'deployment', 'd3', '--image=nginx', '-o', 'json', '--dry-run=client'] },
  { argv: ['create', 'deployment', 'd4'] },
  { argv: ['create', 'serviceaccount', 'sa1'] },
  { argv: ['create', 'sa', 'sa2', '-o', 'name'] },
  { argv: ['create', 'serviceaccount', 'sa3', '-o', 'yaml', '--dry-run=client'] },
  { argv: ['create', 'job', 'j1', '--image=busybox'] },
  {
    argv: [
      'create',
      'job',
      'j2',
      '--image=busybox',
      '-o',
      'json',
      '--dry-run=client',
      '--',
      'echo',
      'hi',
    ],
  },
  { argv: ['create', 'job', 'j3'] },
  { argv: ['apply', '-f', f('bad.yaml')] },
  { argv: ['apply', '-f', f('unknown.yaml')] },
  { argv: ['apply', '-f', f('nothere.yaml')] },
  { argv: ['apply'] },
  { argv: ['create', '-f', f('bad.yaml')] },
  { argv: ['create', '-f', f('new.yaml'), '-o', 'name', '--dry-run=server'] },
  { argv: ['create', '-f', f('new.yaml'), '--dry-run=client'] },
  { argv: ['apply', '-f', f('dep.yaml'), '-n', 'kube-system'] },
  { argv: ['apply', '-f', f('ns.yaml'), '-n', 'default'] },
  { argv: ['apply', '-f', f('ns.yaml')] },
  { argv: ['apply', '-R', '-f', f('tree')] },
  { argv: ['apply', '-f', f('tree')] },
  { argv: ['apply', '-f', f('svc.yaml')] },
  { argv: ['apply', '-f', f('svc-v2.yaml')] },
  { argv: ['get', 'svc', 'front', '-o', 'yaml'] },
  { argv: ['create', 'deployment', 'gen', '--image=nginx:1.25'] },
  { argv: ['apply', '-f', f('gen.yaml')] },
  { argv: ['apply', '-f', f('gen.yaml')] },
  { argv: ['get', 'deploy', 'gen', '-o', 'yaml'] },
  { argv: ['replace', '-f', f('new.yaml'), '--dry-run=server'] },
  { argv: ['delete', '-f', '-'], stdin: cm('s1', 'from: stdin') },
  { argv: ['delete', '-k', f('kust'), '--ignore-not-found'] },
  { argv: ['apply', '-f', f('strat-1.yaml')] },
  { argv: ['apply', '-f', f('strat-1.yaml')] },
  { argv: ['apply', '-f', f('strat-2.yaml')] },
  { argv: ['get', 'deploy', 'strat', '-o', 'jsonpath={.spec.strategy}'] },
  { argv: ['apply', '-f', f('strat-1.yaml')] },
  { argv: ['get', 'deploy', 'strat', '-o', 'jsonpath={.spec.strategy}'] },
  { argv: ['apply', '-f', f('crd.yaml')] },
  { argv: ['apply', '-f', f('widget.yaml')] },
  { argv: ['apply', '-f', f('invalid.yaml')] },
  { argv: ['apply', '-f', f('unknown-field.yaml')] },
  { argv: ['apply', '-f', f('unknown-field.yaml'), '--validate=false'] },
  { argv: ['create', '-f', f('invalid.yaml')] },
  { argv: ['apply', '-f', f('two-bad.yaml')] },
  { argv: ['apply', '-f', f('noname.yaml')] },
  { argv: ['create', '-f', f('noname.yaml')] },
  { argv: ['delete', '-f', f('noname.yaml')] },
  { argv: ['scale', 'deploy', 'web', '--replicas=5'] },
  { argv: ['label', 'deploy', 'web', 'owner=ops'] },
  { argv: ['apply', '-f', f('dep.yaml')] },
  { argv: ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.labels}'] },
  { argv: ['apply', '-f', f('namespace.yaml')] },
  { argv: ['apply', '-f', f('namespace.yaml')] },
  { argv: ['apply', '-f', f('secret.yaml')] },
  { argv: ['apply', '-f', f('secret.yaml')] },
  { argv: ['apply', '-k', f('kust-ns')] },
  { argv: ['get', 'cm', 'kk', '-n', 'kube-system', '-o', 'name'] },
  { argv: ['apply', '-f', f('cm-ns.yaml')] },
  { argv: ['get', 'cm', '-n', 'kube-system', 'other', '-o', 'yaml'] },
];

/** Timestamps, ages and server-generated UIDs differ between two sandboxes. */
function normalise(text: string): string {
  return text
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uid>')
    .replace(/\b\d+[smhdy](?:\d+[smhd])?\b/g, '<age>');
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The executor as the pipeline runs it: stdin read once and passed in as bytes. */
async function viaIddio(
  c: Case,
  sandbox: Sandbox,
  home: string,
  cacheDir: string,
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().setEncoding('utf8');
  const err = new PassThrough().setEncoding('utf8');
  out.on('data', (chunk: string) => (stdout += chunk));
  err.on('data', (chunk: string) => (stderr += chunk));
  // The parser validates manifests itself; the executor's own checks are what is tested here,
  // so the parser sees empty files.
  // So it has no classified objects to cross-check the executor's against (the pipeline
  // always does; test/pipeline covers that).
  const io = { ...nodeIo(() => c.stdin ?? ''), readFile: () => '', exists: () => true };
  const { manifests: _classified, ...invocation } = parseKubectlArgv(c.argv, io);
  const result = await executeInvocation(invocation, {
    requestId: newRequestId(),
    agent: 'test-agent',
    version: '0.1.0',
    stdout: out,
    stderr: err,
    stdin: c.stdin === undefined ? undefined : Buffer.from(c.stdin),
    cacheDir,
    env: { HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code: result.exitCode, stdout, stderr };
}

describe('manifest verbs vs kubectl 1.32.3 (differential)', () => {
  let left: Sandbox;
  let right: Sandbox;
  before(async () => {
    writeManifests();
    [left, right] = await Promise.all([startSandbox(), startSandbox()]);
  });
  after(async () => {
    await Promise.all([left.stop(), right.stop()]);
  });

  it(`${CASES.length} commands in order, identical output`, async () => {
    const home = tempDir('iddio-apply-home-');
    const cacheDir = tempDir('iddio-apply-cache-');
    const mismatches: string[] = [];
    for (const c of CASES) {
      const [real, ours] = await Promise.all([
        runProcess(kubectlPath(), c.argv, {
          env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: left.kubeconfigPath },
          input: c.stdin,
        }),
        viaIddio(c, right, home, cacheDir),
      ]);
      const parts: string[] = [];
      if (real.code !== ours.code) parts.push(`exit ${real.code} vs ${ours.code}`);
      if (normalise(real.stdout) !== normalise(ours.stdout))
        parts.push(`stdout\n--- kubectl\n${real.stdout}--- iddio\n${ours.stdout}`);
      if (normalise(real.stderr) !== normalise(ours.stderr))
        parts.push(`stderr\n--- kubectl\n${real.stderr}--- iddio\n${ours.stderr}`);
      if (parts.length > 0) mismatches.push(`${c.argv.join(' ')}: ${parts.join('\n')}`);
    }
    const matched = CASES.length - mismatches.length;
    console.log(
      `apply/create/replace/delete -f: ${matched}/${CASES.length} commands identical to kubectl 1.32.3 (${((100 * matched) / CASES.length).toFixed(1)}%)`,
    );
    assert.deepEqual(mismatches, []);
  });
});

describe('apply three-way patch (pure)', () => {
  const meta = { name: 'x', namespace: 'default' };
  const dep = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: { template: { spec: { containers } }, ...extra },
  });

  it('is empty when the live object only adds defaults', () => {
    const applied = dep([{ name: 'a', image: 'i' }]);
    const live = dep([{ name: 'a', image: 'i', imagePullPolicy: 'Always' }], { replicas: 1 });
    assert.deepEqual(threeWayPatch(applied, applied, live, 'Deployment', 'apps').patch, {});
  });

  it('merges containers by name, deletes removed ones and orders them', () => {
    const original = dep([
      { name: 'a', image: 'i' },
      { name: 'b', image: 'j' },
    ]);
    const modified = dep([{ name: 'a', image: 'k' }]);
    const { patch, contentType } = threeWayPatch(
      original,
      modified,
      original,
      'Deployment',
      'apps',
    );
    assert.equal(contentType, 'application/strategic-merge-patch+json');
    assert.deepEqual(patch, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }],
            containers: [
              { $patch: 'delete', name: 'b' },
              { image: 'k', name: 'a' },
            ],
          },
        },
      },
    });
  });

  it('nulls a field dropped from the manifest but keeps fields others set', () => {
    const original = { kind: 'ConfigMap', metadata: meta, data: { a: '1', b: '2' } };
    const modified = { kind: 'ConfigMap', metadata: meta, data: { a: '1' } };
    const live = { kind: 'ConfigMap', metadata: meta, data: { a: '1', b: '2', c: '3' } };
    assert.deepEqual(threeWayPatch(original, modified, live, 'ConfigMap', '').patch, {
      data: { b: null },
    });
  });

  it('replaces lists whole for kinds outside the built-in groups (JSON merge patch)', () => {
    const original = { kind: 'W', metadata: meta, spec: { tags: ['a', 'b'] } };
    const modified = { kind: 'W', metadata: meta, spec: { tags: ['a'] } };
    const result = threeWayPatch(original, modified, original, 'W', 'example.com');
    assert.equal(result.contentType, 'application/merge-patch+json');
    assert.deepEqual(result.patch, { spec: { tags: ['a'] } });
  });

  it('lists the kept keys of a changed Deployment strategy ($retainKeys)', () => {
    const original = dep([], { strategy: { type: 'RollingUpdate' } });
    const modified = dep([], { strategy: { type: 'Recreate' } });
    const live = dep([], { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } });
    assert.deepEqual(threeWayPatch(original, modified, live, 'Deployment', 'apps').patch, {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
  });

  it('serialises the annotation as Go does: sorted keys, HTML escaped, trailing newline', () => {
    assert.equal(
      goJson({ b: '<&>', a: [1, 2.5, null, true] }),
      '{"a":[1,2.5,null,true],"b":"\\u003c\\u0026\\u003e"}\n',
    );
    const annotated = withLastApplied({ kind: 'ConfigMap', metadata: { name: 'c' } });
    const value = (annotated.metadata as { annotations: Record<string, string> }).annotations[
      'kubectl.kubernetes.io/last-applied-configuration'
    ];
    assert.equal(value, '{"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}}\n');
  });
});
