/**
 * The channel protocols of exec and attach, read as the gateway's recorder reads them: each
 * message's channel and data (binary protocols; base64 ones are not read), the error channel's exit code
 * (v4+ Status, earlier plain text), and the resize channel's size; plus the audit schema's
 * byte counts of an upgraded connection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSchema } from '../../src/audit/schema.js';
import {
  channelMessage,
  exitReport,
  isChannelProtocol,
  terminalSize,
} from '../../src/gateway/channels.js';

const status = (body: object): Buffer => Buffer.from(JSON.stringify(body));
const nonZero = (code: string): Buffer =>
  status({
    status: 'Failure',
    reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: exit status ${code}`,
    details: { causes: [{ reason: 'ExitCode', message: code }] },
  });

describe('exec/attach channel messages', () => {
  it('splits a message into channel and data', () => {
    assert.deepEqual(channelMessage(Buffer.from('\u0001hi')), {
      channel: 1,
      data: Buffer.from('hi'),
    });
    assert.equal(channelMessage(Buffer.alloc(0)), undefined);
  });

  it('reads no base64 protocol: the cluster reads their frames otherwise than a recording could', () => {
    assert.equal(isChannelProtocol('v4.base64.channel.k8s.io'), false);
    assert.equal(isChannelProtocol('base64.channel.k8s.io'), false);
    assert.equal(isChannelProtocol('v5.channel.k8s.io'), true);
  });

  const EXITS: Array<[string, string, Buffer, number, string | undefined]> = [
    ['Success', 'v5.channel.k8s.io', status({ status: 'Success' }), 0, undefined],
    ['NonZeroExitCode 3', 'v5.channel.k8s.io', nonZero('3'), 3, undefined],
    ['NonZeroExitCode 137', 'v4.channel.k8s.io', nonZero('137'), 137, undefined],
    [
      'a failure with no exit code',
      'v5.channel.k8s.io',
      status({ status: 'Failure', reason: 'InternalError', message: 'no such container' }),
      1,
      'no such container',
    ],
    ['an exit code that is not a number', 'v5.channel.k8s.io', nonZero('x'), 1, undefined],
    ['not JSON', 'v4.channel.k8s.io', Buffer.from('{broken'), 1, '{broken'],
    ['v3 plain text', 'v3.channel.k8s.io', Buffer.from('error text'), 1, 'error text'],
  ];
  for (const [name, protocol, data, code, message] of EXITS) {
    it(`error channel: ${name} → exit ${code}`, () => {
      const report = exitReport(protocol, data);
      assert.equal(report.exitCode, code);
      if (message !== undefined) assert.equal(report.message, message);
    });
  }

  it('reads a resize and refuses what is not one', () => {
    assert.deepEqual(terminalSize(Buffer.from('{"Width":132,"Height":43}')), {
      width: 132,
      height: 43,
    });
    for (const bad of ['{"Width":0,"Height":10}', '{"Width":1.5,"Height":2}', 'x', '{}']) {
      assert.equal(terminalSize(Buffer.from(bad)), undefined, bad);
    }
  });

  it('knows the channel subprotocols and nothing else', () => {
    assert.equal(isChannelProtocol('v5.channel.k8s.io'), true);
    assert.equal(isChannelProtocol('channel.k8s.io'), true);
    assert.equal(isChannelProtocol('SPDY/3.1'), false);
    assert.equal(isChannelProtocol('v6.channel.k8s.io'), false);
  });
});

describe('byte counts in the audit schema', () => {
  const event = (request: object): object => ({
    v: 1,
    seq: 0,
    ts: '2026-12-06T10:00:00.000Z',
    stage: 'completed',
    request_id: 'idd_x',
    prev_hash: '0'.repeat(64),
    hash: '0'.repeat(64),
    api_requests: [{ method: 'GET', path: '/p', status: 101, audit_id: 'a', ...request }],
  });
  it('accepts counts ≥ 0 and refuses anything else', () => {
    assert.equal(checkSchema(event({ bytes_to_cluster: 0, bytes_to_client: 12 })), undefined);
    assert.match(
      String(checkSchema(event({ bytes_to_client: -1 }))?.message),
      /\[0\]\.bytes_to_client must be an integer ≥ 0/,
    );
    assert.match(
      String(checkSchema(event({ bytes_to_cluster: '5' }))?.message),
      /bytes_to_cluster must be/,
    );
  });
});
