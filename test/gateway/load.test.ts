/**
 * The gateway under load and under slow clients: 1,000 connections at once each get their
 * answer and leave their `decided` and `completed` events, in one intact chain that the
 * independent Python verifier agrees with; a client that sends half its headers is cut off.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { verifyLog } from '../../src/audit/verify-log.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { pythonVerify } from '../audit/helpers/log.js';
import { auditEvents, eventually, gatewayFor, type TestGateway } from './helpers.js';

const CONNECTIONS = 1000;

function get(gw: TestGateway, path: string, agent: https.Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = https.request(
      new URL(path, gw.gateway.url),
      { ca: gw.caCert, agent, headers: { Authorization: `Bearer ${gw.token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('iddio serve under load', () => {
  let sandbox: Sandbox;
  let gw: TestGateway;
  before(async () => {
    sandbox = await startSandbox();
    gw = await gatewayFor(sandbox.kubeconfigPath, { extra: { idleMs: 50 } });
  });
  after(async () => {
    await gw.stop();
    await sandbox.stop();
  });

  it(`${CONNECTIONS} concurrent connections: every one answered, every one on record, the chain intact`, async () => {
    // One connection per request, all opened at once.
    const agent = new https.Agent({ keepAlive: false, maxSockets: Infinity });
    const statuses = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) =>
        get(gw, `/api/v1/namespaces/payments/configmaps?i=${i}`, agent),
      ),
    );
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
    );
    const events = await eventually(() => {
      const all = auditEvents(gw.paths.auditLog);
      return all.filter((e) => e.stage === 'completed').length >= CONNECTIONS ? all : undefined;
    }, 60_000);
    const decided = events.filter((e) => e.stage === 'decided');
    const completed = events.filter((e) => e.stage === 'completed');
    assert.equal(decided.length, CONNECTIONS);
    assert.equal(completed.length, CONNECTIONS);
    assert.equal(new Set(completed.map((e) => e.request_id)).size, CONNECTIONS);
    const report = await verifyLog(gw.paths.auditLog);
    assert.equal(report.ok, true, report.failure?.message);
    assert.equal(pythonVerify(gw.paths.auditLog).ok, true);
  });
});

describe('iddio serve and slow clients', () => {
  let sandbox: Sandbox;
  let gw: TestGateway;
  before(async () => {
    sandbox = await startSandbox();
    gw = await gatewayFor(sandbox.kubeconfigPath);
  });
  after(async () => {
    await gw.stop();
    await sandbox.stop();
  });

  it('a client that never finishes its headers is disconnected, and the gateway keeps serving', async () => {
    const url = new URL(gw.gateway.url);
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), ca: gw.caCert }, () => {
        socket.write('GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n'); // and nothing more
      });
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(answer.startsWith('HTTP/1.1 408')));
      setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 45_000).unref();
    });
    assert.equal(closed, true, 'the half-sent request is answered 408 and cut off');
    const agent = new https.Agent({ keepAlive: false });
    assert.equal(await get(gw, '/api/v1/namespaces/payments/pods', agent), 200);
  });
});
