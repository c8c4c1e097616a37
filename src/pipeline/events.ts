/**
 * Builds the audit events of one `iddio kubectl` command (SPEC §8). Every event of a
 * command shares its request-level fields; each stage adds its own. Values are copied
 * only when present: the log omits absent values rather than writing null.
 */
import type { AuditEventInput, AuditIdentity } from '../audit/event.js';
import type { Classification } from '../classify/types.js';
import type { Invocation } from '../kubectl/invocation.js';
import { redactArgv } from '../kubectl/redact.js';

export interface RequestFacts {
  requestId: string;
  argv: string[];
  osUser: string;
  host: string;
  agent?: string;
  identity?: AuditIdentity;
  session?: string;
  context?: string;
  cluster?: string;
  /** The namespace the command acts in: `-n`, else the kubeconfig context's. */
  namespace?: string;
}

/** Drops undefined members so the event carries only what is known. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function uniqueJoined(values: Array<string | undefined>): string | undefined {
  const unique = [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
  return unique.length > 0 ? unique.join(',') : undefined;
}

/** What the command addresses, from its targets or, for `-f`, its manifest objects. */
export function requestShape(invocation: Invocation): Partial<AuditEventInput> {
  const targets = invocation.targets;
  const manifests = invocation.manifests;
  const names = [
    ...targets.flatMap((t) => t.names),
    ...manifests.map((m) => m.name).filter((n): n is string => n !== undefined),
  ];
  return defined({
    verb: [invocation.verb, invocation.subverb].filter(Boolean).join(' ') || undefined,
    resource: uniqueJoined([
      ...targets.map((t) => t.resource),
      ...manifests.map((m) => m.resource ?? m.kind.toLowerCase()),
    ]),
    group: uniqueJoined([...targets.map((t) => t.group), ...manifests.map((m) => m.group)]),
    subresource: uniqueJoined(targets.map((t) => t.subresource)),
    names: names.length > 0 ? names : undefined,
  });
}

export function baseEvent(
  stage: AuditEventInput['stage'],
  facts: RequestFacts,
  invocation: Invocation | undefined,
  classification: Classification | undefined,
): AuditEventInput {
  return defined({
    stage,
    request_id: facts.requestId,
    agent: facts.agent,
    identity: facts.identity,
    session: facts.session,
    os_user: facts.osUser,
    host: facts.host,
    context: facts.context,
    cluster: facts.cluster,
    argv: redactArgv(facts.argv),
    ...(invocation ? requestShape(invocation) : {}),
    namespace: invocation?.allNamespaces ? '*' : facts.namespace,
    tier: classification?.tier,
    tier_label: classification?.tier_label,
    rule: classification?.rule,
  });
}
