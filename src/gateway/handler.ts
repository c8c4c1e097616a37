/**
 * One HTTP request through the gateway, link by link as the API server's own filters run:
 *
 *   authenticate → read the body → wire → Invocation → authorize (classify, decide, approve,
 *   record `decided`) → forward with the correlation headers → note the status in the command
 *
 * Every refusal is a Kubernetes Status and is on record before it is sent; nothing reaches the
 * upstream unless the decision that allows it is on disk.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { hostname, userInfo } from 'node:os';
import type { AuditApiRequest, AuditEventInput } from '../audit/event.js';
import { newRequestId } from '../audit/request-id.js';
import { VERSION } from '../common/version.js';
import type { Invocation } from '../kubectl/invocation.js';
import { rawPath } from '../kubectl/request-info.js';
import { invocationFromRequest, WireError, type WireInvocation } from '../kubectl/wire.js';
import { baseEvent, type RequestFacts } from '../pipeline/events.js';
import type { Authenticator } from './authenticate.js';
import { authorize, type AuthorizeDeps } from './authorize.js';
import { readBody, BodyError } from './body.js';
import type { CommandBook, GatewayCommand } from './commands.js';
import { impersonationHeaders } from './impersonate.js';
import { forward, type Forwarded, type Upstream } from './proxy.js';
import { forwardUpgrade } from './relay.js';
import { sendRawStatus, sendStatus, status, type GatewayStatus } from './status.js';
import { planUpgrade, type UpgradePlan } from './upgrade.js';

export interface HandlerDeps extends Omit<AuthorizeDeps, 'facts'> {
  /** Whether to send requests as the agent, and the groups the policy gives it. */
  impersonation: (agent: string) => { groups: string[] } | undefined;
  authenticator: Authenticator;
  book: CommandBook;
  upstream: AuthorizeDeps['upstream'] & { cluster?: string; forward: Upstream };
  bodyLimit: number;
  session: (agent: string) => string | undefined;
  /** Where exec and attach sessions are recorded ($IDDIO_HOME/sessions). */
  sessionsDir: string;
  log: (line: string) => void;
}

const OS_USER = (() => {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
})();
const HOST = hostname();

export function requestFacts(
  deps: Pick<HandlerDeps, 'upstream'>,
  command: GatewayCommand,
  namespace?: string,
): RequestFacts {
  return {
    requestId: command.requestId,
    argv: command.argv,
    osUser: OS_USER,
    host: HOST,
    agent: command.agent,
    identity: command.identity,
    ...(command.session !== undefined ? { session: command.session } : {}),
    ...(deps.upstream.context !== undefined ? { context: deps.upstream.context } : {}),
    ...(deps.upstream.cluster !== undefined ? { cluster: deps.upstream.cluster } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One exchange with a client: an ordinary request/response, or an upgraded connection (exec,
 * attach, port-forward over WebSocket or SPDY). The chain is the same for both; only how a
 * refusal is written and how the request is forwarded differ.
 */
interface Exchange {
  req: IncomingMessage;
  /** An upgraded connection's plan (byte counts, recording), once the request is read. */
  plan?(command: GatewayCommand, invocation: Invocation): UpgradePlan;
  refuse(answer: GatewayStatus): void;
  forward(body: Buffer | undefined, correlation: OutgoingHttpHeaders): Promise<Forwarded>;
  /** Settles when the response (or the upgraded connection) is over. */
  closed(): Promise<void>;
}

export function handleRequest(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  return handle(deps, {
    req,
    refuse: (answer) => sendStatus(res, answer),
    forward: (body, correlation) => forward(deps.upstream.forward, req, res, body, correlation),
    closed: () =>
      new Promise<void>((resolve) => {
        if (res.writableFinished || res.destroyed) resolve();
        else res.once('close', () => resolve());
      }),
  });
}

export function handleUpgrade(
  deps: HandlerDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  let plan: UpgradePlan | undefined;
  return handle(deps, {
    req,
    plan: (command, invocation) =>
      (plan = planUpgrade({
        req,
        invocation,
        command,
        sessionsDir: deps.sessionsDir,
        now: deps.now,
      })),
    refuse: (answer) => sendRawStatus(socket, answer),
    forward: (_body, correlation) =>
      forwardUpgrade(
        deps.upstream.forward,
        req,
        socket,
        head,
        correlation,
        plan?.bytes ?? { toCluster: 0, toClient: 0 },
        plan?.tap(),
      ),
    closed: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) resolve();
        else socket.once('close', () => resolve());
      }),
  });
}

