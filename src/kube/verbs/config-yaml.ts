/**
 * Reads a kubeconfig file's YAML the way client-go does before decoding it: go-yaml v2 parses
 * the first document with YAML 1.1 scalar resolution (`yes` is true, `0755` is 493, `1e6` is a
 * number), and sigs.k8s.io/yaml turns the result into JSON (map keys become strings, a later
 * duplicate key wins, `<<` merges). The result is the JSON value the typed decoder sees, so a
 * kubeconfig that kubectl reads as `name: true` is refused here exactly as kubectl refuses it.
 *
 * Parsing is done by the `yaml` library with the failsafe schema (every scalar a string, with
 * its quoting style kept); the go-yaml resolution of plain scalars is ours.
 */
import { isUtf8 } from 'node:buffer';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';

/** A problem worded as client-go words it (without the "error loading config file" prefix). */
export class KubeconfigFormatError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'KubeconfigFormatError';
  }
}

/** A construct iddio does not read yet; refused rather than read differently from kubectl. */
export class KubeconfigUnsupportedError extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'KubeconfigUnsupportedError';
  }
}

const BOOLS = new Map<string, boolean>();
for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'])
  BOOLS.set(word, true);
for (const word of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'])
  BOOLS.set(word, false);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Set([
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
]);

/** strconv.ParseInt(s, 0, 64) syntax (underscores already removed). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function goInt(text: string): bigint | undefined {
  if (!GO_INT.test(text)) return undefined;
  const negative = text.startsWith('-');
  const body = text.replace(/^[-+]/, '');
  let value: bigint;
  if (/^0[oO]/.test(body)) value = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) value = BigInt(`0o${body.slice(1)}`);
  else value = BigInt(body);
  if (negative) value = -value;
  // ParseInt's int64 range, then ParseUint's (which takes no sign) for larger values.
  if (value < INT64_MIN) return undefined;
  if (value > UINT64_MAX || (value >= 2n ** 63n && /^[-+]/.test(text))) return undefined;
  return value;
}

/** A JSON number: integers beyond 2^53 stay exact as bigint (refused only if ever written). */
function number(value: number | bigint): number | bigint {
  if (typeof value === 'number') return value;
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return value > limit || value < -limit ? value : Number(value);
}

/** go-yaml v2's resolve() for an untagged plain scalar, as seen through sigs.k8s.io/yaml. */
export function resolvePlain(text: string): unknown {
  const bool = BOOLS.get(text);
  if (bool !== undefined) return bool;
  if (NULLS.has(text)) return null;
  if (SPECIAL_FLOATS.has(text)) {
    // json.Marshal cannot write NaN or ±Inf; kubectl fails on them too.
    const word = /nan/i.test(text) ? 'NaN' : text.startsWith('-') ? '-Inf' : '+Inf';
    throw new KubeconfigFormatError(`json: unsupported value: ${word}`);
  }
  const first = text[0] ?? '';
  if (first === '.') {
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? number(Number(text)) : text;
  }
  if (!/[-+0-9]/.test(first)) return text;
  // Timestamps resolve to strings here (go-yaml keeps them as text in an interface{}).
  const plain = text.replace(/_/g, '');
  const int = goInt(plain);
  if (int !== undefined) return number(int);
  if (YAML_FLOAT.test(plain)) {
    const float = Number(plain);
    if (Number.isFinite(float)) return number(float);
  }
  return text;
}

const STR_TAG = 'tag:yaml.org,2002:str';
const CORE_TAGS = new Set(
  ['null', 'bool', 'int', 'float', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

interface Walk {
  doc: Document;
  budget: number;
}

function convert(node: unknown, walk: Walk, depth: number): unknown {
  if (--walk.budget < 0 || depth > 1000)
    throw new KubeconfigUnsupportedError('kubeconfig YAML this large or deeply aliased');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(walk.doc), walk, depth + 1);
  const tag = (node as Node).tag;
  if (tag !== undefined && tag !== STR_TAG && !CORE_TAGS.has(tag))
    throw new KubeconfigUnsupportedError(`the YAML tag ${tag} in a kubeconfig`);
  if (isScalar(node)) {
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    if (tag === STR_TAG || node.type !== 'PLAIN') return text;
    return resolvePlain(text);
  }
  if (isSeq(node)) return node.items.map((item) => convert(item, walk, depth + 1));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (
        isScalar(pair.key) &&
        pair.key.type === 'PLAIN' &&
        !pair.key.tag &&
        pair.key.value === '<<'
      ) {
        mergeInto(out, pair.value, walk, depth + 1);
        continue;
      }
      out[jsonKey(convert(pair.key, walk, depth + 1))] = convert(pair.value, walk, depth + 1);
    }
    return out;
  }
  throw new KubeconfigUnsupportedError('this YAML construct in a kubeconfig');
}

/** go-yaml's `<<`: a mapping, or a sequence of mappings where earlier ones win. */
function mergeInto(out: Record<string, unknown>, node: unknown, walk: Walk, depth: number): void {
  const target = isAlias(node) ? node.resolve(walk.doc) : node;
  const sources = isSeq(target) ? [...target.items].reverse() : [target];
  for (const source of sources) {
    const value = convert(source, walk, depth + 1);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new KubeconfigFormatError('map merge requires map or sequence of maps as the value');
    Object.assign(out, value);
  }
}

/** sigs.k8s.io/yaml's conversion of a YAML map key to a JSON object key. */
function jsonKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (typeof key === 'number' && Number.isInteger(key)) return String(key);
  throw new KubeconfigUnsupportedError(
    'kubeconfig map keys that are not strings, integers or booleans',
  );
}

/** go-yaml's wording for the syntax errors people make most; others keep the parser's words. */
const GO_YAML_WORDS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  BAD_SCALAR_START: 'found character that cannot start any token',
  TAB_AS_INDENT: 'found character that cannot start any token',
  BAD_ALIAS: 'did not find expected alphabetic or numeric character',
  MISSING_CHAR: 'found unexpected end of stream',
};

function goYamlError(text: string, code: string, pos: number, message: string): string {
  const line = text.slice(0, pos).split('\n').length;
  const words = /block-seq-ind on same line/.test(message)
    ? 'block sequence entries are not allowed in this context'
    : (GO_YAML_WORDS[code] ?? message.split('\n')[0] ?? '');
  return `yaml: line ${line}: ${words}`;
}

/**
 * The JSON value of a kubeconfig file's bytes (null for an empty document). Throws
 * KubeconfigFormatError with a go-yaml-style "yaml: …" message for malformed YAML.
 */
export function readKubeconfigYaml(bytes: Buffer): unknown {
  if (!isUtf8(bytes)) throw new KubeconfigFormatError('yaml: invalid leading UTF-8 octet');
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const docs = parseAllDocuments(text, {
    schema: 'failsafe',
    version: '1.1',
    uniqueKeys: false,
    prettyErrors: false,
  });
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return null;
  const error = first.errors[0];
  if (error)
    throw new KubeconfigFormatError(goYamlError(text, error.code, error.pos[0], error.message));
  return convert(first.contents, { doc: first, budget: 1_000_000 }, 0);
}
