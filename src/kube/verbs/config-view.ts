/**
 * `kubectl config view [--minify] [--raw] [-o yaml|json|jsonpath=…]`: the merged kubeconfig as
 * kubectl prints it — the clientcmd v1 Config with its entries sorted by name, secrets shown
 * as REDACTED / DATA+OMITTED unless --raw (kubectl's ShortenConfig), and with --minify only
 * the selected context, its cluster and its user. Answered from the kubeconfig alone.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { flagBool, flagValue, requireHandled } from '../flags.js';
import { loadMergedConfig, type KubeconfigDoc, type NamedEntry } from '../kubeconfig.js';
import { goJsonString } from '../printers/json.js';
import { printJsonPath } from '../printers/jsonpath.js';
import { printYaml } from '../printers/yaml.js';
import type { LocalVerb } from './config.js';

/** The flags `config view` implements (besides the global ones). */
export const CONFIG_VIEW_FLAGS = ['minify', 'raw', 'output'] as const;

type Obj = Record<string, unknown>;

/** Field order of client-go's v1 structs (what `-o json` prints; YAML sorts keys anyway). */
const CLUSTER_FIELDS = [
  'server',
  'tls-server-name',
  'insecure-skip-tls-verify',
  'certificate-authority',
  'certificate-authority-data',
  'proxy-url',
  'disable-compression',
  'extensions',
];
const USER_FIELDS = [
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'token',
  'tokenFile',
  'as',
  'as-uid',
  'as-groups',
  'as-user-extra',
  'username',
  'password',
  'auth-provider',
  'exec',
  'extensions',
];
const CONTEXT_FIELDS = ['cluster', 'user', 'namespace', 'extensions'];

const REDACTED = 'REDACTED';
const OMITTED = 'DATA+OMITTED';

/** Keeps the known fields, in struct order, dropping empty ones (Go's omitempty). */
function ordered(body: unknown, fields: string[]): Obj {
  const source = (body ?? {}) as Obj;
  const out: Obj = {};
  for (const field of fields) {
    const value = source[field];
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[field] = value;
  }
  return out;
}

function byName(entries: NamedEntry[]): NamedEntry[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The document kubectl prints, before encoding. */
export function viewDocument(
  doc: KubeconfigDoc,
  options: { minify: boolean; raw: boolean; context?: string },
): Obj {
  let clusters = byName(doc.clusters);
  let users = byName(doc.users);
  let contexts = byName(doc.contexts);
  let current = doc['current-context'] ?? '';
  if (options.minify) {
    current = options.context ?? current;
    if (current === '')
      throw new KubeError('error: current-context must exist in order to minify', {
        code: 'kubeconfig',
      });
    const context = contexts.find((c) => c.name === current);
    if (!context)
      throw new KubeError(`error: cannot locate context ${stripControlLine(current)}`, {
        code: 'kubeconfig',
      });
    const body = (context.context ?? {}) as Obj;
    contexts = [context];
    clusters = clusters.filter((c) => c.name === body.cluster);
    users = users.filter((u) => u.name === body.user);
  }
  const shorten = (value: unknown, replacement: string): unknown =>
    !options.raw && typeof value === 'string' && value !== '' ? replacement : value;
  const list = (entries: Obj[]): Obj[] | null => (entries.length > 0 ? entries : null);
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: list(
      clusters.map((c) => {
        const cluster = ordered(c.cluster, CLUSTER_FIELDS);
        if (cluster['certificate-authority-data'] !== undefined)
          cluster['certificate-authority-data'] = shorten(
            cluster['certificate-authority-data'],
            OMITTED,
          );
        return { name: c.name, cluster };
      }),
    ),
    users: list(
      users.map((u) => {
        const user = ordered(u.user, USER_FIELDS);
        for (const field of ['client-certificate-data', 'client-key-data'])
          if (user[field] !== undefined) user[field] = shorten(user[field], OMITTED);
        if (user.token !== undefined) user.token = shorten(user.token, REDACTED);
        return { name: u.name, user };
      }),
    ),
    contexts: list(
      contexts.map((c) => ({ name: c.name, context: ordered(c.context, CONTEXT_FIELDS) })),
    ),
    'current-context': current,
  };
}

/** encoding/json with kubectl's 4-space indent, keeping the struct's field order (typed objects). */
export function orderedJson(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + orderedJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const body = keys
    .map((k) => `${inner}${goJsonString(k)}: ${orderedJson((value as Obj)[k], inner)}`)
    .join(',\n');
  return `{\n${body}\n${indent}}`;
}

export const configView: LocalVerb = (ctx) => {
  const { inv, output } = ctx;
  requireHandled(inv, CONFIG_VIEW_FLAGS);
  if ((inv.args ?? []).length > 0) {
    throw usageError(
      `unexpected arguments: [${stripControlLine((inv.args ?? []).join(' '))}]\nSee 'kubectl config view -h' for help and examples`,
    );
  }
  const doc = loadMergedConfig({ kubeconfig: inv.kubeconfig }, ctx.env);
  const view = viewDocument(doc, {
    minify: flagBool(inv, 'minify'),
    raw: flagBool(inv, 'raw'),
    ...(inv.context !== undefined ? { context: inv.context } : {}),
  });
  const format = flagValue(inv, 'output') ?? 'yaml';
  let text: string;
  if (format === 'yaml') text = printYaml(view);
  else if (format === 'json') text = `${orderedJson(view)}\n`;
  else if (format.startsWith('jsonpath='))
    text = printJsonPath(format.slice('jsonpath='.length), view);
  else
    throw new KubeError(`iddio: config view -o ${stripControlLine(format)} is not supported yet`, {
      code: 'not-supported',
      exitCode: EXIT.usage,
    });
  output.out(text);
  return EXIT.ok;
};
