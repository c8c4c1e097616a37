/**
 * `iddio serve` as a library: the gateway's HTTPS server, its health endpoints, and the
 * wiring of its chain to the home it alone can read (policy, rules, agents, approver keys,
 * inbox, audit log) and to the upstream credential it alone holds.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { inboxChannel } from '../approval/inbox-channel.js';
import type { AuditEventInput } from '../audit/event.js';
import type { IddioPaths } from '../cli/env.js';
import { emptySessionState, nextSession } from '../identity/session.js';
import { ulid } from 'ulid';
import { loadCredentials } from '../kube/connect.js';
import type { SelectedConfig } from '../kube/kubeconfig.js';
import { recordCompleted } from '../pipeline/complete.js';
import { baseEvent } from '../pipeline/events.js';
import { auditQueue } from './audit-queue.js';
import { missingImpersonation } from './impersonate.js';
import { auditIdFor, newRequestId } from '../audit/request-id.js';
import { VERSION } from '../common/version.js';
import { hostname, userInfo } from 'node:os';
import type { RequestFacts } from '../pipeline/events.js';
import type { Upstream } from './proxy.js';
import { readRegistry } from '../identity/store.js';
import { IddioError } from '../common/errors.js';
import { EXIT } from '../common/exit-codes.js';
import { oneTimeAuthenticator, registryAuthenticator } from './authenticate.js';
import { commandBook, type GatewayCommand, type Grant } from './commands.js';
import type { AuditApiRequest } from '../audit/event.js';
import type { IdentityKind } from '../identity/types.js';
import type { CommandStreams } from './session-tap.js';
import { handleRequest, handleUpgrade, requestFacts, type HandlerDeps } from './handler.js';
import { settingsSource } from './settings.js';
import { sendRawStatus, sendStatus, status } from './status.js';
import type { GatewayTls } from './tls.js';

export interface GatewayOptions {
  paths: IddioPaths;
  shippedRulesDir: string;
  upstream: SelectedConfig;
  tls: GatewayTls;
  host: string;
  port: number;
  /** Where the gateway says what it is doing (its stderr). */
  log: (line: string) => void;
  /** A command ends after this long with no request in flight (default 2 s). */
  idleMs?: number;
  /** How long a decision covers a command's later requests (default 5 min). */
  grantMs?: number;
  bodyLimit?: number;
  /** Send every request upstream as the agent (also the policy's `gateway.impersonate`). */
  impersonate?: boolean;
  /**
   * An ephemeral gateway in front of one `iddio kubectl` command run by the real kubectl: one
   * one-time token, the command's own request ID and decision (its grant), no human asked
   * again (anything beyond the grant is refused), and its requests handed back instead of a
   * `completed` event of its own (the pipeline writes that one).
   */
  local?: LocalCommand;
  now?: () => number;
}

export interface LocalCommand {
  token: string;
  agent: string;
  identity: IdentityKind;
  requestId: string;
  session?: string;
  grant: Omit<Grant, 'until'>;
  /** The n of the first Audit-ID the command's wire requests get. */
  firstAuditIndex: number;
  /**
   * The command's requests, and what its upgraded connections left: an exec session's
   * recording (stored by the pipeline with its `completed` event) and notes.
   */
  onComplete: (requests: AuditApiRequest[], streams?: CommandStreams) => void;
}

export interface Gateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** The name the gateway's own requests are recorded under. */
export const GATEWAY_AGENT = 'iddio-gateway';

function userInfoName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

