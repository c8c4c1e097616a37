/**
 * The container runtime over a seeded store, without a server: attach's main process and the
 * container status it leaves (per restart policy), stdinOnce, port connections, the refusals
 * of ephemeral-container writes, and a deleted pod taking its files with it.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { SandboxRuntime } from '../../../src/sandbox/containers/runtime.js';
import { makeSettle } from '../../../src/sandbox/controllers/index.js';
import { makeEventRecorder } from '../../../src/sandbox/events.js';
import { withEphemeral } from '../../../src/sandbox/handlers/ephemeral.js';
import { derivedUid } from '../../../src/sandbox/names.js';
import { BUILTIN_SEED, loadSeed } from '../../../src/sandbox/seed/index.js';
import type { SandboxState } from '../../../src/sandbox/state.js';
import { resourceKey, Store } from '../../../src/sandbox/storage.js';
import { ApiError } from '../../../src/sandbox/status.js';
import type { KubeObject } from '../../../src/sandbox/types.js';
import type { ProcessStreams } from '../../../src/sandbox/streams/types.js';

const PODS = resourceKey('', 'pods');
type Obj = Record<string, unknown>;

function seeded(): SandboxState {
  const store = new Store();
  let n = 0;
  const now = (): Date => new Date('2026-01-02T03:04:05Z');
  const newUid = (hint: string): string => derivedUid(`${hint}#${n++}`);
  const state: SandboxState = {
    store,
    issuedTokens: new Map(),
    now,
    newUid,
    settle: () => undefined,
    recordEvent: makeEventRecorder(store, now, newUid),
  };
  state.settle = makeSettle(state);
  loadSeed(state, BUILTIN_SEED, 'seed');
  return state;
}

function addPod(state: SandboxState, name: string, container: Obj, restartPolicy = 'Never'): void {
  state.store.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: state.newUid(name) },
    spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox', ...container }] },
    status: { phase: 'Pending' },
  });
  state.settle();
}

function streams(input?: string): ProcessStreams & { output: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (d: Buffer) => chunks.push(d));
  const stdin = input === undefined ? undefined : new PassThrough();
  stdin?.end(input);
  return { stdin, stdout, tty: false, output: () => Buffer.concat(chunks).toString() };
}

function containerStatus(state: SandboxState, pod: string): Obj {
  const object = state.store.get(PODS, 'default', pod) as KubeObject;
  const status = object.status as Obj;
  return { phase: status.phase, ...((status.containerStatuses as Obj[])[0] ?? {}) };
}

describe('attach and the main process', () => {
  it('restartPolicy Never: the pod ends Failed with the exit code; attach saw all output', async () => {
    const state = seeded();
    addPod(state, 'job', { command: ['sh', '-c', 'echo first; exit 7'] });
    const runtime = new SandboxRuntime(state);
    const io = streams();
    assert.deepEqual(await runtime.attach({ namespace: 'default', pod: 'job' }, io), { code: 0 });
    assert.equal(io.output(), 'first\n');
    const status = containerStatus(state, 'job');
    assert.equal(status.phase, 'Failed');
    assert.equal(((status.state as Obj).terminated as Obj).exitCode, 7);
    const again = await runtime.attach({ namespace: 'default', pod: 'job' }, streams());
    assert.deepEqual(again, {
      failure: 'cannot attach to a container in a completed pod; current phase is Failed',
    });
    runtime.stop();
  });

  it('an exited ephemeral container is not run again: attach and exec are refused', async () => {
    const state = seeded();
    addPod(state, 'host', { command: ['sleep', 'infinity'] }, 'Always');
    const pod = state.store.get(PODS, 'default', 'host') as KubeObject;
    (pod.spec as Obj).ephemeralContainers = [{ name: 'dbg', image: 'busybox', command: ['true'] }];
    state.store.update(PODS, pod);
    state.settle();
    const runtime = new SandboxRuntime(state);
    const target = { namespace: 'default', pod: 'host', container: 'dbg' };
    assert.deepEqual(await runtime.attach(target, streams()), { code: 0 });
    const refusal = { failure: 'unable to upgrade connection: container not found ("dbg")' };
    assert.deepEqual(await runtime.attach(target, streams()), refusal);
    assert.deepEqual(await runtime.exec(target, ['true'], streams()), refusal);
    runtime.stop();
  });

  it('restartPolicy Always: the container restarts (restartCount 1, lastState terminated)', async () => {
    const state = seeded();
    addPod(state, 'svc', { command: ['false'] }, 'Always');
    const runtime = new SandboxRuntime(state);
    await runtime.attach({ namespace: 'default', pod: 'svc' }, streams());
    const status = containerStatus(state, 'svc');
    assert.equal(status.phase, 'Running');
    assert.equal(status.restartCount, 1);
    assert.equal(((status.lastState as Obj).terminated as Obj).exitCode, 1);
    assert.ok((status.state as Obj).running);
    runtime.stop();
  });

  it('stdin: true + stdinOnce: the shell reads the client, and ends with its stdin', async () => {
    const state = seeded();
    addPod(state, 'shell', { command: ['sh'], stdin: true, stdinOnce: true });
    const runtime = new SandboxRuntime(state);
    const io = streams('echo typed\nexit 3\n');
    await runtime.attach({ namespace: 'default', pod: 'shell' }, io);
    assert.equal(io.output(), 'typed\n');
    assert.equal(((containerStatus(state, 'shell').state as Obj).terminated as Obj).exitCode, 3);
    runtime.stop();
  });

  it('a deleted pod takes its files: a new pod of the same name starts empty', async () => {
    const state = seeded();
    addPod(state, 'tmp', { command: ['sleep', 'infinity'] });
    const runtime = new SandboxRuntime(state);
    const target = { namespace: 'default', pod: 'tmp' };
    await runtime.exec(target, ['sh', '-c', 'echo kept > /tmp/f'], streams());
    const read = streams();
    assert.deepEqual(await runtime.exec(target, ['cat', '/tmp/f'], read), { code: 0 });
    assert.equal(read.output(), 'kept\n');
    state.store.delete(PODS, 'default', 'tmp');
    addPod(state, 'tmp', { command: ['sleep', 'infinity'] });
    assert.deepEqual(await runtime.exec(target, ['cat', '/tmp/f'], streams()), { code: 1 });
    runtime.stop();
  });
});

describe('connect (port-forward)', () => {
  it('a declared port is an echo; another is refused', async () => {
    const state = seeded();
    addPod(state, 'web', { ports: [{ containerPort: 8080 }] });
    const runtime = new SandboxRuntime(state);
    const conn = runtime.connect({ namespace: 'default', pod: 'web' }, 8080);
    assert.ok(!('failure' in conn));
    conn.end('ping');
    const echoed: Buffer[] = [];
    for await (const chunk of conn) echoed.push(chunk as Buffer);
    assert.equal(Buffer.concat(echoed).toString(), 'ping');
    const refused = runtime.connect({ namespace: 'default', pod: 'web' }, 9090);
    assert.ok('failure' in refused && /connection refused/.test(refused.failure));
    runtime.stop();
  });
});

describe('ephemeral container writes', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'app', image: 'nginx' }],
      ephemeralContainers: [{ name: 'dbg', image: 'busybox' }],
    },
  };
  const next = (ephemeral: Obj[]): KubeObject => ({
    ...pod,
    spec: { ...(pod.spec as Obj), ephemeralContainers: ephemeral },
  });
  const refusal = (ephemeral: Obj[]): string => {
    try {
      withEphemeral(pod, next(ephemeral));
    } catch (error) {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 422);
      return error.message;
    }
    return 'accepted';
  };

  it('adds one with defaults; refuses changes, removals, duplicates, missing images', () => {
    const added = withEphemeral(
      pod,
      next([
        { name: 'dbg', image: 'busybox' },
        { name: 'two', image: 'alpine:3' },
      ]),
    );
    assert.deepEqual((added.spec as Obj).ephemeralContainers, [
      { name: 'dbg', image: 'busybox' },
      {
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
        name: 'two',
        image: 'alpine:3',
      },
    ]);
    assert.match(
      refusal([{ name: 'dbg', image: 'alpine' }]),
      /Forbidden: existing ephemeral containers "dbg" may not be changed/,
    );
    assert.match(refusal([]), /may not be changed/);
    assert.match(
      refusal([
        { name: 'dbg', image: 'busybox' },
        { name: 'app', image: 'x' },
      ]),
      /\[1\]\.name: Duplicate value: "app"/,
    );
    assert.match(
      refusal([{ name: 'dbg', image: 'busybox' }, { name: 'x' }]),
      /\[1\]\.image: Required value/,
    );
  });
});
