/**
 * `kubectl config current-context` and `kubectl config get-contexts`: read-only views of the
 * merged kubeconfig, answered without contacting the cluster (and without credentials).
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, usageError } from '../errors.js';
import { flagBool } from '../flags.js';
import { loadMergedConfig, type KubeconfigDoc } from '../kubeconfig.js';
import type { Output } from '../output.js';
import { tabwrite } from '../printers/tabwriter.js';
import type { KubeInvocation } from '../types.js';

export interface LocalContext {
  inv: KubeInvocation;
  env: Record<string, string | undefined>;
  output: Output;
}

export type LocalVerb = (ctx: LocalContext) => number;

const merged = (ctx: LocalContext): KubeconfigDoc =>
  loadMergedConfig({ kubeconfig: ctx.inv.kubeconfig }, ctx.env);

export const currentContext: LocalVerb = (ctx) => {
  const current = merged(ctx)['current-context'];
  if (!current) throw usageError('current-context is not set');
  ctx.output.out(`${stripControlLine(current)}\n`);
  return EXIT.ok;
};

const part = (entry: Record<string, unknown>, key: string): string => {
  const context = entry.context as Record<string, unknown> | undefined;
  const value = context?.[key];
  return typeof value === 'string' ? stripControlLine(value) : '';
};

export const getContexts: LocalVerb = (ctx) => {
  const { inv, output } = ctx;
  const format = inv.output ?? '';
  if (format !== '' && format !== 'name') {
    throw new KubeError(`error: output must be one of '' or 'name'`, { code: 'usage' });
  }
  const doc = merged(ctx);
  const wanted = inv.args ?? [];
  const contexts = [...doc.contexts].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const missing = wanted.filter((name) => !contexts.some((c) => c.name === name));
  const shown = wanted.length > 0 ? contexts.filter((c) => wanted.includes(c.name)) : contexts;
  let text = '';
  if (format === 'name') {
    text = shown.map((c) => `${stripControlLine(c.name)}\n`).join('');
  } else {
    const lines: string[][] = [];
    if (!flagBool(inv, 'no-headers'))
      lines.push(['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']);
    for (const c of shown) {
      lines.push([
        c.name === doc['current-context'] ? '*' : '',
        stripControlLine(c.name),
        part(c, 'cluster'),
        part(c, 'user'),
        part(c, 'namespace'),
      ]);
    }
    text = tabwrite(lines);
  }
  output.out(text);
  if (missing.length > 0) {
    output.err(
      missing.map((name) => `error: context ${stripControlLine(name)} not found\n`).join(''),
    );
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
};
