import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { AuditEventInput } from '../../src/audit/event.js';
import type { KubeInvocation } from '../../src/kube/index.js';
import { executeAndRecord } from '../../src/pipeline/execute.js';

function harness(executeInvocation: () => Promise<unknown>) {
  const recorded: AuditEventInput[] = [];
  const run = executeAndRecord({
    executor: Promise.resolve({
      executeInvocation,
    } as unknown as typeof import('../../src/kube/index.js')),
    invocation: {} as KubeInvocation,
    context: {
      requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
      agent: 'a',
      version: '0',
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      cacheDir: '/nonexistent',
      env: {},
    },
    preflight: [{ method: 'GET', path: '/count', status: 200, audit_id: 'idd-x-1' }],
    completed: { stage: 'completed', request_id: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R' },
    started: Date.now(),
    record: async (input) => {
      recorded.push(input);
    },
  });
  return { run, recorded };
}

test('an executor that throws still gets its completed event (exit 1, why), then the error surfaces', async () => {
  const { run, recorded } = harness(() => Promise.reject(new Error('boom')));
  await assert.rejects(run, /boom/);
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]?.exit_code, 1);
  assert.equal(recorded[0]?.reason, 'internal error: boom');
  assert.deepEqual(
    recorded[0]?.api_requests?.map((r) => r.path),
    ['/count'],
  );
});

test('a normal run records the executor exit code, its requests after the preflight ones, and the output hash', async () => {
  const { run, recorded } = harness(() =>
    Promise.resolve({
      exitCode: 0,
      apiRequests: [{ method: 'GET', path: '/pods', status: 200, audit_id: 'idd-x-2' }],
      outputSha256: 'ab'.repeat(32),
    }),
  );
  assert.equal(await run, 0);
  assert.deepEqual(
    recorded[0]?.api_requests?.map((r) => r.audit_id),
    ['idd-x-1', 'idd-x-2'],
  );
  assert.equal(recorded[0]?.output_sha256, 'ab'.repeat(32));
  assert.equal(recorded[0]?.reason, undefined);
});

test('the completion step puts the recording digest in the event; a recording that cannot be stored is said in reason, and the command keeps its exit code', async () => {
  const { Recorder } = await import('../../src/recording/recorder.js');
  const { recordCompleted } = await import('../../src/pipeline/complete.js');
  const { tempDir } = await import('../helpers/cli.js');
  const { writeFileSync } = await import('node:fs');
  const make = (sessionsDir: string) =>
    new Recorder({
      sessionsDir,
      settings: { maxBytes: 1024, retentionMs: 0 },
      scope: { secrets: false, format: 'safe' },
      requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
      startedMs: 0,
    });
  const recorded: AuditEventInput[] = [];
  const record = async (input: AuditEventInput) => {
    recorded.push(input);
  };
  const event: AuditEventInput = {
    stage: 'completed',
    request_id: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
    exit_code: 0,
  };
  const good = make(tempDir());
  good.capture.write('stdout', 'ok\n');
  await recordCompleted(event, good, record);
  assert.match(recorded[0]?.recording ?? '', /^sha256:[0-9a-f]{64}$/);
  // sessions/ is a file: nothing can be stored there.
  const blocked = `${tempDir()}/sessions`;
  writeFileSync(blocked, '');
  await recordCompleted({ ...event, reason: 'interrupted' }, make(blocked), record);
  assert.equal(recorded[1]?.recording, undefined);
  assert.match(recorded[1]?.reason ?? '', /^interrupted; recording not stored: /);
  assert.equal(recorded[1]?.exit_code, 0);
});
