/**
 * Which containers `logs` reads from a pod, and the notes kubectl prints while picking: the
 * sandbox's pods have no init or ephemeral containers, so those cases are checked here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamsOfPod, type Picking, type Pod } from '../../src/kube/verbs/logs-pods.js';
import { selectorForObject } from '../../src/kube/verbs/logs-workload.js';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'ns' },
  spec: {
    initContainers: [{ name: 'init' }],
    containers: [{ name: 'main' }, { name: 'side' }],
    ephemeralContainers: [{ name: 'debug' }],
  },
};

function picking(over: Partial<Picking> = {}): { pick: Picking; notes: string[] } {
  const notes: string[] = [];
  return {
    notes,
    pick: {
      container: '',
      allContainers: false,
      timeoutMs: 1000,
      allPods: false,
      err: (t) => notes.push(t),
      ...over,
    },
  };
}

describe('logs: picking containers', () => {
  it('--all-containers reads init, regular, then ephemeral containers, without notes', () => {
    const { pick, notes } = picking({ allContainers: true });
    assert.deepEqual(
      streamsOfPod(pod, pick).map((s) => s.container),
      ['init', 'main', 'side', 'debug'],
    );
    assert.deepEqual(notes, []);
  });

  it('defaults to the first container and says so, listing ephemeral and init containers last', () => {
    const { pick, notes } = picking();
    assert.deepEqual(streamsOfPod(pod, pick), [{ namespace: 'ns', pod: 'p', container: 'main' }]);
    assert.deepEqual(notes, [
      'Defaulted container "main" out of: main, side, debug (ephem), init (init)\n',
    ]);
  });

  it('--all-pods picks silently', () => {
    const { pick, notes } = picking({ allPods: true });
    assert.equal(streamsOfPod(pod, pick)[0]?.container, 'main');
    assert.deepEqual(notes, []);
  });

  it('honours the default-container annotation, and notes a missing one', () => {
    const annotated = (name: string): Pod => ({
      ...pod,
      metadata: {
        ...pod.metadata,
        annotations: { 'kubectl.kubernetes.io/default-container': name },
      },
    });
    const found = picking();
    assert.equal(streamsOfPod(annotated('init'), found.pick)[0]?.container, 'init');
    assert.deepEqual(found.notes, []);
    const missing = picking();
    assert.equal(streamsOfPod(annotated('gone'), missing.pick)[0]?.container, 'main');
    assert.equal(missing.notes[0], 'Default container name "gone" not found in pod p\n');
    assert.equal(missing.notes.length, 2);
  });

  it('accepts any container of the pod by name and refuses others', () => {
    assert.equal(streamsOfPod(pod, picking({ container: 'debug' }).pick)[0]?.container, 'debug');
    assert.throws(
      () => streamsOfPod(pod, picking({ container: 'nope' }).pick),
      /^KubeError: error: container nope is not valid for pod p$|container nope is not valid for pod p/,
    );
  });

  it('a pod without containers is an error', () => {
    assert.throws(
      () => streamsOfPod({ metadata: { name: 'e', namespace: 'ns' }, spec: {} }, picking().pick),
      /pod ns\/e does not have any containers/,
    );
  });
});

describe('logs: the pods of a workload', () => {
  const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
  it('turns a label selector into the string client-go sends (keys sorted, set values sorted)', () => {
    const selector = {
      matchLabels: { tier: 'front', app: 'x' },
      matchExpressions: [
        { key: 'zone', operator: 'NotIn', values: ['b', 'a'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'canary', operator: 'Exists' },
        { key: 'app', operator: 'In', values: ['y'] },
      ],
    };
    assert.equal(
      selectorForObject({ spec: { selector } }, deployment),
      'app=x,app in (y),canary,!legacy,tier=front,zone notin (a,b)',
    );
    assert.equal(selectorForObject({ spec: {} }, deployment), '');
    assert.equal(
      selectorForObject(
        { spec: { selector: { b: '2', a: '1' } } },
        { group: '', version: 'v1', kind: 'ReplicationController' },
      ),
      'a=1,b=2',
    );
  });

  it('words the kinds without pods as kubectl does', () => {
    assert.throws(
      () =>
        selectorForObject(
          { metadata: { name: 'k' }, spec: {} },
          { group: '', version: 'v1', kind: 'Service' },
        ),
      /^KubeError: error: cannot get the logs from \*v1\.Service: invalid service 'k': Service is defined without a selector$/,
    );
    assert.throws(
      () => selectorForObject({}, { group: 'batch', version: 'v1', kind: 'CronJob' }),
      /cannot get the logs from \*v1\.CronJob: selector for \*v1\.CronJob not implemented$/,
    );
    assert.throws(
      () => selectorForObject({}, { group: 'example.com', version: 'v1', kind: 'Widget' }),
      /cannot get the logs from \*unstructured\.Unstructured: selector for \*unstructured\.Unstructured not implemented$/,
    );
    assert.throws(
      () =>
        selectorForObject(
          { spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } } },
          deployment,
        ),
      /cannot get the logs from \*v1\.Deployment: invalid label selector: "Near" is not a valid label selector operator$/,
    );
  });
});