async function handle(deps: HandlerDeps, exchange: Exchange): Promise<void> {
  const { req } = exchange;
  const method = req.method ?? 'GET';
  const target = req.url ?? '/';
  const path = rawPath(target);
  // The log's argv for a wire request: method and path (the query holds no decision).
  const argv = [method, path];
  const record = (input: AuditEventInput): Promise<unknown> => deps.record(input);

  const auth = deps.authenticator.authenticate(header(req, 'authorization'));
  if (!auth.ok) {
    // Who it was is unknown; what was tried and why it failed is still on record.
    const facts: RequestFacts = {
      requestId: newRequestId(),
      argv,
      osUser: OS_USER,
      host: HOST,
      agent: 'unknown',
      identity: 'none',
    };
    await record({
      ...baseEvent('decided', facts, undefined, undefined),
      decision: 'deny',
      reason: auth.message,
    });
    exchange.refuse(status('Unauthorized', auth.message));
    return;
  }

  const command = deps.book.begin(
    { agent: auth.agent, identity: auth.identity ?? 'token' },
    { session: header(req, 'kubectl-session'), requestId: header(req, 'x-request-id') },
    argv,
  );
  command.session ??= deps.session(auth.agent);
  const auditId = deps.book.nextAuditId(command);
  const requestRecord: AuditApiRequest = { method, path, status: 0, audit_id: auditId };
  let plan: UpgradePlan | undefined;
  const refuse = (answer: GatewayStatus): void => {
    requestRecord.status = answer.code;
    exchange.refuse(answer);
  };
  try {
    let body: Buffer | undefined;
    let wire: WireInvocation;
    try {
      body = await readBody(req, deps.bodyLimit);
      wire = readRequest(req, method, path, target, body);
    } catch (error) {
      const answer =
        error instanceof BodyError
          ? error.status
          : status(
              'BadRequest',
              `iddio: ${error instanceof WireError ? error.message : 'the request cannot be read'}`,
            );
      await record({
        ...baseEvent('decided', requestFacts(deps, command), undefined, undefined),
        decision: 'deny',
        reason: answer.message,
      });
      refuse(answer);
      return;
    }

    plan = exchange.plan?.(command, wire.invocation);
    let tier = 0;
    if (!wire.discovery) {
      command.invocation ??= wire.invocation;
      const decision = await authorize(
        // A decision names the request it decided (a command's later requests differ from its first).
        { ...deps, facts: (c, inv) => ({ ...requestFacts(deps, c, inv?.namespace), argv }) },
        command,
        wire.invocation,
        plan?.check,
      );
      if (!decision.ok) {
        refuse(decision.status);
        return;
      }
      tier = decision.tier;
      // The command is named by its weightiest request: an exec, not the GET of its pod before it.
      if (tier > (command.invocationTier ?? -1)) {
        command.invocation = wire.invocation;
        command.invocationTier = tier;
        command.argv = argv;
      }
    }
    const impersonation = deps.impersonation(command.agent);
    const forwarded = await exchange.forward(body, {
      'X-Request-ID': command.requestId,
      'Audit-ID': auditId,
      'User-Agent': `iddio/${VERSION} (agent=${command.agent}; request_id=${command.requestId})`,
      ...(impersonation
        ? impersonationHeaders(command.agent, impersonation.groups, command.requestId, tier)
        : {}),
    });
    if ('failed' in forwarded) {
      deps.log(`iddio serve: ${command.requestId} ${method} ${path}: ${forwarded.failed.message}`);
      refuse(forwarded.failed);
      return;
    }
    requestRecord.status = forwarded.status;
    // A stream (watch, logs -f, an exec session) is in flight until it closes.
    await exchange.closed();
  } catch (error) {
    // An audit write that fails (or a bug) refuses: no audit, no access.
    const message = (error as Error).message;
    deps.log(`iddio serve: ${command.requestId}: ${message}`);
    refuse(status('InternalError', `iddio: refused: ${message}`));
  } finally {
    // An upgraded connection's bytes each way, counted after its 101 until it closed.
    if (plan && requestRecord.status === 101) {
      requestRecord.bytes_to_cluster = plan.bytes.toCluster;
      requestRecord.bytes_to_client = plan.bytes.toClient;
    }
    deps.book.end(command, requestRecord);
  }
}

/** The request as the classifier sees it. Impersonation is never passed on: asking is T4. */
function readRequest(
  req: IncomingMessage,
  method: string,
  path: string,
  target: string,
  body: Buffer | undefined,
): WireInvocation {
  const contentType = header(req, 'content-type');
  const wire = invocationFromRequest({
    method,
    path,
    query: new URL(target, 'https://gateway.invalid').searchParams,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(body !== undefined && isText(contentType) ? { body: body.toString('utf8') } : {}),
  });
  if (Object.keys(req.headers).some((h) => h.toLowerCase().startsWith('impersonate-'))) {
    wire.invocation.flagsSet = [...wire.invocation.flagsSet, 'as'];
    wire.invocation.as = header(req, 'impersonate-user') ?? '';
  }
  return wire;
}

function isText(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  return /json|yaml|^text\//i.test(contentType);
}
