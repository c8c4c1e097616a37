/**
 * Talking to a started sandbox over real HTTPS, verifying its certificate with the CA from
 * the kubeconfig it wrote.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { parse } from 'yaml';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
  agent?: Agent;
}

const caCache = new Map<string, string>();

export function caOf(sandbox: Sandbox): string {
  const cached = caCache.get(sandbox.kubeconfigPath);
  if (cached) return cached;
  const config = parse(readFileSync(sandbox.kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority-data': string } }[];
  };
  const data = config.clusters[0]?.cluster['certificate-authority-data'] ?? '';
  const ca = Buffer.from(data, 'base64').toString('utf8');
  caCache.set(sandbox.kubeconfigPath, ca);
  return ca;
}

export function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const url = new URL(path, sandbox.url);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? sandbox.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    payload = Buffer.isBuffer(options.body)
      ? options.body
      : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    headers['Content-Type'] ??= 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method, headers, ca: caOf(sandbox), agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens a streaming GET (watch, log follow) and collects lines until `stop()`. */
export function stream(
  sandbox: Sandbox,
  path: string,
  headers: Record<string, string> = {},
): {
  lines: string[];
  status: Promise<number>;
  waitFor: (n: number, ms?: number) => Promise<string[]>;
  stop: () => void;
} {
  const lines: string[] = [];
  let buffer = '';
  const waiters: (() => void)[] = [];
  const req = httpsRequest(new URL(path, sandbox.url), {
    method: 'GET',
    headers: { Accept: 'application/json', Authorization: `Bearer ${sandbox.token}`, ...headers },
    ca: caOf(sandbox),
  });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        lines.push(...parts);
        for (const w of waiters.splice(0)) w();
      });
      res.on('error', () => undefined);
    });
    req.on('error', (error) => {
      reject(error);
      for (const w of waiters.splice(0)) w();
    });
  });
  status.catch(() => undefined);
  req.end();
  const waitFor = async (n: number, ms = 5000): Promise<string[]> => {
    const deadline = Date.now() + ms;
    while (lines.length < n) {
      if (Date.now() > deadline)
        throw new Error(`timed out with ${lines.length} of ${n} lines: ${lines.join('\n')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return lines.slice(0, n);
  };
  return { lines, status, waitFor, stop: () => req.destroy() };
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
