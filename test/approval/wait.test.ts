/**
 * The inbox wait: notices a decision long before its timeout (watched or polled), idles without
 * spinning, ends at its timeout. Bounds here separate behaviours (noticed vs. timed out, idle vs.
 * busy-waiting) with room for a loaded CI machine; how fast it is, is measured in bench/ and
 * recorded in docs/benchmarks.md, never asserted.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  decisionPath,
  ensureInbox,
  waitForDecision,
  writeDecisionFile,
} from '../../src/approval/inbox.js';
import { tempDir } from '../helpers/cli.js';

const ID = 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R';

for (const watch of [true, false]) {
  test(`a decision is noticed long before the timeout (${watch ? 'fs.watch' : 'polling fallback'})`, async () => {
    const inbox = tempDir();
    ensureInbox(inbox);
    const waiting = waitForDecision(inbox, ID, { timeoutMs: 10_000, watch });
    await new Promise((r) => setTimeout(r, 300));
    const written = performance.now();
    assert.equal(writeDecisionFile(inbox, ID, '{"x":1}'), true);
    const result = await waiting;
    const noticed = performance.now() - written;
    assert.deepEqual(result, { kind: 'decision', text: '{"x":1}' });
    assert.ok(noticed < 3_000, `noticed after ${noticed.toFixed(0)} ms`);
  });
}

test('waiting uses almost no CPU, and ends at the timeout', async () => {
  const inbox = tempDir();
  ensureInbox(inbox);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await waitForDecision(inbox, ID, { timeoutMs: 1_500 });
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  assert.deepEqual(result, { kind: 'timeout' });
  assert.ok(elapsed >= 1_450 && elapsed < 4_000, `ended after ${elapsed.toFixed(0)} ms`);
  const cpuMs = (used.user + used.system) / 1000;
  // A busy wait would use most of the 1.5 s; polling and fs.watch use a few milliseconds.
  assert.ok(cpuMs < 300, `used ${cpuMs.toFixed(1)} ms of CPU in 1.5 s of waiting`);
});

test('an abort ends the wait at once; a second decision for the same request is refused', async () => {
  const inbox = tempDir();
  ensureInbox(inbox);
  const controller = new AbortController();
  const waiting = waitForDecision(inbox, ID, { timeoutMs: 5_000, signal: controller.signal });
  controller.abort();
  assert.deepEqual(await waiting, { kind: 'aborted' });
  assert.equal(writeDecisionFile(inbox, ID, 'first'), true);
  assert.equal(writeDecisionFile(inbox, ID, 'second'), false);
  assert.equal(readFileSync(decisionPath(inbox, ID), 'utf8'), 'first');
});

test('a decision caught mid-write gets a moment to become whole; one that never does is returned as it is', async () => {
  const inbox = tempDir();
  ensureInbox(inbox);
  const waiting = waitForDecision(inbox, ID, { timeoutMs: 5_000 });
  writeFileSync(decisionPath(inbox, ID), '{"v":');
  await new Promise((r) => setTimeout(r, 300));
  writeFileSync(decisionPath(inbox, ID), '{"v":1}');
  assert.deepEqual(await waiting, { kind: 'decision', text: '{"v":1}' });

  const other = tempDir();
  ensureInbox(other);
  const started = performance.now();
  const stuck = waitForDecision(other, ID, { timeoutMs: 10_000 });
  writeFileSync(decisionPath(other, ID), '{"v":');
  assert.deepEqual(await stuck, { kind: 'decision', text: '{"v":' });
  assert.ok(performance.now() - started < 5_000, 'returned as it is, not at the timeout');
});
