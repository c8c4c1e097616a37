/** A known audit log for the report tests: 2 agents, 9 commands, 5 escalations, 4 refusals, 2 token changes. */
import { join } from 'node:path';
import type { AuditEventInput } from '../../../src/audit/event.js';
import { tempDir } from '../../helpers/cli.js';
import { buildEvents, writeLog } from './log.js';

export const T0 = Date.parse('2026-11-20T09:00:00.000Z');
let n = 0;
const rid = () => `idd_01JQ2Z3X4Y5V6W7T8S9R${String(n++).padStart(6, '0')}`;

function cmd(
  agent: string,
  tier: number,
  decided: Partial<AuditEventInput>,
  completed = true,
): AuditEventInput[] {
  const request_id = rid();
  const base = {
    request_id,
    agent,
    identity: 'token' as const,
    session: `s-${agent}`,
    argv: ['get', 'pods', '-n', 'payments'],
    verb: 'get',
    resource: 'pods',
    namespace: 'payments',
    tier,
  };
  const out: AuditEventInput[] = [
    {
      stage: 'decided',
      ...base,
      decision: 'allow',
      reason: `tier ${tier} (policy default.${tier})`,
      ...decided,
    },
  ];
  if (completed)
    out.push({
      stage: 'completed',
      ...base,
      exit_code: 0,
      duration_ms: 10,
      api_requests: [
        { method: 'GET', path: '/x', status: 200, audit_id: `${request_id.replace('_', '-')}-1` },
      ],
      recording: `sha256:${'a'.repeat(64)}`,
    });
  return out;
}

const escalated = (outcome: Partial<AuditEventInput> & Record<string, unknown>) => ({
  decision: 'escalate' as const,
  ...outcome,
});

export const INPUTS: AuditEventInput[] = [
  {
    stage: 'admin',
    request_id: rid(),
    agent: 'unknown',
    identity: 'none',
    os_user: 'alice',
    host: 'ops1',
    verb: 'add',
    resource: 'agents',
    names: ['claude'],
    argv: ['agent', 'add', 'claude'],
  },
  ...cmd('claude', 0, {}),
  ...cmd('claude', 0, {}),
  ...cmd(
    'claude',
    2,
    escalated({
      approved_by: 'alice',
      approval_channel: 'tty',
      approval_latency_ms: 4000,
      reason: 'x (policy default.2); approved on the terminal by alice',
    }),
  ),
  ...cmd(
    'claude',
    3,
    escalated({
      approved_by: 'bob',
      approval_channel: 'inbox',
      approval_latency_ms: 20000,
      outcome: 'approved',
      reason: 'x (policy default.3); approved (signed inbox decision by bob)',
    }),
  ),
  ...cmd(
    'claude',
    3,
    escalated({
      approved_by: 'carol',
      approval_channel: 'inbox',
      approval_latency_ms: 90000,
      outcome: 'approved',
      reason: 'x (policy default.3); approved (unsigned inbox decision by carol)',
    }),
  ),
  ...cmd(
    'claude',
    3,
    escalated({
      approval_channel: 'inbox',
      approval_latency_ms: 60000,
      outcome: 'timed_out',
      reason: 'x (policy default.3); no answer',
    }),
    false,
  ),
  ...cmd(
    'cursor',
    2,
    escalated({
      session: '@SUM(A1)',
      approval_channel: 'tty',
      approval_latency_ms: 1500,
      reason: '=HYPERLINK("x") (policy default.2); declined on the terminal',
    }),
    false,
  ),
  ...cmd('cursor', 4, { decision: 'deny', reason: 'tier 4 (policy default.4)' }, false),
  ...cmd(
    'cursor',
    2,
    {
      decision: 'deny',
      identity: 'declared',
      namespace: 'kube-system',
      reason: "kube-system is outside agent cursor's namespaces (policy agents.cursor.namespaces)",
    },
    false,
  ),
  {
    stage: 'admin',
    request_id: rid(),
    agent: 'unknown',
    identity: 'none',
    os_user: 'alice',
    host: 'ops1',
    verb: 'revoke',
    resource: 'agents',
    names: ['cursor'],
    argv: ['agent', 'revoke', 'cursor'],
  },
];

export function knownLog(): string {
  const { lines } = buildEvents(INPUTS.length, {
    start: new Date(T0),
    input: (i) => INPUTS[i] as AuditEventInput,
  });
  return writeLog(join(tempDir(), 'audit.ndjson'), lines);
}
