/**
 * The real kubectl v1.32.3 against the sandbox, with its defaults (no --validate=false):
 * what a newcomer types, and what the seed data predicts it prints.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

let sandbox: Sandbox;
let home: string;
const KUBECTL = kubectlPath();

before(async () => {
  sandbox = await startSandbox();
  home = tempDir('iddio-kubectl-home-');
});
after(async () => {
  await sandbox.stop();
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      args,
      {
        env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
        timeout: 20_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await kubectl(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function manifest(name: string, text: string): string {
  const dir = join(home, 'manifests');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

type Obj = Record<string, unknown>;

describe('kubectl get', () => {
  it('lists pods in all namespaces with server-side columns', async () => {
    const out = await ok('get', 'pods', '-A');
    const lines = out.trim().split('\n');
    assert.match(lines[0] ?? '', /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const rows = lines.slice(1);
    assert.equal(rows.length, 9); // toolbox + coredns×2 + api×3 + worker×2 + web×1
    assert.ok(rows.every((r) => /\sRunning\s/.test(r)));
    assert.equal(
      rows.filter((r) => /^payments\s+api-[a-z0-9]{10}-[a-z0-9]{5}\s+1\/1\s/.test(r)).length,
      3,
    );
    assert.equal(
      rows.filter((r) => /^payments\s+worker-\S+\s+2\/2\s+Running\s+2 \(/.test(r)).length,
      2,
    );
  });

  it('prints wide, json, yaml, name and jsonpath', async () => {
    const wide = await ok('get', 'pods', '-n', 'payments', '-o', 'wide');
    assert.match(wide.split('\n')[0] ?? '', /IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    assert.match(wide, /sandbox-worker/);
    const json = JSON.parse(await ok('get', 'deployments', '-n', 'payments', '-o', 'json')) as Obj;
    assert.equal(json.kind, 'List');
    const items = json.items as Obj[];
    assert.deepEqual(
      items.map((d) => (d.metadata as Obj).name),
      ['api', 'worker'],
    );
    assert.equal((items[0]?.status as Obj).readyReplicas, 3);
    const yaml = await ok('get', 'service', 'api', '-n', 'payments', '-o', 'yaml');
    assert.match(yaml, /^kind: Service$/m);
    assert.match(yaml, /port: 80$/m);
    const names = await ok('get', 'namespaces', '-o', 'name');
    assert.deepEqual(names.trim().split('\n'), [
      'namespace/default',
      'namespace/kube-system',
      'namespace/payments',
      'namespace/staging',
    ]);
    const images = await ok(
      'get',
      'deploy',
      '-A',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.template.spec.containers[0].image}{"\\n"}{end}',
    );
    assert.match(images, /^api=ghcr\.io\/example\/payments-api:1\.4\.2$/m);
    assert.match(images, /^web=nginx:1\.27$/m);
  });

  it('gets nodes and services, filters with -l', async () => {
    const nodes = await ok('get', 'nodes');
    assert.match(nodes, /^sandbox-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.3$/m);
    assert.equal(nodes.trim().split('\n').length, 4);
    const svc = await ok('get', 'svc', '-A');
    assert.match(svc, /^default\s+kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/m);
    assert.match(svc, /^staging\s+web\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP/m);
    const workers = await ok('get', 'pods', '-n', 'payments', '-l', 'app=worker', '-o', 'name');
    assert.equal(workers.trim().split('\n').length, 2);
    assert.ok(
      workers
        .trim()
        .split('\n')
        .every((l) => l.startsWith('pod/worker-')),
    );
    const none = await kubectl('get', 'pods', '-n', 'payments', '-l', 'app=nothing');
    assert.equal(none.code, 0);
    assert.match(none.stderr, /No resources found in payments namespace\./);
  });

  it('fails like kubectl on a missing object', async () => {
    const r = await kubectl('get', 'deployment', 'ghost', '-n', 'payments');
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (NotFound): deployments.apps "ghost" not found',
    );
  });
});

describe('kubectl describe', () => {
  it('describes a pod with its events', async () => {
    const out = await ok('describe', 'pod', 'toolbox');
    assert.match(out, /^Name:\s+toolbox$/m);
    assert.match(out, /^Status:\s+Running$/m);
    assert.match(out, /Successfully assigned default\/toolbox to sandbox-worker/);
  });

  it('describes a deployment with its replica set', async () => {
    const out = await ok('describe', 'deployment', 'api', '-n', 'payments');
    assert.match(
      out,
      /^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m,
    );
    assert.match(out, /^NewReplicaSet:\s+api-[a-z0-9]+ \(3\/3 replicas created\)$/m);
  });
});

describe('kubectl writes', () => {
  const deployment = (replicas: number, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: e2e
  namespace: staging
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: e2e } }
  template:
    metadata: { labels: { app: e2e } }
    spec:
      containers:
        - name: app
          image: ${image}
`;

  it('creates from a file', async () => {
    const path = manifest(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e2e-config\n  namespace: staging\ndata:\n  a: "1"\n',
    );
    assert.equal((await ok('create', '-f', path)).trim(), 'configmap/e2e-config created');
    const again = await kubectl('create', '-f', path);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /AlreadyExists/);
  });

  it('creates with the typed subcommands (protobuf request bodies)', async () => {
    assert.equal((await ok('create', 'namespace', 'typed')).trim(), 'namespace/typed created');
    assert.equal(
      (await ok('create', 'configmap', 'cfg', '-n', 'typed', '--from-literal=a=1')).trim(),
      'configmap/cfg created',
    );
    assert.equal(
      (
        await ok('create', 'secret', 'generic', 'sec', '-n', 'typed', '--from-literal=pw=s3cret')
      ).trim(),
      'secret/sec created',
    );
    assert.equal(
      (
        await ok('create', 'deployment', 'dep', '-n', 'typed', '--image=nginx:1.27', '--replicas=2')
      ).trim(),
      'deployment.apps/dep created',
    );
    const cfg = await ok('get', 'configmap', 'cfg', '-n', 'typed', '-o', 'jsonpath={.data.a}');
    assert.equal(cfg, '1');
    const secret = await ok('get', 'secret', 'sec', '-n', 'typed', '-o', 'jsonpath={.data.pw}');
    assert.equal(Buffer.from(secret, 'base64').toString('utf8'), 's3cret');
    const ready = await ok(
      'get',
      'deployment',
      'dep',
      '-n',
      'typed',
      '-o',
      'jsonpath={.status.readyReplicas}',
    );
    assert.equal(ready, '2');
    const ing = await ok('create', 'ingress', 'web', '-n', 'typed', '--rule=web.example/*=dep:80');
    assert.equal(ing.trim(), 'ingress.networking.k8s.io/web created');
    const backend = await ok(
      'get',
      'ingress',
      'web',
      '-n',
      'typed',
      '-o',
      'jsonpath={.spec.rules[0].http.paths[0].backend.service.name}',
    );
    assert.equal(backend, 'dep');
    const hpa = await ok('autoscale', 'deployment', 'dep', '-n', 'typed', '--min=1', '--max=3');
    assert.equal(hpa.trim(), 'horizontalpodautoscaler.autoscaling/dep autoscaled');
  });

  it('applies: created, unchanged, configured', async () => {
    const path = manifest('deploy.yaml', deployment(2, 'nginx:1.27'));
    assert.equal((await ok('apply', '-f', path)).trim(), 'deployment.apps/e2e created');
    assert.equal((await ok('apply', '-f', path)).trim(), 'deployment.apps/e2e unchanged');
    writeFileSync(path, deployment(3, 'nginx:1.28'));
    assert.equal((await ok('apply', '-f', path)).trim(), 'deployment.apps/e2e configured');
    const pods = await ok(
      'get',
      'pods',
      '-n',
      'staging',
      '-l',
      'app=e2e',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    );
    assert.deepEqual(pods.trim().split(' '), ['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });

  it('scales', async () => {
    assert.equal(
      (await ok('scale', 'deployment', 'e2e', '-n', 'staging', '--replicas=5')).trim(),
      'deployment.apps/e2e scaled',
    );
    const pods = await ok('get', 'pods', '-n', 'staging', '-l', 'app=e2e', '-o', 'name');
    assert.equal(pods.trim().split('\n').length, 5);
  });

  it('restarts a rollout and waits for it', async () => {
    const before = await ok('get', 'rs', '-n', 'staging', '-l', 'app=e2e', '-o', 'name');
    assert.equal(
      (await ok('rollout', 'restart', 'deployment/e2e', '-n', 'staging')).trim(),
      'deployment.apps/e2e restarted',
    );
    const status = await ok(
      'rollout',
      'status',
      'deployment/e2e',
      '-n',
      'staging',
      '--timeout=15s',
    );
    assert.match(status, /deployment "e2e" successfully rolled out/);
    const after = await ok('get', 'rs', '-n', 'staging', '-l', 'app=e2e', '-o', 'name');
    assert.equal(after.trim().split('\n').length, before.trim().split('\n').length + 1);
  });

  it('labels, annotates and patches', async () => {
    assert.equal((await ok('label', 'pod', 'toolbox', 'env=dev')).trim(), 'pod/toolbox labeled');
    assert.equal(
      (await ok('annotate', 'pod', 'toolbox', 'owner=e2e')).trim(),
      'pod/toolbox annotated',
    );
    const shown = await ok(
      'get',
      'pod',
      'toolbox',
      '-o',
      'jsonpath={.metadata.labels.env}/{.metadata.annotations.owner}',
    );
    assert.equal(shown, 'dev/e2e');
    assert.equal(
      (
        await ok('patch', 'deployment', 'web', '-n', 'staging', '-p', '{"spec":{"replicas":2}}')
      ).trim(),
      'deployment.apps/web patched',
    );
    const replicas = await ok(
      'get',
      'deployment',
      'web',
      '-n',
      'staging',
      '-o',
      'jsonpath={.status.readyReplicas}',
    );
    assert.equal(replicas, '2');
  });

  it('deletes', async () => {
    assert.equal(
      (await ok('delete', 'configmap', 'e2e-config', '-n', 'staging')).trim(),
      'configmap "e2e-config" deleted',
    );
    assert.equal(
      (await ok('delete', 'deployment', 'e2e', '-n', 'staging')).trim(),
      'deployment.apps "e2e" deleted',
    );
    const left = await kubectl('get', 'pods', '-n', 'staging', '-l', 'app=e2e');
    assert.match(left.stderr, /No resources found/);
  });
});

describe('kubectl logs, auth, api-resources', () => {
  it('reads logs with --tail and -c', async () => {
    const out = await ok('logs', 'deployment/api', '-n', 'payments', '--tail=2');
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /container=api seq=20$/);
    const worker = (
      await ok(
        'get',
        'pods',
        '-n',
        'payments',
        '-l',
        'app=worker',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      )
    ).trim();
    const previous = await ok('logs', worker, '-n', 'payments', '-c', 'worker', '--previous');
    assert.match(previous, /exiting with status 1/);
  });

  it('answers auth can-i from the RBAC table', async () => {
    const yes = await kubectl('auth', 'can-i', 'delete', 'pods', '-n', 'payments');
    assert.equal(yes.code, 0);
    assert.equal(yes.stdout.trim(), 'yes');
    const no = await kubectl(
      'auth',
      'can-i',
      'delete',
      'pods',
      '--context',
      'iddio-sandbox-viewer',
    );
    assert.equal(no.code, 1);
    assert.equal(no.stdout.trim(), 'no');
  });

  it('lists api-resources from discovery', async () => {
    const out = await ok('api-resources');
    assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(
      out,
      /^selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview$/m,
    );
    assert.match(out, /^nodes\s+no\s+v1\s+false\s+Node$/m);
  });
});

describe('kubectl create token and certificate approve', () => {
  it('mints a service-account token the sandbox accepts as that account', async () => {
    const token = (await ok('create', 'token', 'api', '-n', 'payments')).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const who = await ok('auth', 'whoami', '--token', token);
    assert.match(who, /^Username\s+system:serviceaccount:payments:api$/m);
    const denied = await kubectl('get', 'pods', '-n', 'payments', '--token', token);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /Forbidden/);
  });

  it('approves a certificate signing request', async () => {
    const path = manifest(
      'csr.yaml',
      'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: { name: alice }\nspec:\n' +
        '  request: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==\n' +
        '  signerName: kubernetes.io/kube-apiserver-client\n  usages: [client auth]\n',
    );
    await ok('apply', '-f', path);
    assert.equal(
      (await ok('certificate', 'approve', 'alice')).trim(),
      'certificatesigningrequest.certificates.k8s.io/alice approved',
    );
    assert.equal(
      await ok('get', 'csr', 'alice', '-o', 'jsonpath={.status.conditions[0].type}'),
      'Approved',
    );
  });
});

describe('kubectl top and drain', () => {
  it('shows deterministic metrics with top', async () => {
    const pods = await ok('top', 'pods', '-n', 'payments');
    assert.match(pods.split('\n')[0] ?? '', /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.equal(pods.trim().split('\n').length, 1 + 3 + 2);
    assert.equal(await ok('top', 'pods', '-n', 'payments'), pods);
    const nodes = await ok('top', 'nodes');
    assert.match(nodes, /^sandbox-worker\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/m);
  });

  it('drains a node through evictions', async () => {
    const out = await ok(
      'drain',
      'sandbox-worker2',
      '--ignore-daemonsets',
      '--force',
      '--timeout=15s',
    );
    assert.match(out, /node\/sandbox-worker2 drained/);
    const nodes = await ok('get', 'pods', '-A', '-o', 'jsonpath={.items[*].spec.nodeName}');
    assert.ok(!nodes.split(' ').includes('sandbox-worker2'));
    const node = await ok('get', 'node', 'sandbox-worker2');
    assert.match(node, /Ready,SchedulingDisabled/);
  });
});
