/**
 * Differential tests: each command runs through iddio's executor and through the real
 * kubectl 1.32.3 against the same sandbox state, and stdout, stderr and exit code must be
 * identical after normalising ages. Read-only commands share one sandbox; mutating commands
 * run in order against two sandboxes started from the same seed (kubectl → A, iddio → B), so
 * each side sees the state its own earlier commands left. The match rate is printed; any
 * mismatch not in KNOWN_DIFFERENCES (with its reason) fails the suite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { runExecutor } from './helpers.js';

const READ_ONLY: string[][] = [
  ['get', 'pods'],
  ['get', 'pods', '-n', 'payments'],
  ['get', 'po', '-n', 'payments', '-o', 'wide'],
  ['get', 'pods', '-A'],
  ['get', 'pods', '-A', '-o', 'wide'],
  ['get', 'pods', '-A', '--no-headers'],
  ['get', 'pods', '-n', 'payments', '--show-labels'],
  ['get', 'pods', '-n', 'payments', '-L', 'app'],
  ['get', 'pods', '-n', 'payments', '-L', 'app,tier', '--show-labels', '-o', 'wide'],
  ['get', 'ns', '-L', 'kubernetes.io/metadata.name'],
  ['get', 'pods', '-A', '-l', 'app=api'],
  ['get', 'pods', '-A', '-l', 'app!=api'],
  ['get', 'pods', '-A', '-l', 'app'],
  ['get', 'pods', '-A', '--field-selector', 'status.phase=Running'],
  ['get', 'pods', '-A', '--field-selector', 'metadata.namespace=payments', '-o', 'name'],
  ['get', 'pods', '-n', 'payments', '-o', 'name'],
  ['get', 'pods', '-n', 'payments', '-o', 'json'],
  ['get', 'pods', '-n', 'payments', '-o', 'yaml'],
  ['get', 'deploy', '-n', 'payments'],
  ['get', 'deploy', '-n', 'payments', '-o', 'yaml'],
  ['get', 'deploy', 'api', '-n', 'payments', '-o', 'json'],
  ['get', 'deploy', 'api', '-n', 'payments', '-o', 'wide'],
  ['get', 'deploy', 'api', 'worker', '-n', 'payments'],
  ['get', 'deploy/api', 'svc/api', '-n', 'payments'],
  ['get', 'pods,svc', '-n', 'payments'],
  ['get', 'all', '-n', 'payments'],
  ['get', 'deployments.apps', '-n', 'payments'],
  ['get', 'deployment.v1.apps', '-n', 'payments'],
  ['get', 'Deployment', '-n', 'payments'],
  ['get', 'rs', '-A', '-o', 'wide'],
  ['get', 'svc', '-A'],
  ['get', 'svc', '-A', '-o', 'wide'],
  ['get', 'cm', '-A'],
  ['get', 'cm', '-n', 'kube-system', '-o', 'json'],
  ['get', 'secrets', '-A'],
  ['get', 'secret', '-n', 'payments', '-o', 'yaml'],
  ['get', 'events', '-A'],
  ['get', 'sa', '-A'],
  ['get', 'nodes'],
  ['get', 'nodes', '-o', 'wide'],
  ['get', 'nodes', '--show-labels'],
  ['get', 'no', '-o', 'yaml'],
  ['get', 'ns'],
  ['get', 'ns', 'default', '-o', 'json'],
  ['get', 'ns', 'default', '-o', 'yaml'],
  ['get', 'crd'],
  ['get', 'pods', '-n', 'staging'],
  ['get', 'pods', '-n', 'empty'],
  ['get', 'pods', '-n', 'payments', '-o', 'json', '-l', 'nomatch=1'],
  ['get', 'pods', '-n', 'payments', '-o', 'name', '-l', 'nomatch=1'],
  ['get', 'pods', '-n', 'payments', '-o', 'yaml', '-l', 'nomatch=1'],
  ['get', 'pod', 'nope'],
  ['get', 'pod', 'nope', '-n', 'payments', '-o', 'json'],
  ['get', 'deploy', 'api', 'nope', '-n', 'payments'],
  ['get', 'deploy', 'api', 'nope', '-n', 'payments', '-o', 'name'],
  ['get', 'pod', 'nope', '--ignore-not-found'],
  ['get', 'pod', '-A', 'nope'],
  ['get', 'foo'],
  ['get', 'deploy', '-n', 'payments', '-o', 'jsonpath={.items[*].metadata.name}'],
  [
    'get',
    'deploy',
    '-n',
    'payments',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.replicas}{"\\n"}{end}',
  ],
  [
    'get',
    'po',
    '-n',
    'payments',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}',
  ],
  ['get', 'pods', '-n', 'payments', '-o', 'jsonpath={.items[0].metadata.labels}'],
  [
    'get',
    'deploy',
    'api',
    '-n',
    'payments',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ],
  ['get', 'deploy', 'api', '-n', 'payments', '-o', 'jsonpath={.status}'],
  [
    'get',
    'pods',
    '-n',
    'payments',
    '-o',
    'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}',
  ],
  ['get', 'pods', '-A', '-o', 'jsonpath={..image}'],
  ['get', 'pods', '-n', 'payments', '--sort-by=.metadata.name'],
  ['get', 'pods', '-A', '--sort-by=.metadata.creationTimestamp'],
  ['get', 'pods', '-A', '--sort-by=.status.containerStatuses[0].restartCount'],
  ['get', 'deploy', '-A', '--sort-by=.spec.replicas', '-o', 'name'],
  ['get', 'svc', '-A', '--sort-by=.spec.clusterIP'],
  ['get', 'pods', '-n', 'payments', '-o', 'custom-columns=NAME:.metadata.name'],
  [
    'get',
    'pods',
    '-A',
    '-o',
    'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName,X:.missing',
  ],
  [
    'get',
    'pods',
    '-A',
    '-o',
    'custom-columns=NAME:metadata.name,LABELS:.metadata.labels',
    '--no-headers',
  ],
  ['get', 'pods', '-o', 'custom-columns=NAME'],
  ['version'],
  ['version', '--client'],
  ['version', '-o', 'json'],
  ['version', '-o', 'yaml'],
  ['api-resources'],
  ['api-resources', '-o', 'wide'],
  ['api-resources', '-o', 'name'],
  ['api-resources', '--namespaced=false'],
  ['api-resources', '--api-group=apps'],
  ['api-resources', '--verbs=create', '--no-headers'],
  ['api-resources', '--sort-by=kind'],
  ['api-versions'],
  ['cluster-info'],
  ['logs', '-n', 'payments', 'deploy/api'],
  ['logs', '-n', 'payments', 'deploy/worker', '--tail=2'],
  ['logs', '-n', 'payments', 'deploy/worker', '-c', 'sidecar', '--tail=1', '--timestamps'],
  ['logs', '-n', 'payments', 'nope'],
  ['logs', '-n', 'payments', 'deploy/nope'],
  ['logs', '-n', 'payments', 'deploy/worker', '--tail=1', '-p'],
  ['logs', '-n', 'payments', 'deploy/worker', '--since=1h'],
  ['logs'],
  ['logs', 'a', 'b', 'c'],
  ['logs', '-n', 'payments', 'worker-cswcccbrkv-clz6w', 'metrics', '--tail=1'],
  ['logs', '-n', 'payments', 'worker-cswcccbrkv-clz6w', '--tail=1'],
  // kubectl's own usage errors, word for word
  ['get'],
  ['get', 'pod', 'x', '-l', 'a=b'],
  ['get', 'pods', '-o', 'jsonpath={.items[0]'],
  ['get', 'pods', '-o', 'wrong'],
  ['scale', 'deploy', 'api', '-n', 'payments'],
  ['scale'],
  ['delete'],
  ['delete', 'pods'],
  ['label'],
  ['label', 'pods', 'x'],
  ['label', 'pods', 'x', 'a=b', 'a-'],
  ['annotate', 'pods', 'x', 'a=b', 'a-'],
  ['delete', 'pods', '-n', 'payments', '-l', 'app=api', '-o', 'json'],
  ['version', '-o', 'wide'],
  ['api-resources', '-o', 'json'],
  ['auth', 'can-i', 'get', 'pods'],
  ['auth', 'can-i', 'delete', 'deploy', '-n', 'payments'],
  ['auth', 'can-i', 'get', 'foo'],
  ['auth', 'can-i', 'frob', 'foo'],
  ['auth', 'can-i', 'get', 'pods', '--context', 'iddio-sandbox-viewer'],
  ['auth', 'can-i', 'delete', 'pods', '--context', 'iddio-sandbox-viewer'],
  ['auth', 'can-i', 'delete', 'pods', '--context', 'iddio-sandbox-viewer', '-q'],
  ['auth', 'can-i', 'get', 'pods/log', '-A'],
  ['auth', 'can-i', 'create', 'pods', '--subresource=exec'],
  ['auth', 'can-i', 'get', '/healthz'],
  ['auth', 'can-i', 'get', 'pods/x'],
  ['auth', 'can-i', 'get', 'pods', 'x'],
  ['auth', 'can-i'],
  ['auth', 'whoami'],
  ['auth', 'whoami', '-o', 'json'],
  ['auth', 'whoami', '-o', 'yaml'],
  ['auth', 'whoami', '--context', 'iddio-sandbox-viewer'],
  ['config', 'current-context'],
  ['config', 'get-contexts'],
  ['config', 'get-contexts', '-o', 'name'],
  ['config', 'get-contexts', '--no-headers'],
  ['config', 'get-contexts', 'iddio-sandbox-viewer'],
  ['config', 'get-contexts', 'nope', 'iddio-sandbox'],
  // Commands agents commonly run
  ['get', 'events', '-A', '--sort-by=.lastTimestamp'],
  ['get', 'events', '-n', 'payments', '--sort-by=.metadata.creationTimestamp'],
  [
    'get',
    'pods',
    '-A',
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.containerStatuses[*].restartCount}{"\\n"}{end}',
  ],
  ['get', 'pods', '-A', '--field-selector=status.phase!=Running'],
  ['get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'],
  [
    'get',
    'deploy',
    '-A',
    '-o',
    'custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[*].image',
  ],
  ['get', 'pods', '-l', 'app in (api,worker)', '-A'],
  ['get', 'pods', '-A', '-o', 'wide', '--sort-by=.spec.nodeName'],
  ['get', 'secret', 'api-credentials', '-n', 'payments', '-o', 'jsonpath={.data.DB_PASSWORD}'],
  ['get', 'all', '-A'],
  ['get', 'pods', '--all-namespaces', '--show-kind'],
  ['get', 'ns', '-o', 'name'],
  ['get', 'pod', '-n', 'payments', '-l', 'app=api', '-o', 'jsonpath={.items[0].metadata.name}'],
  ['get', 'pods', '-n', 'payments', '-o', 'jsonpath={.items[*].spec.containers[*].name}'],
  [
    'get',
    'deploy',
    'api',
    '-n',
    'payments',
    '-o',
    'jsonpath={.spec.template.spec.containers[?(@.name=="api")].env}',
  ],
  [
    'get',
    'pods',
    '-A',
    '-o',
    'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}: {range .status.conditions[*]}{.type}={.status} {end}{"\\n"}{end}',
  ],
  ['get', 'events', '-A', '--field-selector', 'type=Warning'],
  ['get', 'pods', '-n', 'payments', '-o', 'jsonpath={.items[*].metadata.labels.app}'],
  ['get', 'rs', '-n', 'payments', '-o', 'jsonpath={.items[*].metadata.ownerReferences[0].name}'],
  ['get', 'po', '-A', '--sort-by=.status.startTime', '-o', 'name'],
  ['get', 'svc', '-n', 'payments', 'api', '-o', 'jsonpath={.spec.ports[0].port}'],
  ['get', 'endpoints', '-n', 'payments'],
  ['get', 'cm', '-n', 'payments', 'api-config', '-o', 'jsonpath={.data}'],
  ['get', 'pods', '-A', '-o', 'jsonpath={.items[*].status.podIP}'],
  ['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints'],
  // A read-only credential: Forbidden errors, worded by the server, printed as kubectl prints them
  ['get', 'secrets', '-n', 'payments', '--context', 'iddio-sandbox-viewer'],
  [
    'get',
    'secret',
    'api-credentials',
    '-n',
    'payments',
    '-o',
    'yaml',
    '--context',
    'iddio-sandbox-viewer',
  ],
  ['delete', 'pod', 'toolbox', '--context', 'iddio-sandbox-viewer'],
  ['scale', 'deploy', 'api', '-n', 'payments', '--replicas=1', '--context', 'iddio-sandbox-viewer'],
  ['label', 'ns', 'default', 'x=y', '--context', 'iddio-sandbox-viewer'],
  ['logs', '-n', 'payments', 'deploy/api', '--tail=1', '--context', 'iddio-sandbox-viewer'],
  ['get', '--raw', '/healthz'],
  ['get', '--raw', '/version'],
  ['get', '--raw', '/nope'],
  ['get', '--raw', '/api/v1/namespaces/payments/configmaps/api-config'],
  ['get', '--raw', '/api/v1/namespaces/payments/pods/nope'],
  ['wait', '--for=condition=Ready', 'pod/toolbox', '--timeout=5s'],
  ['wait', '--for=condition=Available', 'deploy', '-n', 'payments', '--all', '--timeout=5s'],
  ['wait', '--for=jsonpath={.status.phase}=Running', 'pod/toolbox', '--timeout=5s'],
  ['wait', '--for=jsonpath=.status.phase=Running', 'pod/toolbox'],
  ['wait', '--for=jsonpath={.status.phase}', 'pod/toolbox'],
  ['wait', '--for=condition=ready', 'pod/toolbox'],
  ['wait', '--for=delete', 'pod/nope', '--timeout=2s'],
  ['wait', '--for=condition=Nope', 'deploy/api', '-n', 'payments', '--timeout=1s'],
  ['wait', '--for=bogus', 'pod/toolbox'],
  ['wait', 'pod/toolbox'],
  ['wait', '--for=condition=Ready', 'pod/nope', '--timeout=1s'],
];

/** Run in this order on each side of a sandbox pair. */
const MUTATING: string[][] = [
  ['label', 'pods', '-n', 'payments', '-l', 'app=api', 'tier=web'],
  ['label', 'deploy', 'api', '-n', 'payments', 'tier=x'],
  ['label', 'deploy', 'api', '-n', 'payments', 'tier=y'],
  ['label', 'deploy', 'api', '-n', 'payments', 'tier=y', '--overwrite'],
  ['label', 'deploy', 'api', '-n', 'payments', 'tier-'],
  ['label', 'deploy', 'api', '-n', 'payments', 'tier-'],
  ['label', 'deploy', 'api', '-n', 'payments', 'app=api'],
  ['annotate', 'deploy', 'api', '-n', 'payments', 'note=hello'],
  ['annotate', 'deploy', 'api', '-n', 'payments', 'note-'],
  ['annotate', 'deploy/api', '-n', 'payments', 'note=x', '--overwrite'],
  ['annotate', 'cm', '-n', 'payments', '--all', 'reviewed=yes'],
  ['get', 'deploy', 'api', '-n', 'payments', '--show-labels'],
  ['scale', 'deploy', 'api', '-n', 'payments', '--replicas=2'],
  ['scale', 'deploy/worker', '-n', 'payments', '--replicas=1', '--current-replicas=5'],
  ['get', 'deploy', '-n', 'payments'],
  ['delete', 'svc', 'api', '-n', 'payments'],
  ['delete', 'svc', 'api', '-n', 'payments'],
  ['delete', 'svc', 'api', '-n', 'payments', '--ignore-not-found'],
  ['delete', 'cm', '-n', 'payments', '-l', 'nomatch=1'],
  ['delete', 'pods', '-n', 'payments', '-l', 'app=worker', '--wait=false'],
  ['delete', 'pod', 'nope', '-n', 'payments', '-o', 'name'],
  ['delete', 'pod', 'nope', '--force'],
  ['delete', 'pod', 'nope', '--grace-period=0'],
  ['delete', 'svc', 'api', '-n', 'payments', '--force', '--grace-period=5'],
  ['delete', 'pod', 'toolbox', '--grace-period=0', '--force'],
  ['get', 'pods', '-n', 'payments'],
  ['label', 'pods', '-n', 'payments', '--all', 'x=y', '--dry-run=client'],
  ['label', 'pods', '-n', 'payments', '--all', 'x=y', '--dry-run=server'],
  ['annotate', 'deploy', 'api', '-n', 'payments', 'x=y', '--dry-run=server'],
  ['scale', 'deploy', 'api', '-n', 'payments', '--replicas=5', '--dry-run=client'],
  ['scale', 'deploy', 'api', '-n', 'payments', '--replicas=5', '--dry-run=server'],
  ['delete', 'pod', '-n', 'payments', '-l', 'app=api', '--dry-run=client'],
  ['delete', 'deploy', 'worker', '-n', 'payments', '--dry-run=server'],
  ['get', 'pods,deploy', '-n', 'payments', '--show-labels'],
  ['rollout', 'status', 'deploy/api', '-n', 'payments'],
  ['rollout', 'history', 'deploy/api', '-n', 'payments'],
  // One restart per object: kubectl refuses a second within the same wall-clock second.
  ['rollout', 'restart', 'deploy', '-n', 'payments'],
  ['rollout', 'status', 'deploy/api', '-n', 'payments'],
  ['rollout', 'status', 'deploy/api', '-n', 'payments', '--watch=false'],
  ['rollout', 'history', 'deploy', '-n', 'payments'],
  ['rollout', 'status', 'deploy', 'api', 'worker', '-n', 'payments'],
  ['rollout', 'status', 'deploy/nope', '-n', 'payments'],
  ['rollout', 'status', 'rs/api-lcmqfcvwf9', '-n', 'payments'],
  ['rollout', 'restart', 'rs/api-lcmqfcvwf9', '-n', 'payments'],
  [
    'get',
    'deploy',
    '-n',
    'payments',
    '-o',
    'jsonpath={.items[*].spec.template.metadata.annotations}',
  ],
  ['patch', 'deploy', 'api', '-n', 'payments', '-p', '{"spec":{"replicas":3}}'],
  ['patch', 'deploy', 'api', '-n', 'payments', '-p', '{"spec":{"replicas":3}}'],
  [
    'patch',
    'deploy',
    'api',
    '-n',
    'payments',
    '--type=merge',
    '-p',
    '{"metadata":{"labels":{"x":"y"}}}',
  ],
  [
    'patch',
    'deploy/api',
    '-n',
    'payments',
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/replicas","value":2}]',
  ],
  ['patch', 'deploy', 'api', '-n', 'payments', '-p', 'spec:\n  replicas: 1'],
  ['patch', 'deploy', 'nope', '-n', 'payments', '-p', '{}'],
  ['patch', 'deploy', 'api', '-n', 'payments', '-p', '{"spec":{"replicas":"x"}}'],
  ['patch', 'deploy', 'api', '-n', 'payments', '-p', '{"spec":{"replicas":2}}', '--dry-run=server'],
  ['patch', 'deploy', 'api', '-n', 'payments', '--type=bogus', '-p', '{}'],
  ['patch', 'deploy', 'api', '-n', 'payments'],
  ['get', 'deploy', 'api', '-n', 'payments', '--show-labels'],
  ['cordon', 'sandbox-worker'],
  ['cordon', 'sandbox-worker'],
  ['get', 'nodes'],
  ['uncordon', 'sandbox-worker'],
  ['uncordon', 'sandbox-worker'],
  ['cordon', 'nope'],
  ['cordon'],
  ['create', 'namespace', 'team-a'],
  ['create', 'ns', 'team-a'],
  ['create', 'configmap', 'c1', '-n', 'payments', '--from-literal=a=1', '--from-literal=b=2'],
  ['create', 'secret', 'generic', 's1', '-n', 'payments', '--from-literal=pw=hunter2'],
  ['create', 'secret', 'generic', 's', '--from-literal=a=b', '--dry-run=client', '-o', 'yaml'],
  [
    'create',
    'secret',
    'generic',
    's2',
    '--from-literal=a=b',
    '--type=kubernetes.io/basic-auth',
    '--dry-run=client',
    '-o',
    'yaml',
  ],
  ['create', 'cm', 'c', '--from-literal=a=1', '--dry-run=client', '-o', 'json', '-n', 'payments'],
  ['create', 'cm', 'c', '--from-literal=a=1', '--from-literal=a=2'],
  ['create', 'cm', 'c', '--from-literal=a'],
  ['create', 'ns'],
  ['create', 'ns', 'qq', '--dry-run=client', '-o', 'yaml'],
  ['create', 'ns', 'qq', '--dry-run=client'],
  ['create', 'ns', 'qq', '--dry-run=server', '-o', 'name'],
  ['get', 'cm,secret', '-n', 'payments'],
  ['get', 'ns'],
  ['set', 'image', 'deploy/api', '-n', 'payments', 'api=ghcr.io/example/payments-api:1.5.0'],
  ['set', 'image', 'deploy/api', '-n', 'payments', 'api=ghcr.io/example/payments-api:1.5.0'],
  ['set', 'image', 'deploy/api', '-n', 'payments', 'nope=x'],
  ['set', 'image', 'deploy/worker', '-n', 'payments', '*=busybox'],
  ['set', 'image', 'deploy', '-n', 'payments', '--all', '*=busybox:2'],
  ['set', 'image', 'pod/toolbox', 'toolbox=busybox:1.37'],
  ['set', 'image', 'deploy/api', '-n', 'payments'],
  ['set', 'image', 'deploy/api', '-n', 'payments', 'api=x', '--dry-run=client'],
  ['get', 'deploy', '-n', 'payments', '-o', 'wide'],
  ['get', 'pod', 'toolbox', '-o', 'jsonpath={.spec.containers[*].image}'],
  // Strings that exercise every quoting and folding rule of kubectl's YAML printer.
  [
    'annotate',
    'cm',
    'api-config',
    '-n',
    'payments',
    'a1=true',
    'a2=80',
    'a3=1.5',
    'a4=2024-01-01',
    'a5=',
    'a6= lead',
    'a7=trail ',
    'a8=a: b',
    'a9=- x',
    'b1=#x',
    'b2=multi\nline',
    'b3=multi\nline\n',
    'b4=this is a rather long annotation value with many spaces so that go-yaml has to decide whether to fold it at eighty columns or not',
    "b5=it's",
    'b6=tab\there',
    'b7=héllo',
    'b8=emoji 😀',
    'b9=null',
    'c1=~',
    'c2=0x1F',
    'c3=1e3',
    'c4=0777',
    'c5=+1',
    'c6=.5',
    'c7=1:20',
    'c8=@x',
    'c9=`x',
    'd1=a #b',
    'd2=[x]',
    'd3={x}',
    'd4=!x',
    'd5=&x',
    'd6=*x',
    'd7=|x',
    'd8=>x',
    'd9=%x',
    "e1='q'",
    'e2="dq"',
    'e3=back\\slash',
    'e4=trailing\n\n',
    'e5=\nleading',
    'e6=yes',
    'e7=On',
    'e8=a:b',
    'e9=http://x.y/z?q=1#frag',
    'f1=-',
    'f2=?x',
    'f3=1_000',
    'f4=2024-01-01T10:00:00Z',
    'f5=12:30:00',
    'f6=0b101',
    'f7=-.inf',
    'f8=.NaN',
    'f9=one  two   spaces',
  ],
  ['get', 'cm', 'api-config', '-n', 'payments', '-o', 'yaml'],
  ['get', 'cm', 'api-config', '-n', 'payments', '-o', 'json'],
  ['get', 'cm', 'api-config', '-n', 'payments', '-o', 'jsonpath={.metadata.annotations}'],
  [
    'get',
    'cm',
    'api-config',
    '-n',
    'payments',
    '-o',
    'custom-columns=A:.metadata.annotations.b2,B:.metadata.annotations.a2',
  ],
  // Keys that tell go-yaml's "natural" key order from plain byte order.
  [
    'annotate',
    'ns',
    'default',
    'a10=1',
    'a9=1',
    'B1=1',
    'b2=1',
    'x_y=1',
    'x-y=1',
    'x.y=1',
    'x0=1',
    'x00=1',
    'x01=1',
    'x1=1',
    'Ab=1',
    'aB=1',
    'a-1=1',
    'a1=1',
  ],
  ['get', 'ns', 'default', '-o', 'yaml'],
  ['get', 'ns', 'default', '-o', 'json'],
  ['annotate', 'ns', 'staging', 'hostile=\u001b[31mred\u001b[0m'],
  ['get', 'ns', 'staging', '-o', 'jsonpath={.metadata.annotations.hostile}'],
];

