/**
 * An exec run by `iddio kubectl` in local mode goes to the real kubectl behind the ephemeral
 * gateway, which records the session as `iddio serve` does: the command's `completed` event
 * names the stored asciicast (typed input and output), carries kubectl's exit code and the
 * connection's bytes, and the chain verifies. The "kubectl" here is a small WebSocket client
 * speaking `v5.channel.k8s.io`, as kubectl 1.30+ does first, against a scripted upstream.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyLog } from '../../src/audit/verify-log.js';
import { readRecording, recordingPath } from '../../src/recording/store.js';
import { ROOT, runIddio, tempDir } from '../helpers/cli.js';
import { auditEvents, streamsOf } from '../gateway/helpers.js';
import { streamUpstream, type StreamUpstream } from '../gateway/stream-upstream.js';

/** Sends two stdin lines and a resize, prints stdout, exits with the error channel's code. */
const FAKE_KUBECTL = `#!${process.execPath}
const fs = require('fs');
const { WebSocket } = require(${JSON.stringify(join(ROOT, 'node_modules', 'ws'))});
const text = fs.readFileSync(process.env.KUBECONFIG, 'utf8');
const server = /server: (\\S+)/.exec(text)[1];
const token = /token: (\\S+)/.exec(text)[1];
const ca = Buffer.from(/certificate-authority-data: (\\S+)/.exec(text)[1], 'base64');
const ws = new WebSocket(server.replace('https:', 'wss:') + '/api/v1/namespaces/payments/pods/api/exec?command=sh&stdin=true&stdout=true', ['v5.channel.k8s.io'], { ca, headers: { Authorization: 'Bearer ' + token } });
let code = 1;
ws.on('open', () => {
  ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":120,"Height":40}')]));
  ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello\\n')]));
  ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('exit 4\\n')]));
});
ws.on('message', (data) => {
  if (data[0] === 1) process.stdout.write(data.subarray(1));
  if (data[0] === 3) {
    const status = JSON.parse(data.subarray(1).toString());
    code = status.status === 'Success' ? 0 : Number(status.details.causes[0].message);
  }
});
ws.on('close', () => process.exit(code));
ws.on('error', (e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
`;

describe('iddio kubectl exec in local mode is recorded at the ephemeral gateway', () => {
  let upstream: StreamUpstream;
  before(async () => {
    upstream = await streamUpstream();
  });
  after(() => upstream.close());

  it('stores the session, names it in completed with kubectl exit code, and the chain verifies', async () => {
    const home = tempDir('iddio-ptr-home-');
    writeFileSync(
      join(home, 'policy.yaml'),
      'version: 1\nagents:\n  bot:\n    tiers: { 4: allow }\nrecording:\n  interactive: required\n',
    );
    const fake = join(tempDir('iddio-ptr-fake-'), 'kubectl');
    writeFileSync(fake, FAKE_KUBECTL);
    chmodSync(fake, 0o755);
    // A temporary folder of its own: passthrough.test.ts watches the shared one for leftovers.
    const tmp = tempDir('iddio-ptr-tmp-');
    const result = await runIddio(['kubectl', 'exec', 'api', '-n', 'payments', '-i', '--', 'sh'], {
      env: {
        TMPDIR: tmp,
        KUBECONFIG: upstream.kubeconfig,
        HOME: tempDir('iddio-ptr-h-'),
        IDDIO_HOME: home,
        IDDIO_AGENT: 'bot',
        IDDIO_KUBECTL: fake,
      },
    });
    assert.equal(result.code, 4, result.stderr);
    assert.equal(result.stdout, 'HELLO\n');
    assert.deepEqual(readdirSync(tmp), [], 'the temporary kubeconfig is removed');

    const log = join(home, 'audit', 'audit.ndjson');
    const completed = auditEvents(log).findLast((e) => e.stage === 'completed');
    assert.equal(completed?.exit_code, 4);
    const reference = completed?.recording ?? '';
    const sessions = join(home, 'sessions');
    const bytes = readFileSync(recordingPath(sessions, reference));
    assert.equal(`sha256:${createHash('sha256').update(bytes).digest('hex')}`, reference);
    const recording = readRecording(sessions, reference);
    assert.equal(recording.header.width, 120);
    assert.deepEqual(streamsOf(recording.events), [
      ['r', '120x40'],
      ['i', 'hello\nexit 4\n'],
      ['o', 'HELLO\n'],
    ]);
    const exec = completed?.api_requests?.find((r) => r.status === 101);
    assert.ok((exec?.bytes_to_cluster ?? 0) > 0);
    assert.equal((await verifyLog(log)).ok, true);
  });
});
