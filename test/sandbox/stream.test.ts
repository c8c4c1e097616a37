import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { LOG_LINES } from '../../src/sandbox/logs.js';
import { call, stream, TABLE_ACCEPT } from './helpers.js';

type Obj = Record<string, unknown>;
const NOW = new Date('2026-03-01T12:00:00Z');
let sandbox: Sandbox;
let worker = '';
before(async () => {
  sandbox = await startSandbox({ now: () => NOW });
  const pods = (
    await call(sandbox, 'GET', '/api/v1/namespaces/payments/pods?labelSelector=app%3Dworker')
  ).json();
  worker = String(((pods.items as Obj[])[0]?.metadata as Obj).name);
});
after(async () => {
  await sandbox.stop();
});

describe('watch', () => {
  it('streams the current objects, then changes as they happen', async () => {
    const w = stream(sandbox, '/api/v1/namespaces/staging/configmaps?watch=true');
    assert.equal(await w.status, 200);
    await w.waitFor(1); // web-config
    await call(sandbox, 'POST', '/api/v1/namespaces/staging/configmaps', {
      body: { metadata: { name: 'watched' } },
    });
    await call(sandbox, 'PATCH', '/api/v1/namespaces/staging/configmaps/watched', {
      body: { data: { a: '1' } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    await call(sandbox, 'DELETE', '/api/v1/namespaces/staging/configmaps/watched');
    const events = (await w.waitFor(4)).map((l) => JSON.parse(l) as { type: string; object: Obj });
    w.stop();
    assert.deepEqual(
      events.map((e) => e.type),
      ['ADDED', 'ADDED', 'MODIFIED', 'DELETED'],
    );
    assert.equal((events[0]?.object.metadata as Obj).name, 'web-config');
    assert.equal((events[3]?.object.metadata as Obj).name, 'watched');
  });

  it('resumes after a resourceVersion and filters by selector', async () => {
    const list = (await call(sandbox, 'GET', '/api/v1/namespaces/staging/configmaps')).json();
    const rv = String((list.metadata as Obj).resourceVersion);
    await call(sandbox, 'POST', '/api/v1/namespaces/staging/configmaps', {
      body: { metadata: { name: 'skip', labels: { w: 'no' } } },
    });
    await call(sandbox, 'POST', '/api/v1/namespaces/staging/configmaps', {
      body: { metadata: { name: 'keep', labels: { w: 'yes' } } },
    });
    const w = stream(
      sandbox,
      `/api/v1/namespaces/staging/configmaps?watch=1&resourceVersion=${rv}&labelSelector=w%3Dyes`,
    );
    const [line] = await w.waitFor(1);
    w.stop();
    const event = JSON.parse(line ?? '{}') as { type: string; object: Obj };
    assert.equal(event.type, 'ADDED');
    assert.equal((event.object.metadata as Obj).name, 'keep');
  });

  it('reports an object leaving or entering the selector as DELETED or ADDED', async () => {
    const path = '/api/v1/namespaces/staging/configmaps';
    await call(sandbox, 'POST', path, {
      body: { metadata: { name: 'mover', labels: { tier: 'a' } } },
    });
    const w = stream(sandbox, `${path}?watch=true&labelSelector=tier%3Da`);
    await w.waitFor(1);
    const relabel = (tier: string) =>
      call(sandbox, 'PATCH', `${path}/mover`, {
        body: { metadata: { labels: { tier } } },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
    await relabel('b');
    await relabel('a');
    const events = (await w.waitFor(3)).map((l) => (JSON.parse(l) as { type: string }).type);
    w.stop();
    assert.deepEqual(events, ['ADDED', 'DELETED', 'ADDED']);
  });

  it('watches as Tables when asked', async () => {
    const w = stream(sandbox, '/api/v1/namespaces/staging/pods?watch=true', {
      Accept: TABLE_ACCEPT,
    });
    const [line] = await w.waitFor(1);
    w.stop();
    const event = JSON.parse(line ?? '{}') as { object: Obj };
    assert.equal(event.object.kind, 'Table');
  });

  it('rejects a malformed resourceVersion with 400', async () => {
    const reply = await call(sandbox, 'GET', '/api/v1/pods?watch=true&resourceVersion=abc');
    assert.equal(reply.status, 400);
  });
});

describe('pods/log', () => {
  const log = (query: string) =>
    call(sandbox, 'GET', `/api/v1/namespaces/payments/pods/${worker}/log?${query}`);

  it('returns the same lines every time, honouring container and tailLines', async () => {
    const full = await log('container=worker');
    assert.equal(full.status, 200);
    const lines = full.text.trimEnd().split('\n');
    assert.equal(lines.length, LOG_LINES);
    assert.equal(lines[0], `level=info msg="starting" pod=${worker} container=worker seq=1`);
    assert.equal((await log('container=worker')).text, full.text);
    const tail = (await log('container=metrics&tailLines=3')).text.trimEnd().split('\n');
    assert.equal(tail.length, 3);
    assert.ok(tail.every((l) => l.includes('container=metrics')));
    assert.equal((await log('container=worker&tailLines=0')).text, '');
  });

  it('honours sinceSeconds and timestamps against the clock', async () => {
    const recent = (await log('container=worker&sinceSeconds=60&timestamps=true')).text
      .trimEnd()
      .split('\n');
    assert.equal(recent.length, 3); // lines are 30 s apart, the last one "now"
    assert.equal(recent[2]?.split(' ')[0], '2026-03-01T12:00:00.000000000Z');
  });

  it('serves previous logs only for restarted containers', async () => {
    const previous = await log('container=worker&previous=true');
    assert.equal(previous.status, 200);
    assert.match(previous.text, /exiting with status 1/);
    const toolbox = await call(
      sandbox,
      'GET',
      '/api/v1/namespaces/default/pods/toolbox/log?previous=true',
    );
    assert.equal(toolbox.status, 400);
    assert.equal(
      toolbox.json().message,
      'previous terminated container "toolbox" in pod "toolbox" not found',
    );
  });

  it('refuses an ambiguous or unknown container', async () => {
    const ambiguous = await log('');
    assert.equal(ambiguous.status, 400);
    assert.match(
      String(ambiguous.json().message),
      /a container name must be specified for pod .*, choose one of: \[worker metrics\]/,
    );
    const unknown = await log('container=nope');
    assert.equal(unknown.status, 400);
    assert.equal((await log('container=worker&tailLines=-1')).status, 400);
  });

  it('follows: the backlog, then new lines until the client leaves', async () => {
    const f = stream(
      sandbox,
      `/api/v1/namespaces/payments/pods/${worker}/log?container=worker&follow=true&tailLines=1`,
    );
    const lines = await f.waitFor(2, 4000);
    f.stop();
    assert.match(lines[0] ?? '', /seq=20$/);
    assert.match(lines[1] ?? '', /seq=21$/);
  });
});
