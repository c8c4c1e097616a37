/** Pure parts of the verbs the compat suite covers end to end: Go's sort, taint rules, drain filters. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { podStatus } from '../../src/kube/verbs/drain.js';
import { goSort } from '../../src/kube/verbs/go-sort.js';
import { parseTaints, reorganize } from '../../src/kube/verbs/taint.js';

describe('goSort (Go sort.Sort)', () => {
  it('sorts any array of any length (insertion, pdq, heap paths)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 400 }), (xs) => {
        const items = xs.map((key, index) => ({ key, index }));
        goSort(items, (a, b) => a.key < b.key);
        const keys = items.map((i) => i.key);
        assert.deepEqual(
          keys,
          [...xs].sort((a, b) => a - b),
        );
        assert.deepEqual(
          items.map((i) => i.index).sort((a, b) => a - b),
          xs.map((_, i) => i),
        );
      }),
    );
  });
  it('is unstable above 12 elements, as Go is (equal keys may move)', () => {
    const items = Array.from({ length: 40 }, (_, index) => ({ key: index % 2, index }));
    goSort(items, (a, b) => a.key < b.key);
    const zeros = items.filter((i) => i.key === 0).map((i) => i.index);
    assert.notDeepEqual(
      zeros,
      [...zeros].sort((a, b) => a - b),
    );
  });
});

describe('taint', () => {
  it('parses additions and removals as kubectl does', () => {
    assert.deepEqual(parseTaints(['a=b:NoSchedule', 'c:NoExecute-', 'd-']), {
      add: [{ key: 'a', value: 'b', effect: 'NoSchedule' }],
      remove: [{ key: 'c', effect: 'NoExecute' }, { key: 'd' }],
    });
    assert.throws(() => parseTaints(['a=b']), /invalid taint spec: a=b/);
    assert.throws(() => parseTaints(['a=b:Bogus']), /invalid taint effect: Bogus/);
  });
  it('chooses tainted, untainted or modified as ReorganizeTaints does', () => {
    const old = [{ key: 'x', effect: 'NoSchedule' }];
    assert.equal(
      reorganize(old, [{ key: 'y', effect: 'NoSchedule' }], [], false).operation,
      'tainted',
    );
    assert.equal(reorganize(old, [], [{ key: 'x' }], false).operation, 'untainted');
    assert.equal(
      reorganize(old, [{ key: 'x', value: 'v', effect: 'NoSchedule' }], [], true).operation,
      'modified',
    );
    assert.deepEqual(reorganize(old, [], [{ key: 'z' }], false).errors, ['taint "z" not found']);
  });
});

describe('drain filters', () => {
  const pod = (extra: object = {}): Parameters<typeof podStatus>[0] => ({
    metadata: { name: 'p', namespace: 'n', ...extra },
  });
  const opts = { ignoreDaemonSets: false, deleteEmptyDir: false, force: false };
  it('refuses unmanaged pods without --force and warns with it', () => {
    assert.match(podStatus(pod(), opts).error ?? '', /declare no controller/);
    assert.deepEqual(podStatus(pod(), { ...opts, force: true }), {
      delete: true,
      warning: 'deleting Pods that declare no controller',
    });
  });
  it('skips DaemonSet pods only with --ignore-daemonsets', () => {
    const ds = pod({ ownerReferences: [{ kind: 'DaemonSet', name: 'd', controller: true }] });
    assert.match(podStatus(ds, opts).error ?? '', /DaemonSet-managed/);
    assert.equal(podStatus(ds, { ...opts, ignoreDaemonSets: true }).delete, false);
  });
});
