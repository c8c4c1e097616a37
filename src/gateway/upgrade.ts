/**
 * What the gateway does with one upgraded connection besides relaying it: count its bytes each
 * way (every upgrade: exec, attach, port-forward), and record an exec or attach session when
 * its stream can be read — a WebSocket speaking a `*.channel.k8s.io` subprotocol with no
 * extension. A stream that cannot be read (SPDY/3.1, an unknown subprotocol, a negotiated
 * extension) is the policy's `recording.interactive` to decide: `required` refuses it,
 * `best-effort` forwards it and the `completed` event says it was not recorded, and why.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { makeDirs } from '../common/make-dirs.js';
import type { Invocation } from '../kubectl/invocation.js';
import { rawPath } from '../kubectl/request-info.js';
import type { Policy } from '../policy/types.js';
import { Recorder } from '../recording/recorder.js';
import { redactionScope } from '../recording/redact.js';
import { isChannelProtocol } from './channels.js';
import type { GatewayCommand } from './commands.js';
import type { UpgradeBytes, UpgradeTap } from './relay.js';
import { SessionTap } from './session-tap.js';
import { status } from './status.js';

export interface UpgradePlan {
  bytes: UpgradeBytes;
  /**
   * Called with the policy the request is decided under: why the connection must be refused
   * (`required`, and a session that cannot be recorded or stored), else undefined.
   */
  check(policy: Policy): string | undefined;
  /** The watcher of the relayed connection. */
  tap(): UpgradeTap;
}

