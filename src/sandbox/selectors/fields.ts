/**
 * Field selectors, parsed as k8s.io/apimachinery/pkg/fields does (`f=v`, `f==v`, `f!=v`,
 * comma-joined, `\,` `\=` `\\` escapes) and matched against the fields the API server exposes
 * for each kind. Each kind accepts only its own field labels; anything else is the server's
 * BadRequest ("field label not supported: x", or the generic message for kinds without a list).
 */
import type { KubeObject } from '../types.js';
import { SelectorError } from './errors.js';

export { SelectorError } from './errors.js';

export interface FieldTerm {
  field: string;
  operator: '=' | '==' | '!=';
  /** Unescaped. */
  value: string;
}

export interface FieldSelector {
  /** ANDed. No terms selects everything. */
  terms: FieldTerm[];
}

type Extract = (o: KubeObject) => string;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
function at(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
const s =
  (...path: string[]): Extract =>
  (o) =>
    str(at(o, ...path));

const META: Record<string, Extract> = {
  'metadata.name': (o) => str(o.metadata.name),
  'metadata.namespace': (o) => str(o.metadata.namespace),
};

const POD: Record<string, Extract> = {
  ...META,
  'spec.nodeName': s('spec', 'nodeName'),
  'spec.restartPolicy': s('spec', 'restartPolicy'),
  'spec.schedulerName': s('spec', 'schedulerName'),
  'spec.serviceAccountName': s('spec', 'serviceAccountName'),
  'spec.hostNetwork': (o) => String(at(o, 'spec', 'hostNetwork') === true),
  'status.phase': s('status', 'phase'),
  'status.podIP': (o) => {
    const ips = at(o, 'status', 'podIPs');
    if (Array.isArray(ips) && ips.length > 0) return str(at(ips[0], 'ip'));
    return str(at(o, 'status', 'podIP'));
  },
  // Accepted by the server's field-label conversion but not in the pod's field set: matches "".
  'status.podIPs': () => '',
  'status.nominatedNodeName': s('status', 'nominatedNodeName'),
};

const EVENT: Record<string, Extract> = {
  ...META,
  'involvedObject.kind': s('involvedObject', 'kind'),
  'involvedObject.namespace': s('involvedObject', 'namespace'),
  'involvedObject.name': s('involvedObject', 'name'),
  'involvedObject.uid': s('involvedObject', 'uid'),
  'involvedObject.apiVersion': s('involvedObject', 'apiVersion'),
  'involvedObject.resourceVersion': s('involvedObject', 'resourceVersion'),
  'involvedObject.fieldPath': s('involvedObject', 'fieldPath'),
  reason: s('reason'),
  reportingComponent: s('reportingComponent'),
  source: (o) => str(at(o, 'source', 'component')) || str(at(o, 'reportingComponent')),
  type: s('type'),
};

interface KindFields {
  fields: Record<string, Extract>;
  /** Label aliases the server rewrites before matching (spec.host is the old spec.nodeName). */
  aliases?: Record<string, string>;
  unsupported: (label: string) => string;
}

const NOT_SUPPORTED = (label: string): string => `field label not supported: ${label}`;
const DEFAULT_MESSAGE = (label: string): string =>
  `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`;

/** Keyed by `apiVersion/kind` (core kinds by `v1/Kind`), as the server registers them. */
const BY_KIND: Record<string, KindFields> = {
  'v1/Pod': { fields: POD, aliases: { 'spec.host': 'spec.nodeName' }, unsupported: NOT_SUPPORTED },
  'v1/Node': {
    fields: {
      'metadata.name': META['metadata.name'] as Extract,
      'spec.unschedulable': (o) => String(at(o, 'spec', 'unschedulable') === true),
    },
    unsupported: NOT_SUPPORTED,
  },
  'v1/ReplicationController': {
    fields: { ...META, 'status.replicas': (o) => String(Number(at(o, 'status', 'replicas') ?? 0)) },
    unsupported: NOT_SUPPORTED,
  },
  'v1/Event': { fields: EVENT, unsupported: NOT_SUPPORTED },
  'v1/Namespace': {
    fields: {
      'metadata.name': META['metadata.name'] as Extract,
      'status.phase': s('status', 'phase'),
    },
    unsupported: NOT_SUPPORTED,
  },
  'v1/Secret': { fields: { ...META, type: s('type') }, unsupported: NOT_SUPPORTED },
  'v1/Service': {
    fields: { ...META, 'spec.clusterIP': s('spec', 'clusterIP'), 'spec.type': s('spec', 'type') },
    unsupported: NOT_SUPPORTED,
  },
  'batch/v1/Job': {
    fields: {
      ...META,
      'status.successful': (o) => String(Number(at(o, 'status', 'succeeded') ?? 0)),
    },
    unsupported: (label) => `field label "${label}" not supported for batchv1.Job`,
  },
};

const DEFAULT_KIND: KindFields = { fields: META, unsupported: DEFAULT_MESSAGE };

/** The field rules for a kind; `kind` may be `Pod` (core) or `apiVersion/Kind`. */
function kindFields(kind: string): KindFields {
  return BY_KIND[kind] ?? BY_KIND[`v1/${kind}`] ?? BY_KIND[`batch/v1/${kind}`] ?? DEFAULT_KIND;
}

/** Splits on unescaped commas, keeping escapes for unescapeValue. */
function splitTerms(text: string): string[] {
  if (text.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first `!=`, `==` or `=` (in that preference at each position) splits the term. */
function splitTerm(term: string): [string, FieldTerm['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    const rest = term.slice(i);
    for (const op of ['!=', '==', '='] as const) {
      if (rest.startsWith(op)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const c of value) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. as its number.
      throw new SelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else {
      out += c;
    }
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Parses a field selector; throws SelectorError with the API server's message. With `kind`
 * (`Pod`, `v1/Event`, `batch/v1/Job`, ...) the field labels are also checked for that kind,
 * as the server does before listing; matchFields checks them too, so a bad label never
 * silently matches nothing.
 */
export function parseFieldSelector(text: string, kind?: string): FieldSelector {
  const parts = splitTerms(text).sort();
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined) {
      throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    }
    const [field, operator, raw] = split;
    terms.push({ field, operator, value: unescapeValue(raw) });
  }
  const selector = { terms };
  if (kind !== undefined) validateFieldSelector(selector, kind);
  return selector;
}

/** Throws SelectorError if a term names a field the kind does not support. */
export function validateFieldSelector(selector: FieldSelector, kind: string): void {
  const rules = kindFields(kind);
  for (const term of selector.terms) resolve(rules, term.field);
}

function resolve(rules: KindFields, label: string): Extract {
  const name = rules.aliases?.[label] ?? label;
  const extract = Object.prototype.hasOwnProperty.call(rules.fields, name)
    ? rules.fields[name]
    : undefined;
  if (extract === undefined) throw new SelectorError(rules.unsupported(label));
  return extract;
}

/**
 * True when every term holds for the object. A field the object's kind does not support
 * throws SelectorError (the server rejects such a list rather than returning nothing).
 */
export function matchFields(selector: FieldSelector, object: KubeObject): boolean {
  const rules = kindFields(`${object.apiVersion}/${object.kind}`);
  // Resolve every term first so an unsupported label fails even when an earlier term misses.
  const resolved = selector.terms.map((term) => ({ term, extract: resolve(rules, term.field) }));
  return resolved.every(({ term, extract }) => {
    const actual = extract(object);
    return term.operator === '!=' ? actual !== term.value : actual === term.value;
  });
}
