/**
 * End to end through the built binary (run `npm run build` first): verify, checkpoint, log and
 * summary as a user or CI job runs them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEventInput } from '../../src/audit/event.js';
import { runIddio } from '../helpers/cli.js';
import { buildEvents, tmp, writeLog } from './helpers/log.js';

function homeWithLog(lines: string[]): { home: string; log: string } {
  const home = tmp('iddio-home-');
  mkdirSync(join(home, 'audit'), { recursive: true });
  return { home, log: writeLog(join(home, 'audit', 'audit.ndjson'), lines) };
}

const { lines } = buildEvents(30);

describe('iddio audit (end to end)', () => {
  it('verify: exit 0 on an intact log at the default path', async () => {
    const { home } = homeWithLog(lines);
    const run = await runIddio(['audit', 'verify'], { env: { IDDIO_HOME: home } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^audit log intact: 30 events in 1 file, last seq 29 /);
  });

  it('verify: exit 5 and one line naming kind, file, line and seq; github and json formats', async () => {
    const tampered = [...lines];
    tampered.splice(7, 1);
    const { home, log } = homeWithLog(tampered);
    const env = { IDDIO_HOME: home };
    const text = await runIddio(['audit', 'verify', '--file', log], { env });
    assert.equal(text.code, 5);
    assert.equal(text.stdout, '');
    assert.match(
      text.stderr,
      /^iddio: audit log not intact: deleted: .*audit\.ndjson:8 \(seq 8\): seq 7 is missing/,
    );
    assert.equal(text.stderr.trimEnd().split('\n').length, 1);

    const gh = await runIddio(['audit', 'verify', '--format', 'github'], { env });
    assert.equal(gh.code, 5);
    assert.match(
      gh.stdout,
      /^::error file=[^,]*audit\.ndjson,line=8,title=audit verify%3A deleted::deleted: /,
    );

    const json = await runIddio(['audit', 'verify', '--format', 'json'], { env });
    assert.equal(json.code, 5);
    const doc = JSON.parse(json.stdout) as {
      ok: boolean;
      events: number;
      failure: { kind: string; line: number; seq: number };
    };
    assert.equal(doc.ok, false);
    assert.equal(doc.events, 7);
    assert.deepEqual([doc.failure.kind, doc.failure.line, doc.failure.seq], ['deleted', 8, 8]);
  });

  it('verify: a new home (no log yet) is not tampering; a named or checkpointed log must exist', async () => {
    const home = tmp('iddio-home-');
    for (const [format, expected] of [
      ['text', /^no audit log yet at .*audit\.ndjson: nothing has been recorded/],
      ['github', /^::notice title=audit verify::no audit log yet at /],
      ['json', /^\{"ok":true,"events":0,"files":\[\],"no_log_yet":true\}\n$/],
    ] as const) {
      const run = await runIddio(['audit', 'verify', '--format', format], {
        env: { IDDIO_HOME: home },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, expected);
      assert.doesNotMatch(run.stdout, /::error|line=0/);
    }
    const named = await runIddio(
      ['audit', 'verify', '--file', join(home, 'gone.ndjson'), '--format', 'github'],
      {
        env: { IDDIO_HOME: home },
      },
    );
    assert.equal(named.code, 5);
    assert.match(
      named.stdout,
      /^::error file=[^,]*gone\.ndjson,title=audit verify%3A missing::missing: no audit log at /,
    );
  });

  it('verify: exit 2 on a bad --format', async () => {
    const run = await runIddio(['audit', 'verify', '--format', 'xml']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid --format "xml"/);
  });

  it('checkpoint: signed, then verify --checkpoint catches truncation and a forged checkpoint', async () => {
    const { home, log } = homeWithLog(lines);
    const env = { IDDIO_HOME: home };
    assert.equal((await runIddio(['audit', 'checkpoint', '--init-key'], { env })).code, 0);
    const cpPath = join(home, 'cp.json');
    const made = await runIddio(['audit', 'checkpoint', '--out', cpPath], { env });
    assert.equal(made.code, 0, made.stderr);
    const cp = JSON.parse(readFileSync(cpPath, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(cp).sort(), ['file', 'hash', 'key_id', 'seq', 'sig', 'ts', 'v']);
    assert.equal(cp.seq, 29);

    const ok = await runIddio(['audit', 'verify', '--checkpoint', cpPath], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /checkpoint seq 29 holds \(signature good\)/);

    writeLog(log, lines.slice(0, 20));
    const cut = await runIddio(['audit', 'verify', '--checkpoint', cpPath, '--format', 'json'], {
      env,
    });
    assert.equal(cut.code, 5);
    assert.equal(
      (JSON.parse(cut.stdout) as { failure: { kind: string } }).failure.kind,
      'truncated',
    );

    writeLog(log, lines);
    writeFileSync(cpPath, JSON.stringify({ ...cp, seq: 20 }));
    const forged = await runIddio(['audit', 'verify', '--checkpoint', cpPath], { env });
    assert.equal(forged.code, 5);
    assert.match(forged.stderr, /checkpoint: .*bad checkpoint signature/);
  });

  it('checkpoint: refuses a log that does not verify (exit 5)', async () => {
    const { home } = homeWithLog(lines.slice(1));
    const run = await runIddio(['audit', 'checkpoint'], { env: { IDDIO_HOME: home } });
    assert.equal(run.code, 5);
    assert.match(run.stderr, /^iddio: no checkpoint written: /);
  });

  it('log: filters, NDJSON, and a table with control characters stripped', async () => {
    const input = (i: number): AuditEventInput => ({
      stage: 'decided',
      request_id: `idd_${i}`,
      agent: i % 2 ? 'evil\u001b]0;pwned\u0007\u001b[2J' : 'claude-code',
      tier: i % 5,
      decision: i % 5 === 4 ? 'deny' : 'allow',
      namespace: i % 3 ? 'payments' : 'dev',
      argv: ['get', 'pods', `p${i}`],
    });
    const { home } = homeWithLog(
      buildEvents(20, { input, start: new Date('2026-01-01T00:00:00.000Z') }).lines,
    );
    const env = { IDDIO_HOME: home };
    const json = await runIddio(
      ['audit', 'log', '--json', '--agent', 'claude-code', '--min-tier', '2'],
      { env },
    );
    assert.equal(json.code, 0, json.stderr);
    const events = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { agent: string; tier: number; seq: number });
    assert.deepEqual(
      events.map((e) => e.seq),
      [2, 4, 8, 12, 14, 18],
    );
    const denied = await runIddio(
      ['audit', 'log', '--json', '--decision', 'deny', '--namespace', 'dev'],
      { env },
    );
    assert.deepEqual(
      denied.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { seq: number }).seq),
      [9],
    );
    const old = await runIddio(['audit', 'log', '--json', '--since', '1h'], { env });
    assert.equal(old.stdout.length, 0, 'the fixture events are months old');
    const since = await runIddio(['audit', 'log', '--json', '--since', '2026-01-01T00:00:15Z'], {
      env,
    });
    assert.equal(since.stdout.trimEnd().split('\n').length, 5);

    const table = await runIddio(['audit', 'log'], { env });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^TIME +STAGE +AGENT +TIER +DECISION/);
    assert.equal(table.stdout.trimEnd().split('\n').length, 21);
    assert.doesNotMatch(table.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(table.stdout, /\bevil +T1 /);
    assert.doesNotMatch(table.stdout, /pwned/, 'the OSC title sequence is removed whole');

    const bad = await runIddio(['audit', 'log', '--tier', '9'], { env });
    assert.equal(bad.code, 2);
  });

  it('summary: per agent counts by tier, verb and outcome', async () => {
    const input = (i: number): AuditEventInput =>
      i < 500
        ? {
            stage: 'decided',
            request_id: `idd_${i}`,
            agent: 'claude-code',
            verb: 'get',
            tier: 0,
            decision: 'allow',
          }
        : {
            stage: 'decided',
            request_id: `idd_${i}`,
            agent: 'claude-code',
            verb: 'delete',
            tier: 3,
            decision: 'escalate',
            ...(i < 502
              ? { approved_by: 'alice', approval_channel: 'tty', approval_latency_ms: 900 }
              : {}),
          };
    const { lines: summaryLines } = buildEvents(503, { input });
    const { home } = homeWithLog(summaryLines);
    const run = await runIddio(['audit', 'summary'], { env: { IDDIO_HOME: home } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'claude-code  500 T0 reads · 3 T3 deletes (2 approved, 1 denied)\n');
    const byTier = await runIddio(['audit', 'summary', '--by', 'tier', '--json'], {
      env: { IDDIO_HOME: home },
    });
    const doc = JSON.parse(byTier.stdout) as {
      by: string;
      groups: Array<{ key: string; total: number }>;
    };
    assert.deepEqual(
      doc.groups.map((g) => [g.key, g.total]),
      [
        ['T0', 500],
        ['T3', 3],
      ],
    );
  });
});
