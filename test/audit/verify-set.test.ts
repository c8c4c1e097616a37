/**
 * `audit verify --file A --file B`: a set of logs (one per gateway replica, each its own
 * chain) is verified log by log; every log is reported, and one that is not intact is exit 5.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { appendAuditEvent } from '../../src/audit/writer.js';
import { runIddio, tempDir } from '../helpers/cli.js';
import { sampleInput } from './helpers/log.js';

async function log(path: string, events: number): Promise<void> {
  for (let i = 0; i < events; i++) await appendAuditEvent(path, sampleInput(i));
}

test('every log of a set is verified on its own chain; one tampered log makes the set exit 5', async () => {
  const dir = tempDir('iddio-verify-set-');
  const a = join(dir, 'replica-a.ndjson');
  const b = join(dir, 'replica-b.ndjson');
  await log(a, 3);
  await log(b, 4);
  const intact = await runIddio(['audit', 'verify', '--file', a, '--file', b]);
  assert.equal(intact.code, 0, intact.stderr);
  assert.equal(intact.stdout.match(/audit log intact/g)?.length, 2, intact.stdout);

  writeFileSync(b, readFileSync(b, 'utf8').replace('"seq":1', '"seq":7'));
  const tampered = await runIddio(['audit', 'verify', '--file', a, '--file', b]);
  assert.equal(tampered.code, 5);
  assert.match(tampered.stdout, /audit log intact/);
  assert.notEqual(tampered.stdout.match(/audit log intact/g)?.length, 2);

  const both = await runIddio(['audit', 'verify', '--file', a, '--file', b, '--checkpoint', a]);
  assert.equal(both.code, 2);
});
