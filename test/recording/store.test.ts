import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Recorder, DEFAULT_RECORDING } from '../../src/recording/recorder.js';
import {
  pruneRecordings,
  readRecording,
  recordingPath,
  RecordingStoreError,
  storeRecording,
} from '../../src/recording/store.js';
import { tempDir } from '../helpers/cli.js';

function recorder(
  dir: string,
  maxBytes = DEFAULT_RECORDING.maxBytes,
  requestId = 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
) {
  return new Recorder({
    sessionsDir: dir,
    settings: { maxBytes, retentionMs: 0 },
    scope: { secrets: false, format: 'safe' },
    requestId,
    agent: 'a',
    session: 's',
    command: 'kubectl get pods',
    startedMs: 0,
    now: () => 250,
  });
}

test('a recording is stored gzipped, 0600, under the SHA-256 of its bytes, and reads back', () => {
  const dir = tempDir();
  const r = recorder(dir);
  r.capture.write('stdout', 'NAME\napi\n');
  r.capture.write('stderr', 'warning\n');
  const reference = r.finish();
  const path = recordingPath(dir, reference);
  const bytes = readFileSync(path);
  assert.equal(`sha256:${createHash('sha256').update(bytes).digest('hex')}`, reference);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(`${dir}/sha256`).mode & 0o777, 0o700);
  assert.match(gunzipSync(bytes).toString(), /^\{"version":2,/);
  const back = readRecording(dir, reference);
  assert.equal(back.header.iddio.request_id, 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R');
  assert.deepEqual(back.events, [
    [0.25, 'o', 'NAME\napi\n'],
    [0.25, 'e', 'warning\n'],
  ]);
});

test('output past the cap is left out and a marker says how much', () => {
  const dir = tempDir();
  const r = recorder(dir, 1024);
  r.capture.write('stdout', 'x'.repeat(3000));
  const back = readRecording(dir, r.finish());
  assert.equal(back.header.iddio.dropped_bytes, 3000 - 1024);
  assert.match(back.events.at(-1)?.[2] ?? '', /truncated at 1024 bytes; 1976 more bytes/);
  assert.equal(back.events[0]?.[2].length, 1024);
});

test('an altered, missing or badly named recording is refused with its own code', () => {
  const dir = tempDir();
  const r = recorder(dir);
  r.capture.write('stdout', 'hello\n');
  const reference = r.finish();
  const path = recordingPath(dir, reference);
  const bytes = readFileSync(path);
  bytes.writeUInt8((bytes.readUInt8(bytes.length - 5) ^ 1) & 0xff, bytes.length - 5);
  writeFileSync(path, bytes);
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof RecordingStoreError);
      return error.code;
    }
    return 'no error';
  };
  assert.equal(
    code(() => readRecording(dir, reference)),
    'corrupt',
  );
  assert.equal(
    code(() => readRecording(dir, `sha256:${'0'.repeat(64)}`)),
    'missing',
  );
  assert.equal(
    code(() => readRecording(dir, '../../etc/passwd')),
    'bad-reference',
  );
});

test('retention removes recordings older than the setting, at most once an hour', () => {
  const dir = tempDir();
  const old = recorder(dir, 1024, 'idd_01M8B7E3QSVXRGS6WDVWC5JV4A');
  old.capture.write('stdout', 'old\n');
  const oldRef = old.finish();
  const fresh = recorder(dir, 1024, 'idd_01M8B7E3QSVXRGS6WDVWC5JV4B');
  fresh.capture.write('stdout', 'fresh\n');
  const freshRef = fresh.finish();
  const day = 86_400_000;
  const now = Date.now();
  utimesSync(recordingPath(dir, oldRef), (now - 3 * day) / 1000, (now - 3 * day) / 1000);
  assert.equal(pruneRecordings(dir, 2 * day, now), 1);
  assert.throws(() => readRecording(dir, oldRef), /not in/);
  assert.equal(readRecording(dir, freshRef).events[0]?.[2], 'fresh\n');
  assert.equal(pruneRecordings(dir, 1, now + 1000), 0, 'not again within the hour');
});

test('a sessions folder the kernel will not create (under /proc) fails at once, never spins', () => {
  // Node 20's recursive mkdir loops for ever on such a path; an agent controls IDDIO_HOME.
  assert.throws(
    () => storeRecording('/proc/self/no-such/sessions', '{"version":2}\n'),
    (error: NodeJS.ErrnoException) =>
      typeof error.code === 'string' || /cannot/.test(error.message),
  );
});
