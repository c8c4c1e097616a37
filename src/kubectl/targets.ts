/**
 * Positional arguments → the resources a command addresses, per kubectl's builder:
 * `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2 [NAME...]`, categories (`all`), and the
 * command-specific shapes (label pairs, `logs POD CONTAINER`, `cp ns/pod:path`, ...).
 */
import type { Target } from './invocation.js';
import { KubectlUsageError } from './argv.js';
import { expandCategory, resolveType, type Vocabulary } from './resources.js';

function target(typed: string, names: string[], vocab: Vocabulary, subresource?: string): Target {
  const resolved = resolveType(typed, vocab);
  const out: Target = { ...resolved, names, typed };
  if (subresource !== undefined) out.subresource = subresource;
  return out;
}

function merge(targets: Target[]): Target[] {
  if (targets.length < 2) return targets;
  const byKey = new Map<string, Target>();
  for (const t of targets) {
    const key = `${t.group}/${t.resource}/${t.subresource ?? ''}`;
    const existing = byKey.get(key);
    if (existing) existing.names.push(...t.names.filter((n) => !existing.names.includes(n)));
    else byKey.set(key, { ...t, names: [...t.names] });
  }
  return [...byKey.values()];
}

/** kubectl's ResourceTypeOrNameArgs: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`. */
export function typeOrNameArgs(args: string[], vocab: Vocabulary, subresource?: string): Target[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes('/'))) {
    return merge(
      args.map((arg) => {
        const parts = arg.split('/');
        if (parts.length !== 2) {
          throw new KubectlUsageError(
            `arguments in resource/name form may not have more than one slash`,
          );
        }
        const [typed = '', name = ''] = parts;
        if (typed === '' || name === '') {
          throw new KubectlUsageError(
            `arguments in resource/name form must have a single resource and name`,
          );
        }
        return target(typed, [name], vocab, subresource);
      }),
    );
  }
  const [types = '', ...names] = args;
  const out: Target[] = [];
  // An empty type (`get ''`, `get pods,`) is kept: kubectl fails on it, iddio fails closed.
  for (const typed of types.split(',')) {
    const category = expandCategory(typed);
    if (category && !resolveType(typed, vocab).known) {
      for (const resource of category) out.push(target(resource, [...names], vocab, subresource));
    } else {
      out.push(target(typed, [...names], vocab, subresource));
    }
  }
  return merge(out);
}

/** Names of one implied type (`cordon NODE`, `certificate approve CSR`); `TYPE/NAME` also allowed. */
export function namesOf(type: string, args: string[], vocab: Vocabulary): Target[] {
  if (args.length === 0) return [target(type, [], vocab)];
  return merge(
    args.map((arg) => {
      const slash = arg.indexOf('/');
      return slash === -1
        ? target(type, [arg], vocab)
        : target(arg.slice(0, slash), [arg.slice(slash + 1)], vocab);
    }),
  );
}

/** `POD` or `TYPE/NAME` as the first argument of logs, exec, attach, port-forward, debug. */
export function podOrTypeName(arg: string | undefined, vocab: Vocabulary, sub: string): Target[] {
  if (arg === undefined) return [];
  const slash = arg.indexOf('/');
  if (slash === -1) return [target('pods', [arg], vocab, sub)];
  return [target(arg.slice(0, slash), [arg.slice(slash + 1)], vocab, sub)];
}

/** Splits `label`/`annotate`/`set env` arguments into resources and KEY=VALUE / KEY- pairs. */
export function withoutPairs(args: string[], isPair: (arg: string) => boolean): string[] {
  return args.filter((arg) => !isPair(arg));
}

export const isLabelPair = (arg: string): boolean => arg.includes('=') || arg.endsWith('-');
export const isTaintSpec = (arg: string): boolean =>
  arg.includes('=') || arg.includes(':') || arg.endsWith('-');

/** `kubectl cp` operands: `[namespace/]pod:path` names a pod; anything else is local. */
export function cpTargets(
  args: string[],
  vocab: Vocabulary,
): { targets: Target[]; namespace?: string } {
  const targets: Target[] = [];
  let namespace: string | undefined;
  for (const arg of args) {
    const colon = arg.indexOf(':');
    if (colon <= 0) continue;
    const spec = arg.slice(0, colon);
    const slash = spec.indexOf('/');
    if (slash !== -1) namespace = spec.slice(0, slash);
    targets.push(target('pods', [slash === -1 ? spec : spec.slice(slash + 1)], vocab, 'exec'));
  }
  const out: { targets: Target[]; namespace?: string } = { targets: merge(targets) };
  if (namespace !== undefined) out.namespace = namespace;
  return out;
}