function list(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/** Why the stream this request asks for could never be read, or undefined when it might be. */
export function unreadableRequest(headers: IncomingHttpHeaders): string | undefined {
  const upgrade = String(headers.upgrade ?? '');
  if (/^spdy\//i.test(upgrade)) return `${upgrade} streams are not parsed for recording`;
  if (!/^websocket$/i.test(upgrade))
    return `an upgrade to "${upgrade}" is not parsed for recording`;
  const offered = list(headers['sec-websocket-protocol']);
  if (offered.length === 0) return 'the WebSocket request names no subprotocol';
  if (!offered.some(isChannelProtocol))
    return `the WebSocket subprotocol ${offered.join(', ')} is not one iddio can read`;
  return undefined;
}

/** Why the upstream's 101 leaves a stream that cannot be read, or undefined. */
export function unreadableResponse(response: IncomingMessage): string | undefined {
  const extensions = response.headers['sec-websocket-extensions'];
  if (extensions !== undefined && extensions !== '')
    return `the cluster negotiated the WebSocket extension ${String(extensions)}`;
  const protocol = String(response.headers['sec-websocket-protocol'] ?? '');
  if (!isChannelProtocol(protocol))
    return protocol === ''
      ? 'the cluster chose no WebSocket subprotocol'
      : `the cluster chose the WebSocket subprotocol ${protocol}, which iddio cannot read`;
  return undefined;
}

/**
 * Why recordings could not be stored now: the store's folder cannot be made, or a file cannot
 * be written in it (tried, not inferred from modes: root writes through them).
 */
function unstorable(sessionsDir: string): string | undefined {
  try {
    const store = join(sessionsDir, 'sha256');
    makeDirs(store);
    const probe = join(store, `.probe-${process.pid}-${randomBytes(6).toString('hex')}`);
    writeFileSync(probe, '', { mode: 0o600, flag: 'wx' });
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return `recordings cannot be stored in ${sessionsDir}: ${(error as Error).message}`;
  }
}

export function planUpgrade(options: {
  req: IncomingMessage;
  invocation: Invocation;
  command: GatewayCommand;
  sessionsDir: string;
  now: () => number;
}): UpgradePlan {
  const { req, invocation, command } = options;
  const bytes: UpgradeBytes = { toCluster: 0, toClient: 0 };
  const verb = invocation.verb;
  // A port-forward carries the bytes of a connection to a port: counted, never a session.
  if (verb === 'port-forward') return { bytes, check: () => undefined, tap: () => ({}) };
  if (verb !== 'exec' && verb !== 'attach') return unreadableUpgrade(bytes, verb, command);

  let policy: Policy | undefined;
  let required = true; // until the policy says otherwise: fail closed
  const streams = (command.streams ??= { notes: [] });
  const note = (why: string): void => {
    streams.notes.push(`the ${verb} session was not recorded: ${why}`);
  };
  const refusal = (why: string): string =>
    `${verb} sessions must be recorded (recording.interactive: required) and this one cannot be: ${why}`;

  return {
    bytes,
    check(current) {
      policy = current;
      required = current.recording.interactive === 'required';
      if (!required) return undefined;
      const unreadable = unreadableRequest(req.headers);
      if (unreadable !== undefined) return refusal(unreadable);
      const store = unstorable(options.sessionsDir);
      if (store !== undefined) return refusal(store);
      // Only what can be read is offered upstream, so the cluster cannot choose otherwise.
      req.headers['sec-websocket-protocol'] = list(req.headers['sec-websocket-protocol'])
        .filter(isChannelProtocol)
        .join(', ');
      return undefined;
    },
    tap() {
      if (policy === undefined) return {};
      // Noted only here, when the connection is forwarded (a refused one was never opened).
      const unreadable = unreadableRequest(req.headers);
      if (unreadable !== undefined) {
        note(unreadable);
        return {};
      }
      const settings = policy.recording;
      let session: SessionTap | undefined;
      let protocol: string | undefined;
      return {
        accept(response) {
          const unreadable = unreadableResponse(response);
          if (unreadable === undefined) {
            protocol = String(response.headers['sec-websocket-protocol']);
            return undefined;
          }
          if (!required) {
            note(unreadable);
            return undefined;
          }
          streams.notes.push(`refused after the cluster's answer: ${unreadable}`);
          streams.exitCode ??= 1;
          return status('Forbidden', `iddio: refused: ${refusal(unreadable)}`);
        },
        start(end) {
          if (protocol === undefined) return;
          streams.recorder ??= new Recorder({
            sessionsDir: options.sessionsDir,
            settings: { maxBytes: settings.max_bytes, retentionMs: settings.retention_ms },
            scope: redactionScope(invocation),
            requestId: command.requestId,
            agent: command.agent,
            ...(command.session !== undefined ? { session: command.session } : {}),
            command: describe(req),
            startedMs: options.now(),
            now: options.now,
          });
          // At most 20 events a second per code, however the stream is framed.
          streams.recorder.capture.coalesceMs = 50;
          session = new SessionTap(protocol, streams.recorder, streams, end, required);
        },
        clientGate: () => session?.clientGate(),
        fromUpstream: (chunk) => session?.fromUpstream(chunk),
        closed: () => session?.close(),
      };
    },
  };
}

/** The recording header's command: this request's method and path, and what runs inside. */
function describe(req: IncomingMessage): string {
  const target = req.url ?? '/';
  const inside = new URL(target, 'https://gateway.invalid').searchParams.getAll('command');
  const words = [req.method ?? 'GET', rawPath(target)];
  return [...words, ...(inside.length > 0 ? ['--', ...inside] : [])].join(' ');
}

/**
 * Any other upgrade (a `proxy` subresource, above all: `nodes/x/proxy/exec/...` reaches the
 * kubelet's own exec) is a session iddio cannot read: `required` refuses it, `best-effort`
 * forwards it and says so.
 */
function unreadableUpgrade(
  bytes: UpgradeBytes,
  verb: string,
  command: GatewayCommand,
): UpgradePlan {
  const why = `an upgraded ${verb} connection is not parsed for recording`;
  return {
    bytes,
    check: (policy) =>
      policy.recording.interactive === 'required'
        ? `sessions must be recorded (recording.interactive: required) and this one cannot be: ${why}`
        : undefined,
    tap() {
      (command.streams ??= { notes: [] }).notes.push(
        `the ${verb} session was not recorded: ${why}`,
      );
      return {};
    },
  };
}
