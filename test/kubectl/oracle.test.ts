/**
 * The real kubectl 1.32.3 as an oracle for how an argv is read: `create configmap|secret
 * --dry-run=client -o jsonpath` runs offline and prints the namespace and name kubectl
 * parsed, which must be what iddio parsed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { kubectlPath } from '../helpers/kubectl.js';

const run = promisify(execFile);

const VARIANTS = [
  'create cm x -n a',
  'create cm -n a x',
  '-n a create cm x',
  '--namespace=a create cm x',
  '-na create configmap x',
  '-n=a create cm x',
  'create -n a cm x',
  'create -na cm x',
  'create cm x -n a -n b',
  'create cm x --namespace a --namespace=b',
  '-n a -n b create cm x',
  '-n a create cm x -n b',
  'create cm -n a x -- y z',
  'create cm x -n -A',
  '-v=0 -n a create cm x',
  '--v 0 --namespace a create configmap x',
  'create secret generic s -n a --from-literal=k=v',
  '--namespace a create secret generic s',
  'create secret -n a generic s',
  'create --namespace=a secret generic s',
  '--request-timeout 5s -n kube-system create cm x',
  'create cm x --from-literal=a=b -n=kube-system',
];

test('namespace and name are read as kubectl 1.32.3 reads them', async () => {
  const kubectl = kubectlPath();
  const env = { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' };
  const results = await Promise.all(
    VARIANTS.map(async (line) => {
      const argv = line.split(' ');
      const extra = ['--dry-run=client', '-o', 'jsonpath={.metadata.namespace}/{.metadata.name}'];
      // Flags must go before a `--`, or kubectl would read them as names.
      const dash = argv.indexOf('--');
      const full =
        dash === -1 ? [...argv, ...extra] : [...argv.slice(0, dash), ...extra, ...argv.slice(dash)];
      const { stdout } = await run(kubectl, full, { env });
      const inv = parseKubectlArgv(full, emptyIo);
      const ours = `${inv.namespace ?? 'default'}/${inv.targets[0]?.names[0] ?? ''}`;
      return { line, kubectl: stdout, ours };
    }),
  );
  for (const r of results) assert.equal(r.ours, r.kubectl, r.line);
});

const GENERATORS = [
  'create deployment x --image=i',
  'create deploy x --image=i',
  'create job x --image=i',
  'create cronjob x --image=i --schedule=*/1',
  'create cj x --image=i --schedule=*/1',
  'create ingress x --rule=a/b=s:80',
  'create pdb x --selector=a=b --min-available=1',
  'create priorityclass x --value=1',
  'create pc x --value=1',
  'create quota x --hard=pods=1',
  'create resourcequota x --hard=pods=1',
  'create rolebinding x --role=r --user=u',
  'create clusterrolebinding x --clusterrole=r --user=u',
  'create secret generic x',
  'create secret docker-registry x --docker-server=s --docker-username=u --docker-password=p',
  'create service clusterip x --tcp=80:80',
  'create svc nodeport x --tcp=80:80',
  'create service loadbalancer x --tcp=80:80',
  'create service externalname x --external-name=a.com',
  'create serviceaccount x',
  'create sa x',
  'create namespace x',
  'create ns x',
  'create configmap x',
  'create cm x',
];

test('`create <generator>` targets the kind kubectl 1.32.3 actually builds', async () => {
  const kubectl = kubectlPath();
  const env = { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' };
  const results = await Promise.all(
    GENERATORS.map(async (line) => {
      const argv = [...line.split(' '), '--dry-run=client', '-o', 'jsonpath={.apiVersion}/{.kind}'];
      const { stdout } = await run(kubectl, argv, { env });
      const [t] = parseKubectlArgv(argv, emptyIo).targets;
      const ours = `${t?.group ? `${t.group}/` : ''}${t?.version ?? ''}/${t?.kind ?? ''}`;
      return { line, kubectl: stdout, ours };
    }),
  );
  for (const r of results) assert.equal(r.ours, r.kubectl, r.line);
});