/** The API server's own limit on a request body. */
export const DEFAULT_BODY_LIMIT = 3 * 1024 * 1024;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const now = options.now ?? Date.now;
  const credentials = await loadCredentials(options.upstream);
  const upstreamInfo = {
    context: options.upstream.contextName || undefined,
    cluster: options.upstream.clusterName || undefined,
    server: options.upstream.server,
  };
  let sessions = emptySessionState();
  const record = auditQueue(options.paths.auditLog);
  const local = options.local;
  const book = commandBook({
    idleMs: options.idleMs ?? 2000,
    now,
    complete: async (command) => {
      if (local) local.onComplete(command.requests, command.streams);
      else await recordCompleted(completedEvent(command), command.streams?.recorder, record);
    },
    ...(local
      ? {
          single: true,
          newRequestId: () => local.requestId,
          // The command was decided (and approved) before kubectl started: that is its grant.
          onBegin: (command: GatewayCommand) => {
            command.grants.push({ ...local.grant, until: Number.POSITIVE_INFINITY });
            command.nextIndex = local.firstAuditIndex;
          },
        }
      : {}),
  });
  const settings = settingsSource({
    policy: options.paths.policy,
    rulesDir: options.paths.rulesDir,
    shippedRulesDir: options.shippedRulesDir,
  });
  const forwardTo: Upstream = {
    url: new URL(options.upstream.server),
    credentials,
    responseTimeoutMs: 60_000,
  };
  const impersonating = (): boolean => {
    if (options.impersonate) return true;
    try {
      return settings.current().policy.gateway.impersonate;
    } catch {
      return false; // a broken policy refuses every request anyway
    }
  };
  if (!local && impersonating())
    await checkImpersonation(forwardTo, options.paths.agents, settings);
  const deps: HandlerDeps = {
    authenticator: local
      ? oneTimeAuthenticator(local)
      : registryAuthenticator(options.paths.agents),
    escalations: local ? 'refuse' : 'ask',
    settings,
    impersonation: (agent) => {
      if (local || !impersonating()) return undefined;
      return { groups: settings.current().policy.agents.get(agent)?.groups ?? [] };
    },
    approver: inboxChannel({
      inbox: options.paths.inbox,
      approversPath: options.paths.approvers,
      notice: options.log,
      now,
    }),
    record,
    book,
    upstream: {
      ...upstreamInfo,
      forward: forwardTo,
    },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    grantMs: options.grantMs ?? 5 * 60_000,
    // An agent's commands through the gateway form a session until it pauses for 30 minutes
    // (kept in memory: the wire has no parent process to anchor on).
    session: (agent) => {
      if (local) return local.session;
      const next = nextSession(sessions, { agent, anchor: 0, now: now() }, () => `ses_${ulid()}`);
      sessions = next.state;
      return next.session;
    },
    sessionsDir: options.paths.sessions,
    log: options.log,
    now,
  };

  /**
   * Before serving as the agents, the gateway asks the upstream whether it may: a gateway whose
   * credential lacks the rights refuses to start, naming what to apply.
   */
  async function checkImpersonation(
    upstream: Upstream,
    agentsPath: string,
    source: typeof settings,
  ): Promise<void> {
    const agents = readRegistry(agentsPath)
      .agents.filter((a) => a.revoked === undefined)
      .map((a) => a.name);
    const groups = [...source.current().policy.agents.values()].flatMap((a) => a.groups ?? []);
    // The gateway's own requests are on record too (a correlation of the cluster's log would
    // otherwise find them without an iddio event): one command of agent "iddio-gateway".
    const requestId = newRequestId(now());
    const requests: AuditApiRequest[] = [];
    const facts: RequestFacts = {
      requestId,
      argv: ['iddio', 'serve', '--impersonate'],
      osUser: userInfoName(),
      host: hostname(),
      agent: GATEWAY_AGENT,
      identity: 'none',
      ...(upstreamInfo.context !== undefined ? { context: upstreamInfo.context } : {}),
      ...(upstreamInfo.cluster !== undefined ? { cluster: upstreamInfo.cluster } : {}),
    };
    const started = now();
    await record({
      ...baseEvent('decided', facts, undefined, undefined),
      tier: 0,
      tier_label: 'observe',
      decision: 'allow',
      reason: 'the gateway checks its own impersonation rights at start',
    });
    const tag = (method: string, path: string) => {
      const entry = {
        method,
        path,
        status: 0,
        audit_id: auditIdFor(requestId, requests.length + 1),
      };
      requests.push(entry);
      return {
        headers: {
          'X-Request-ID': requestId,
          'Audit-ID': entry.audit_id,
          'User-Agent': `iddio/${VERSION} (agent=${GATEWAY_AGENT}; request_id=${requestId})`,
        },
        done: (status: number) => void (entry.status = status),
      };
    };
    let missing: string[];
    try {
      missing = await missingImpersonation(upstream, agents, [...new Set(groups)], tag);
    } catch (error) {
      await record({
        ...baseEvent('completed', facts, undefined, undefined),
        exit_code: 1,
        duration_ms: now() - started,
        api_requests: requests,
        reason: (error as Error).message,
      });
      throw new IddioError(
        `cannot check the upstream's impersonation rights: ${(error as Error).message}`,
        { code: 'impersonation-check', exitCode: EXIT.usage },
      );
    }
    await record({
      ...baseEvent('completed', facts, undefined, undefined),
      exit_code: missing.length === 0 ? 0 : 1,
      duration_ms: now() - started,
      api_requests: requests,
    });
    if (missing.length > 0) {
      throw new IddioError(
        `the upstream identity may not impersonate ${missing.join(', ')}; a cluster admin applies: iddio gateway rbac | kubectl apply -f -`,
        { code: 'impersonation-denied', exitCode: EXIT.usage },
      );
    }
  }

  /**
   * An exec or attach session ends with the exit code its error channel reported; any other
   * command fails when one of its requests did. Notes on its upgraded connections (not recorded,
   * and why; ended by a malformed frame) are its `reason`.
   */
  function completedEvent(command: GatewayCommand): AuditEventInput {
    const failed = command.requests.some((r) => r.status === 0 || r.status >= 400);
    const notes = command.streams?.notes ?? [];
    return {
      ...baseEvent(
        'completed',
        requestFacts(deps, command, command.invocation?.namespace),
        command.invocation,
        undefined,
      ),
      exit_code: command.streams?.exitCode ?? (failed ? 1 : 0),
      duration_ms: now() - command.started,
      api_requests: command.requests,
      ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
    };
  }

  const server = createServer(
    {
      key: options.tls.key,
      cert: options.tls.cert,
      // Slow clients: headers within 10 s, the whole request within 60 s.
      headersTimeout: 10_000,
      requestTimeout: 60_000,
      // How often those two are checked (Node's default, 30 s, would let a slow client sit for 40 s).
      connectionsCheckingInterval: 1000,
    },
    (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/healthz' || path === '/livez' || path === '/readyz') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      }
      handleRequest(deps, req, res).catch((error: unknown) => {
        options.log(`iddio serve: ${(error as Error).message}`);
        sendStatus(res, status('InternalError', `iddio: refused: ${(error as Error).message}`));
      });
    },
  );
  // Upgraded connections, so that stop() can end them (the server's own close leaves them be).
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    handleUpgrade(deps, req, socket, head).catch((error: unknown) => {
      options.log(`iddio serve: ${(error as Error).message}`);
      sendRawStatus(socket, status('InternalError', `iddio: refused: ${(error as Error).message}`));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of agents connecting at once is queued, not reset.
    server.listen(options.port, options.host, 4096, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `https://${host}:${address.port}`,
    server,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Open streams (watch, logs -f, exec sessions, port-forwards) are ended after a grace
        // period: a client reconnects to the next gateway.
        setTimeout(() => {
          server.closeAllConnections();
          for (const socket of upgraded) socket.destroy();
        }, 2000).unref();
        await closed;
        await book.flush();
      })();
      return stopping;
    },
  };
}
