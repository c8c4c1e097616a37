/**
 * `startSandbox()`: a Kubernetes-API-compatible server on 127.0.0.1 for demos and tests
 * (SPEC §10). Generates TLS, seeds the store, writes a kubeconfig, and serves until stop().
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCredentials } from './auth.js';
import { AuditLog } from './audit.js';
import { makeSettle } from './controllers/index.js';
import { makeEventRecorder } from './events.js';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfig.js';
import { derivedUid } from './names.js';
import { BUILTIN_SEED, loadSeed, SeedError } from './seed/index.js';
import { SandboxRuntime } from './containers/runtime.js';
import { makeRouter } from './server/router.js';
import { makeUpgradeHandler } from './streams/upgrade.js';
import type { SandboxState } from './state.js';
import { Store } from './storage.js';
import { generateTls } from '../common/tls.js';

export { SeedError, parseSeed } from './seed/index.js';
export { CONTEXT, VIEWER_CONTEXT } from './kubeconfig.js';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  kubeconfigPath?: string;
  auditLogPath?: string;
  /** A YAML file replacing the built-in seed. */
  seedFile?: string;
  now?: () => Date;
}

export interface Sandbox {
  url: string;
  kubeconfigPath: string;
  auditLogPath: string;
  /** The admin bearer token (context `iddio-sandbox`). */
  token: string;
  /** The read-only user's token (context `iddio-sandbox-viewer`). */
  viewerToken: string;
  stop(): Promise<void>;
}

/** How far back seeded objects were "created", so AGE columns look like a lived-in cluster. */
const SEED_AGE_MS = 3 * 24 * 60 * 60 * 1000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.now ?? (() => new Date());
  let seedTime: Date | undefined;
  const now = (): Date => seedTime ?? clock();
  let seedText = BUILTIN_SEED;
  let seedName = '<built-in seed>';
  if (options.seedFile !== undefined) {
    seedName = options.seedFile;
    try {
      seedText = readFileSync(options.seedFile, 'utf8');
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
      throw new SeedError(options.seedFile, 0, reason);
    }
  }

  const store = new Store();
  let uidCounter = 0;
  const newUid = (hint: string): string => derivedUid(`${hint}#${uidCounter++}`);
  const state: SandboxState = {
    store,
    issuedTokens: new Map(),
    now,
    newUid,
    settle: () => undefined,
    recordEvent: makeEventRecorder(store, now, newUid),
  };
  state.settle = makeSettle(state);
  seedTime = new Date(clock().getTime() - SEED_AGE_MS);
  loadSeed(state, seedText, seedName);
  seedTime = undefined;

  const dir =
    options.kubeconfigPath && options.auditLogPath
      ? undefined
      : mkdtempSync(join(tmpdir(), 'iddio-sandbox-'));
  const kubeconfigPath = options.kubeconfigPath ?? join(dir ?? '.', 'kubeconfig');
  const auditLogPath = options.auditLogPath ?? join(dir ?? '.', 'k8s-audit.ndjson');
  const tls = await generateTls(clock());
  const credentials = makeCredentials();
  const audit = new AuditLog(auditLogPath);
  let address = '127.0.0.1:0';
  const routing = {
    state,
    credentials: [credentials.admin, credentials.viewer],
    audit,
    serverAddress: () => address,
  };
  const runtime = new SandboxRuntime(state);
  const upgrades = makeUpgradeHandler({ ...routing, runtime });
  const server = createServer(
    {
      key: tls.key,
      cert: tls.cert,
      requestTimeout: 60_000,
      headersTimeout: 30_000,
      keepAliveTimeout: 5_000,
    },
    makeRouter(routing),
  );
  server.maxHeadersCount = 200;
  // exec, attach and port-forward: upgraded connections, outside the request router.
  server.on('upgrade', upgrades.handle);
  let url: string;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 0, host: '127.0.0.1', backlog: 1024 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    address = `127.0.0.1:${port}`;
    url = `https://127.0.0.1:${port}`;
    writeKubeconfig(
      kubeconfigPath,
      kubeconfigYaml(url, tls.caCert, credentials.admin, credentials.viewer),
    );
  } catch (error) {
    // Nothing may keep running when start-up fails half way (a bad --kubeconfig path, a busy port).
    server.close();
    runtime.stop();
    audit.close();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    url,
    kubeconfigPath,
    auditLogPath,
    token: credentials.admin.token,
    viewerToken: credentials.viewer.token,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => {
          audit.close();
          resolve();
        });
        // Watches, log follows and exec sessions never end by themselves.
        server.closeAllConnections();
        upgrades.stop();
        runtime.stop();
      });
      return stopped;
    },
  };
}
