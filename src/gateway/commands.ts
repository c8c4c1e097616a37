/**
 * One command, one request ID. kubectl sends a `Kubectl-Session` header (one UUID per
 * invocation) and `iddio kubectl` an `X-Request-ID`: requests sharing one form one command,
 * with one `request_id`, Audit-IDs numbered across all of its requests, one grant (what the
 * decision allowed, for a bounded time) and one `completed` event listing every request. A
 * request without either header is a command of its own. A command completes once it has had
 * no request in flight for `idleMs`.
 */
import type { AuditApiRequest } from '../audit/event.js';
import { auditIdFor, newRequestId } from '../audit/request-id.js';
import type { Tier } from '../classify/types.js';
import type { Invocation } from '../kubectl/invocation.js';
import type { IdentityKind } from '../identity/types.js';
import type { CommandStreams } from './session-tap.js';
import type { GatewayStatus } from './status.js';

/** What a decision allowed: later requests at or below it need no new decision. */
export interface Grant {
  tier: Tier;
  namespaces: ReadonlySet<string>;
  clusterScoped: boolean;
  until: number;
}

export interface GatewayCommand {
  /** Always the gateway's own: a client's X-Request-ID only groups, it never names a record. */
  requestId: string;
  /** How the agent was identified: its token at a gateway; the wrapper's own finding locally. */
  identity: IdentityKind;
  /** The grouping key, while the command is open to more requests. */
  key?: string;
  agent: string;
  started: number;
  /** The first request's method and path: the command's `argv` in the log. */
  argv: string[];
  session?: string;
  /** The highest-tier request allowed so far (else the first): what `completed` says the command was. */
  invocation?: Invocation;
  /** The tier `invocation` was decided at (a later request of a higher tier takes its place). */
  invocationTier?: number;
  /** What the command's decisions allowed so far; each covers its own tier and namespaces. */
  grants: Grant[];
  /** The lowest tier refused so far, and the answer every later request at or above it gets. */
  refusal?: { tier: Tier; status: GatewayStatus };
  requests: AuditApiRequest[];
  /** Its exec/attach session's recording and exit code, and notes on its upgraded connections. */
  streams?: CommandStreams;
  /** Serialises decisions, so concurrent requests of one command ask a human once. */
  deciding: Promise<unknown>;
  nextIndex: number;
  inFlight: number;
  idle?: NodeJS.Timeout;
  done: boolean;
}

export interface CommandBook {
  /** The command this request belongs to (a new one if none is open), with one more request in flight. */
  begin(
    who: { agent: string; identity: IdentityKind },
    headers: GroupingHeaders,
    argv: string[],
  ): GatewayCommand;
  /** The next Audit-ID of the command. */
  nextAuditId(command: GatewayCommand): string;
  /** One request of the command has ended (its status is known, or it never got one). */
  end(command: GatewayCommand, request?: AuditApiRequest): void;
  /** Completes every open command now (shutdown). */
  flush(): Promise<void>;
}

export interface GroupingHeaders {
  session?: string;
  requestId?: string;
}

/** Bounds what a client can make the gateway remember. */
const MAX_OPEN_COMMANDS = 10_000;
const MAX_KEY_LENGTH = 200;
/** How long a flush waits for requests still in flight. */
const FLUSH_GRACE_MS = 3000;

export function commandBook(options: {
  idleMs: number;
  now: () => number;
  complete: (command: GatewayCommand) => Promise<unknown>;
  /** The request ID of a new command (default: a new one each time). */
  newRequestId?: (now: number) => string;
  /** Called once per new command, before its first request is decided. */
  onBegin?: (command: GatewayCommand) => void;
  /** Every request is one command (an ephemeral gateway serves a single command). */
  single?: boolean;
}): CommandBook {
  const open = new Map<string, GatewayCommand>();
  const completing = new Set<Promise<unknown>>();

  const finish = (key: string | undefined, command: GatewayCommand): void => {
    if (command.done) return;
    command.done = true;
    if (command.idle) clearTimeout(command.idle);
    if (key !== undefined && open.get(key) === command) open.delete(key);
    const pending = options.complete(command).catch(() => undefined);
    completing.add(pending);
    void pending.finally(() => completing.delete(pending));
  };

  const keyOf = (agent: string, headers: GroupingHeaders): string | undefined => {
    if (options.single) return 'the command';
    // An agent's grouping key is its own: another agent sending the same header gets its own command.
    const value = headers.requestId ?? headers.session;
    if (value === undefined || value === '' || value.length > MAX_KEY_LENGTH) return undefined;
    return `${agent}\u0000${headers.requestId !== undefined ? 'r' : 's'}\u0000${value}`;
  };

  return {
    begin({ agent, identity }, headers, argv) {
      const key = keyOf(agent, headers);
      const existing = key === undefined ? undefined : open.get(key);
      if (existing && !existing.done) {
        if (existing.idle) clearTimeout(existing.idle);
        existing.idle = undefined;
        existing.inFlight++;
        return existing;
      }
      const started = options.now();
      const command: GatewayCommand = {
        requestId: (options.newRequestId ?? newRequestId)(started),
        agent,
        identity,
        started,
        argv,
        grants: [],
        requests: [],
        deciding: Promise.resolve(),
        nextIndex: 1,
        inFlight: 1,
        done: false,
      };
      options.onBegin?.(command);
      if (key !== undefined && open.size < MAX_OPEN_COMMANDS) {
        open.set(key, command);
        command.key = key;
      }
      return command;
    },
    nextAuditId(command) {
      return auditIdFor(command.requestId, command.nextIndex++);
    },
    end(command, request) {
      if (request) command.requests.push(request);
      command.inFlight--;
      if (command.inFlight > 0 || command.done) return;
      const key = command.key;
      if (key === undefined) {
        finish(undefined, command);
        return;
      }
      command.idle = setTimeout(() => finish(key, command), options.idleMs);
      command.idle.unref();
    },
    async flush() {
      // A request still in flight (an upgraded connection whose socket is closing) is waited
      // for a moment, so the `completed` event lists it; then every command completes.
      // (Real time: a test's clock may stand still.)
      const deadline = Date.now() + FLUSH_GRACE_MS;
      while ([...open.values()].some((c) => c.inFlight > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const [key, command] of [...open]) finish(key, command);
      await Promise.all([...completing]);
    },
  };
}
