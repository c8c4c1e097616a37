/**
 * `iddio audit report` against a known log: every figure is checked, in each format.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runIddio, tempDir } from '../helpers/cli.js';
import { INPUTS, knownLog, T0 } from './helpers/report-log.js';

interface JsonReport {
  scope: { events: number; firstSeq: number; lastSeq: number; lastHash: string };
  verification: { ok: boolean; events: number };
  agents: Array<{
    agent: string;
    commands: number;
    byTier: number[];
    decisions: Record<string, number>;
    identities: Record<string, number>;
    namespaceDenials: number;
    policyRules: Record<string, number>;
  }>;
  credentials: Array<{ action: string; agent: string; by: string }>;
  escalations: Array<{
    outcome: string;
    outcomeDerived: boolean;
    signed?: boolean;
    approver?: string;
  }>;
  denials: Array<{ outcome: string; agent: string; policyRule?: string }>;
  latency: {
    count: number;
    p50: number;
    p90: number;
    max: number;
    histogram: Array<{ upToMs: number | null; count: number }>;
  };
  anomalies: Array<{ kind: string }>;
  commands: unknown[];
}

test('json: the figures of a known log', async () => {
  const log = knownLog();
  const result = await runIddio(['audit', 'report', '--file', log, '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const r = JSON.parse(result.stdout) as JsonReport;
  assert.equal(r.verification.ok, true);
  assert.equal(r.scope.events, INPUTS.length);
  assert.equal(r.scope.firstSeq, 0);
  assert.equal(r.scope.lastSeq, INPUTS.length - 1);
  assert.match(r.scope.lastHash, /^[0-9a-f]{64}$/);
  const [claude, cursor] = r.agents;
  assert.deepEqual(
    {
      commands: claude?.commands,
      byTier: claude?.byTier,
      decisions: claude?.decisions,
      identities: claude?.identities,
    },
    {
      commands: 6,
      byTier: [2, 0, 1, 3, 0],
      decisions: { allow: 2, escalate: 4, deny: 0 },
      identities: { token: 6 },
    },
  );
  assert.deepEqual(
    {
      commands: cursor?.commands,
      namespaceDenials: cursor?.namespaceDenials,
      identities: cursor?.identities,
      rules: cursor?.policyRules,
    },
    {
      commands: 3,
      namespaceDenials: 1,
      identities: { token: 2, declared: 1 },
      rules: { 'default.2': 1, 'default.4': 1, 'agents.cursor.namespaces': 1 },
    },
  );
  assert.deepEqual(
    r.credentials.map((c) => [c.action, c.agent, c.by]),
    [
      ['add', 'claude', 'alice@ops1'],
      ['revoke', 'cursor', 'alice@ops1'],
    ],
  );
  assert.deepEqual(
    r.escalations.map((e) => [e.outcome, e.outcomeDerived, e.signed]),
    [
      ['approved', true, undefined],
      ['approved', false, true],
      ['approved', false, false],
      ['timed_out', false, undefined],
      ['not_approved', true, undefined],
    ],
  );
  assert.deepEqual(
    r.denials.map((d) => [d.agent, d.outcome]),
    [
      ['claude', 'timed_out'],
      ['cursor', 'not_approved'],
      ['cursor', 'denied'],
      ['cursor', 'denied'],
    ],
  );
  assert.deepEqual(
    { count: r.latency.count, p50: r.latency.p50, p90: r.latency.p90, max: r.latency.max },
    { count: 5, p50: 20000, p90: 90000, max: 90000 },
  );
  assert.deepEqual(
    r.latency.histogram.map((b) => b.count),
    [0, 2, 0, 1, 1, 1, 0, 0],
  );
  assert.equal(r.commands.length, 9);
  assert.deepEqual(r.anomalies, []);
});

test('--from/--to narrow the period; the scope names its bounds', async () => {
  const log = knownLog();
  const from = new Date(T0 + 3000).toISOString();
  const to = new Date(T0 + 6000).toISOString();
  const result = await runIddio([
    'audit',
    'report',
    '--file',
    log,
    '--format',
    'json',
    '--from',
    from,
    '--to',
    to,
  ]);
  const r = JSON.parse(result.stdout) as JsonReport & { scope: { from: string; to: string } };
  assert.equal(r.scope.events, 4);
  assert.equal(r.scope.firstSeq, 3);
  assert.equal(r.scope.from, from);
  assert.equal(r.verification.events, INPUTS.length, 'verification covers the whole log');
});

test('csv: a header and one row per command; formula-like text is defused', async () => {
  const log = knownLog();
  const result = await runIddio(['audit', 'report', '--file', log, '--format', 'csv']);
  const lines = result.stdout.trimEnd().split('\r\n');
  assert.equal(lines.length, 10);
  assert.match(lines[0] ?? '', /^time,seq,request_id,session,agent,identity,command,/);
  assert.match(lines[3] ?? '', /,approved,alice,tty,4000,0,10,1,sha256:a{64}$/);
  assert.match(lines[7] ?? '', /^[^,]+,\d+,idd_\w+,'@SUM\(A1\),cursor,/);
});

test('md and html carry the same sections; a tampered log still yields a report, which says so, and exit 5', async () => {
  const log = knownLog();
  const md = await runIddio(['audit', 'report', '--file', log, '--format', 'md']);
  for (const title of ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.2'])
    assert.match(md.stdout, new RegExp(`## ${title.replace('.', '\\.')} `));
  assert.match(md.stdout, /\*\*Unsigned approvals:\*\* 2/);
  const lines = readFileSync(log, 'utf8').split('\n');
  lines[3] = (lines[3] ?? '').replace('"tier":0', '"tier":1');
  writeFileSync(log, lines.join('\n'));
  const out = join(tempDir(), 'r.html');
  const html = await runIddio(['audit', 'report', '--file', log, '--out', out]);
  assert.equal(html.code, 5);
  assert.match(html.stderr, /did not verify/);
  assert.match(readFileSync(out, 'utf8'), /class="bad">FAILED \(edited\)/);
});

test('usage errors: a format, a time or a log that does not exist', async () => {
  const log = knownLog();
  const cases: Array<[string[], RegExp]> = [
    [['--format', 'pdf'], /invalid --format "pdf"/],
    [['--from', 'yesterday'], /invalid --from "yesterday"/],
    [['--from', '2026-11-21', '--to', '2026-11-20'], /--from is after --to/],
    [['--k8s-audit', '/nonexistent'], /cannot read the cluster audit log/],
  ];
  for (const [args, message] of cases) {
    const result = await runIddio(['audit', 'report', '--file', log, ...args]);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
  }
  const none = await runIddio(['audit', 'report', '--file', '/nonexistent/log']);
  assert.equal(none.code, 2);
});

test('text an agent controls stays text: no image, link or HTML in md, nothing active in html', async () => {
  const hostile = ['get', 'pods', '![x](http://iddio-leak.invalid/p.png)', '<img src=x>', 'a|b'];
  const { buildEvents, writeLog } = await import('./helpers/log.js');
  const { lines } = buildEvents(1, {
    input: () => ({
      stage: 'decided',
      request_id: 'idd_01JQ2Z3X4Y5V6W7T8S9R000001',
      agent: 'evil',
      argv: hostile,
      tier: 4,
      decision: 'deny',
    }),
  });
  const log = writeLog(join(tempDir(), 'audit.ndjson'), lines);
  const md = await runIddio(['audit', 'report', '--file', log, '--format', 'md']);
  assert.match(
    md.stdout,
    /!\\\[x\\\]\(http:\/\/iddio-leak\.invalid\/p\.png\) &lt;img src=x> a\\\|b/,
  );
  assert.doesNotMatch(md.stdout, /!\[x\]\(/);
  const html = await runIddio(['audit', 'report', '--file', log, '--format', 'html']);
  assert.doesNotMatch(html.stdout, /<img/);
  assert.match(html.stdout, /&#60;img src=x&#62;/);
});

test('--checkpoint: the report names the checkpoint it verified against, and a rewritten log fails it (exit 5)', async () => {
  const log = knownLog();
  const ckpt = join(tempDir(), 'ckpt.json');
  const made = await runIddio(['audit', 'checkpoint', '--file', log, '--out', ckpt]);
  assert.equal(made.code, 0, made.stderr);
  const good = await runIddio([
    'audit',
    'report',
    '--file',
    log,
    '--format',
    'json',
    '--checkpoint',
    ckpt,
  ]);
  assert.equal(good.code, 0, good.stderr);
  const r = JSON.parse(good.stdout) as {
    verification: { ok: boolean; checkpoint: { seq: number; signed: boolean } };
  };
  assert.deepEqual(r.verification.checkpoint.seq, INPUTS.length - 1);
  assert.equal(r.verification.checkpoint.signed, false);
  // Truncate the log by its last event: the chain still verifies alone, the checkpoint does not.
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
  const bad = await runIddio([
    'audit',
    'report',
    '--file',
    log,
    '--format',
    'json',
    '--checkpoint',
    ckpt,
  ]);
  assert.equal(bad.code, 5);
  const failed = JSON.parse(bad.stdout) as {
    verification: { ok: boolean; failure: { kind: string } };
  };
  assert.deepEqual(
    [failed.verification.ok, failed.verification.failure.kind],
    [false, 'truncated'],
  );
});
