/** Generates realistic audit logs for the benchmarks, without the writer's lock and fsync. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { sealEvent, type ChainHead } from '../src/audit/chain.js';
import type { AuditEventInput } from '../src/audit/event.js';

export function input(i: number): AuditEventInput {
  const kind = i % 3;
  const base = {
    request_id: `idd_01JQ2Z3X4Y5V6W7T8S9R${String(Math.floor(i / 3)).padStart(6, '0')}`,
    agent: ['claude-code', 'cursor', 'codex'][(i % 7) % 3] as string,
    identity: 'declared' as const,
    session: `s-${Math.floor(i / 50)}`,
    os_user: 'dev',
    host: 'laptop',
    context: 'kind-dev',
    cluster: 'kind-dev',
    argv: ['get', 'pods', '-n', 'payments', '-o', 'wide'],
    verb: 'get',
    resource: 'pods',
    namespace: 'payments',
    tier: 0,
    tier_label: 'observe',
    rule: 'builtin.read.get',
  };
  if (kind === 0) return { ...base, stage: 'decided', decision: 'allow', reason: 'default policy' };
  if (kind === 1)
    return {
      ...base,
      stage: 'completed',
      exit_code: 0,
      duration_ms: 84,
      api_requests: [
        {
          method: 'GET',
          path: '/api/v1/namespaces/payments/pods',
          status: 200,
          audit_id: `idd-01JQ2Z3X4Y5V6W7T8S9R${i}-1`,
        },
      ],
      output_sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };
  return { ...base, stage: 'decided', decision: 'allow' };
}

export function generate(path: string, count: number): void {
  const fd = openSync(path, 'w', 0o600);
  let head: ChainHead | undefined;
  let buffer: string[] = [];
  const start = Date.parse('2026-11-26T00:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const { event, line } = sealEvent(input(i), head, new Date(start + i));
    head = event;
    buffer.push(line);
    if (buffer.length === 10_000) {
      writeSync(fd, buffer.join(''));
      buffer = [];
    }
  }
  writeSync(fd, buffer.join(''));
  closeSync(fd);
}
