/**
 * Building logs for tests without the writer's lock and fsync (fast), and tampering with them.
 * Lines are built with the same sealEvent the writer uses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalize, eventHash } from '../../../src/audit/canonical.js';
import { sealEvent, type ChainHead } from '../../../src/audit/chain.js';
import type { AuditEvent, AuditEventInput } from '../../../src/audit/event.js';

export const PY_VERIFIER = join(dirname(fileURLToPath(import.meta.url)), '..', 'verify_audit.py');

export function tmp(prefix = 'iddio-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const AGENTS = ['claude-code', 'cursor', 'codex'];
const VERBS: Array<[string, number, string]> = [
  ['get', 0, 'pods'],
  ['apply', 2, 'deployments'],
  ['delete', 3, 'pods'],
  ['exec', 4, 'pods'],
];

/** A plausible input for the i-th event: commands of several agents, tiers and outcomes. */
export function sampleInput(i: number): AuditEventInput {
  const [verb, tier, resource] = VERBS[i % VERBS.length] as [string, number, string];
  const decision = tier === 0 ? 'allow' : tier === 4 ? 'deny' : 'escalate';
  return {
    stage: 'decided',
    request_id: `idd_01JQ2Z3X4Y5V6W7T8S9R${String(i).padStart(6, '0')}`,
    agent: AGENTS[i % AGENTS.length],
    identity: 'declared',
    argv: [verb, resource, `name-${i}`, '-n', 'payments'],
    verb,
    resource,
    namespace: 'payments',
    names: [`name-${i}`],
    tier,
    tier_label: ['observe', 'operate', 'modify', 'sensitive', 'break-glass'][tier],
    rule: `${verb}.${resource}`,
    decision,
    ...(decision === 'escalate' && i % 3 !== 0
      ? { approved_by: 'alice', approval_channel: 'tty', approval_latency_ms: 1200 }
      : {}),
    reason: i % 7 === 0 ? 'tab\there "quoted" é ✓ \u001f' : undefined,
  };
}

/** Sealed events and their lines (each ending in "\n"), continuing from `head`. */
export function buildEvents(
  count: number,
  options: { head?: ChainHead; start?: Date; input?: (i: number) => AuditEventInput } = {},
): { events: AuditEvent[]; lines: string[] } {
  const events: AuditEvent[] = [];
  const lines: string[] = [];
  let head = options.head;
  const start = options.start?.getTime() ?? Date.parse('2026-11-26T08:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const seq = head ? head.seq + 1 : 0;
    const { event, line } = sealEvent(
      (options.input ?? sampleInput)(seq),
      head,
      new Date(start + seq * 1000),
    );
    events.push(event);
    lines.push(line);
    head = event;
  }
  return { events, lines };
}

/** The line of an event after changing it, re-hashed (as an attacker who knows the format would). */
export function rehashed(event: Record<string, unknown>): string {
  const copy = { ...event };
  copy.hash = eventHash(copy);
  return `${canonicalize(copy)}\n`;
}

export function writeLog(path: string, lines: string[]): string {
  writeFileSync(path, lines.join(''));
  return path;
}

export interface PyResult {
  ok: boolean;
  events: number;
  file: string | null;
  line: number | null;
  reason: string | null;
}

export function pythonVerify(path: string): PyResult {
  const run = spawnSync('python3', [PY_VERIFIER, path], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`python verifier crashed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PyResult;
}
