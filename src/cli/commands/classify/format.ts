/**
 * What `iddio classify` prints. Every value that came from the argv or a manifest goes
 * through stripControlLine (an agent controls it), and credentials are redacted.
 */
import type { RuleSet } from '../../../classify/classify.js';
import { factsOf, type ClassifyContext } from '../../../classify/facts.js';
import type { Classification } from '../../../classify/types.js';
import { stripControlLine } from '../../../common/sanitize.js';
import type { Invocation } from '../../../kubectl/invocation.js';
import { REDACTED, redactArgv, redactParsed } from '../../../kubectl/redact.js';
import { toTerminalJson } from '../../../common/terminal-json.js';

const SECRET_FIELDS = ['token', 'password', 'username', 'clientKey'] as const;
const SECRET_FLAGS = new Set(['token', 'password', 'username', 'client-key', 'from-literal']);

/** The invocation as printed: credentials redacted, control characters stripped. */
export function printableInvocation(inv: Invocation): Invocation {
  const copy: Invocation = structuredClone(inv);
  copy.argv = redactArgv(inv.argv);
  for (const field of SECRET_FIELDS) if (copy[field] !== undefined) copy[field] = REDACTED;
  // args and flags carry the same values as argv (config set's value, --overrides, -p …).
  const command = [inv.verb, inv.subverb, inv.subsubverb].filter((w): w is string => !!w);
  const parts = redactParsed(command, inv.args, inv.flags);
  copy.args = parts.args;
  copy.flags = parts.flags;
  for (const name of Object.keys(copy.flags)) {
    if (SECRET_FLAGS.has(name)) copy.flags[name] = (copy.flags[name] ?? []).map(() => REDACTED);
  }
  if (inv.pluginArgs !== undefined) copy.pluginArgs = redactArgv(inv.pluginArgs);
  return sanitize(copy) as Invocation;
}

function sanitize(value: unknown): unknown {
  if (typeof value === 'string') return stripControlLine(value);
  if (Array.isArray(value)) return value.map(sanitize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [stripControlLine(k), sanitize(v)]),
    );
  }
  return value;
}

export function formatJson(result: Classification, inv: Invocation): string {
  const reasons = result.reasons.map(stripControlLine);
  const invocation = printableInvocation(inv);
  return `${toTerminalJson({ ...result, reasons, invocation }, 2)}\n`;
}

function quoteArgv(argv: string[]): string {
  return argv
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export function formatHuman(
  result: Classification,
  inv: Invocation,
  rules: RuleSet,
  ctx: ClassifyContext = {},
): string {
  const p = printableInvocation(inv);
  // The effect and namespace as the rules see them, so a reader can follow each match.
  const facts = factsOf(inv, ctx);
  const lines: string[] = [];
  lines.push(`T${result.tier} ${result.tier_label}  (rule ${result.rule})`);
  lines.push('', 'reasons (highest tier first):');
  for (const reason of result.reasons) lines.push(`  - ${stripControlLine(reason)}`);
  lines.push('', 'invocation:');
  lines.push(`  argv:       kubectl ${quoteArgv(p.argv)}`);
  const command = [p.verb, p.subverb, p.subsubverb].filter(Boolean).join(' ');
  lines.push(
    `  command:    ${command || '(none: prints help)'}${p.verbKnown ? '' : ' (not a kubectl command: a plugin?)'}`,
  );
  lines.push(`  effect:     ${facts.effect}`);
  const namespace = p.namespace ?? stripControlLine(ctx.defaultNamespace ?? '');
  lines.push(
    `  namespace:  ${namespace || "(the kubeconfig's default)"}${p.allNamespaces ? ' (all namespaces)' : ''}`,
  );
  for (const t of p.targets) {
    const where =
      t.namespaced === undefined ? 'unknown scope' : t.namespaced ? 'namespaced' : 'cluster-scoped';
    const group = t.group === '' ? 'core' : t.group;
    const what = t.path ?? `${t.resource}${t.subresource ? `/${t.subresource}` : ''}`;
    const names =
      t.names.length > 0 ? ` ${t.names.map((n) => `"${n}"`).join(', ')}` : ' (all, or by selector)';
    lines.push(
      `  target:     ${what}${t.path ? '' : names} [${group}, ${where}${t.known ? '' : ', UNKNOWN'}]`,
    );
  }
  for (const o of p.manifests) {
    lines.push(
      `  object:     ${o.kind}${o.name ? ` "${o.name}"` : ''} (${o.apiVersion})${o.namespace ? ` in ${o.namespace}` : ''} from ${o.source}${o.known ? '' : ' [UNKNOWN kind]'}`,
    );
  }
  for (const u of p.unreadable) lines.push(`  unreadable: ${u.source}: ${u.reason}`);
  if (p.selector) lines.push(`  selector:   ${p.selector}`);
  if (p.fieldSelector) lines.push(`  fields:     ${p.fieldSelector}`);
  if (p.dryRun) lines.push(`  dry-run:    ${p.dryRun} (does not lower the tier)`);
  if (p.command.length > 0) lines.push(`  after --:   ${quoteArgv(p.command)}`);
  const flags = Object.entries(p.flags).map(([name, values]) =>
    values.map((v) => `--${name}=${v}`).join(' '),
  );
  if (flags.length > 0) lines.push(`  flags:      ${flags.join(' ')}`);
  const user = rules.rules.filter((r) => !r.shipped).length;
  lines.push(
    '',
    `rules: ${rules.rules.length} loaded (${user} user rule${user === 1 ? '' : 's'}); list them with: iddio classify --rules`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatRules(rules: RuleSet, json: boolean): string {
  if (json) {
    const list = rules.rules.map((r) => ({
      id: r.id,
      tier: r.tier,
      reason: r.reason,
      file: r.file,
      line: r.line,
      shipped: r.shipped,
    }));
    return `${toTerminalJson({ files: rules.files, rules: list }, 2)}\n`;
  }
  const lines = rules.rules.map(
    (r) =>
      `T${r.tier}  ${r.id.padEnd(24)} ${stripControlLine(r.reason)}  (${r.file}:${r.line}${r.shipped ? '' : ', user'})`,
  );
  return `${lines.join('\n')}\n`;
}
