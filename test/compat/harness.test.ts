/** The differential suites' comparison: what it forgives, and what it must not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare } from './harness.js';

const run = (stdout: string) => ({ code: 0, stdout, stderr: '' });
const argv = ['get', 'pods'];

test('a width difference fails when the ages are the same on both sides', () => {
  const real = 'NAME   AGE\napi    3d\n';
  const ours = 'NAME  AGE\napi   3d\n';
  assert.ok(compare(argv, run(real), run(ours)));
});

test('column padding is forgiven only when an age ticked over between the two sides', () => {
  const real = 'NAME   RESTARTS       AGE\napi    2 (10s ago)    3d\n';
  const ours = 'NAME   RESTARTS      AGE\napi    2 (9s ago)    3d\n';
  assert.equal(compare(argv, run(real), run(ours)), undefined);
  // ... but not a different word or a missing row.
  assert.ok(compare(argv, run(real), run(ours.replace('api', 'apx'))));
  assert.ok(compare(argv, run(real), run('NAME   RESTARTS      AGE\n')));
});