/**
 * Reviewed differences, by the command joined with spaces: iddio's output is deliberately not
 * kubectl's here.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'get ns staging -o jsonpath={.metadata.annotations.hostile}':
    'terminal escape sequences from the cluster are stripped before printing (kubectl prints them raw)',
};

/** AGE-style durations ("3d", "5m10s", "(3d ago)") and log timestamps differ with wall time. */
function normalise(text: string): string {
  return text
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g, '<time>')
    .replace(/\b\d+[smhdy](?:\d+[smhd])?\b/g, '<age>');
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function viaKubectl(argv: string[], sandbox: Sandbox, home: string): Promise<Outcome> {
  return runProcess(kubectlPath(), argv, {
    env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
  });
}

async function viaIddio(
  argv: string[],
  sandbox: Sandbox,
  home: string,
  cacheDir: string,
): Promise<Outcome> {
  const result = await runExecutor(argv, {
    requestId: newRequestId(),
    cacheDir,
    env: { HOME: home, KUBECONFIG: sandbox.kubeconfigPath },
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

function compare(argv: string[], real: Outcome, ours: Outcome): string | undefined {
  const parts: string[] = [];
  if (real.code !== ours.code) parts.push(`exit ${real.code} vs ${ours.code}`);
  if (normalise(real.stdout) !== normalise(ours.stdout))
    parts.push(`stdout\n--- kubectl\n${real.stdout}--- iddio\n${ours.stdout}`);
  if (normalise(real.stderr) !== normalise(ours.stderr))
    parts.push(`stderr\n--- kubectl\n${real.stderr}--- iddio\n${ours.stderr}`);
  return parts.length === 0 ? undefined : `${argv.join(' ')}: ${parts.join('\n')}`;
}

describe('iddio executor vs kubectl 1.32.3 (differential)', () => {
  let shared: Sandbox;
  let left: Sandbox;
  let right: Sandbox;
  const results: Array<{ argv: string[]; mismatch?: string }> = [];

  before(async () => {
    [shared, left, right] = await Promise.all([startSandbox(), startSandbox(), startSandbox()]);
  });
  after(async (t) => {
    await Promise.all([shared.stop(), left.stop(), right.stop()]);
    const matched = results.filter((r) => !r.mismatch).length;
    const rate = ((100 * matched) / Math.max(1, results.length)).toFixed(1);
    const line = `compat: ${matched}/${results.length} commands identical to kubectl 1.32.3 (${rate}%); known differences: ${
      results.filter((r) => r.mismatch && KNOWN_DIFFERENCES[r.argv.join(' ')]).length
    }`;
    (t as unknown as { diagnostic?: (s: string) => void }).diagnostic?.(line);
    console.log(line);
  });

  const check = (argv: string[], real: Outcome, ours: Outcome): void => {
    const mismatch = compare(argv, real, ours);
    results.push({ argv, mismatch });
    const known = KNOWN_DIFFERENCES[argv.join(' ')];
    if (known) {
      assert.ok(mismatch, `listed as a known difference but identical now: ${argv.join(' ')}`);
      return;
    }
    assert.equal(mismatch, undefined);
  };

  it(`${READ_ONLY.length} read-only commands against one sandbox`, async () => {
    const home = tempDir('iddio-compat-home-');
    const cacheDir = tempDir('iddio-compat-cache-');
    const failures: string[] = [];
    for (const argv of READ_ONLY) {
      const [real, ours] = await Promise.all([
        viaKubectl(argv, shared, home),
        viaIddio(argv, shared, home, cacheDir),
      ]);
      try {
        check(argv, real, ours);
      } catch {
        failures.push(compare(argv, real, ours) ?? argv.join(' '));
      }
    }
    assert.deepEqual(failures, []);
  });

  it(`${MUTATING.length} mutating commands, in order, against a pair of sandboxes`, async () => {
    const home = tempDir('iddio-compat-home-');
    const cacheDir = tempDir('iddio-compat-cache-');
    const failures: string[] = [];
    for (const argv of MUTATING) {
      const real = await viaKubectl(argv, left, home);
      const ours = await viaIddio(argv, right, home, cacheDir);
      try {
        check(argv, real, ours);
      } catch {
        failures.push(
          compare(argv, real, ours) ?? `${argv.join(' ')}: listed as known but identical`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });
});
