/**
 * One HTTP request through the gateway, link by link as the API server's own filters run:
 *
 *   authenticate → read the body → wire → Invocation → authorize (classify, decide, approve,
 *   record `decided`) → forward with the correlation headers → note the status in the command
 *
 * Every refusal is a Kubernetes Status and is on record before it is sent; nothing reaches the
 * upstream unless the decision that allows it is on disk.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, userInfo } from 'node:os';
import type { AuditEventInput } from '../audit/event.js';
import { newRequestId } from '../audit/request-id.js';
import { VERSION } from '../common/version.js';
import { rawPath } from '../kubectl/request-info.js';
import { invocationFromRequest, WireError, type WireInvocation } from '../kubectl/wire.js';
import { baseEvent, type RequestFacts } from '../pipeline/events.js';
import type { Authenticator } from './authenticate.js';
import { authorize, type AuthorizeDeps } from './authorize.js';
import { readBody, BodyError } from './body.js';
import type { CommandBook, GatewayCommand } from './commands.js';
import { forward, type Upstream } from './proxy.js';
import { sendStatus, status } from './status.js';

export interface HandlerDeps extends Omit<AuthorizeDeps, 'facts'> {
  authenticator: Authenticator;
  book: CommandBook;
  upstream: AuthorizeDeps['upstream'] & { cluster?: string; forward: Upstream };
  bodyLimit: number;
  session: (agent: string) => string | undefined;
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
    identity: 'token',
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

export async function handleRequest(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
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
    sendStatus(res, status('Unauthorized', auth.message));
    return;
  }

  const command = deps.book.begin(
    auth.agent,
    { session: header(req, 'kubectl-session'), requestId: header(req, 'x-request-id') },
    argv,
  );
  command.session ??= deps.session(auth.agent);
  const auditId = deps.book.nextAuditId(command);
  const requestRecord = { method, path, status: 0, audit_id: auditId };
  try {
    // Impersonation is never passed on: asking for it is the T4 it is on the command line.
    const impersonates = Object.keys(req.headers).some((h) =>
      h.toLowerCase().startsWith('impersonate-'),
    );
    let body: Buffer | undefined;
    let wire: WireInvocation;
    try {
      body = await readBody(req, deps.bodyLimit);
      const contentType = header(req, 'content-type');
      wire = invocationFromRequest({
        method,
        path,
        query: new URL(target, 'https://gateway.invalid').searchParams,
        ...(contentType !== undefined ? { contentType } : {}),
        ...(body !== undefined && isText(contentType) ? { body: body.toString('utf8') } : {}),
      });
      if (impersonates) {
        wire.invocation.flagsSet = [...wire.invocation.flagsSet, 'as'];
        wire.invocation.as = header(req, 'impersonate-user') ?? '';
      }
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
      requestRecord.status = answer.code;
      sendStatus(res, answer);
      return;
    }

    if (!wire.discovery) {
      command.invocation ??= wire.invocation;
      const decision = await authorize(
        { ...deps, facts: (c, inv) => requestFacts(deps, c, inv?.namespace) },
        command,
        wire.invocation,
      );
      if (!decision.ok) {
        requestRecord.status = decision.status.code;
        sendStatus(res, decision.status);
        return;
      }
    }
    const forwarded = await forward(deps.upstream.forward, req, res, body, {
      'X-Request-ID': command.requestId,
      'Audit-ID': auditId,
      'User-Agent': `iddio/${VERSION} (agent=${command.agent}; request_id=${command.requestId})`,
    });
    if ('failed' in forwarded) {
      requestRecord.status = forwarded.failed.code;
      deps.log(`iddio serve: ${command.requestId} ${method} ${path}: ${forwarded.failed.message}`);
      sendStatus(res, forwarded.failed);
      return;
    }
    requestRecord.status = forwarded.status;
    // A stream (watch, logs -f) is in flight until it closes.
    await new Promise<void>((resolve) => {
      if (res.writableFinished || res.destroyed) resolve();
      else res.once('close', () => resolve());
    });
  } catch (error) {
    // An audit write that fails (or a bug) refuses: no audit, no access.
    const message = (error as Error).message;
    deps.log(`iddio serve: ${command.requestId}: ${message}`);
    requestRecord.status = 500;
    sendStatus(res, status('InternalError', `iddio: refused: ${message}`));
  } finally {
    deps.book.end(command, requestRecord);
  }
}

function isText(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  return /json|yaml|^text\//i.test(contentType);
}
