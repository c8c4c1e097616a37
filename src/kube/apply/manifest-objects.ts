/**
 * The object bodies behind `-f` / `-k` for the verbs that send them (apply, create -f,
 * replace -f, delete -f). The parser (src/kubectl/manifests.ts) only records what each object
 * is, for classification; execution needs the whole object, read the same way: files,
 * directories (their .json/.yaml/.yml entries, sorted; -R descends), `-` for the stdin bytes
 * the pipeline read once, and a kustomization's resources with its namespace. Anything
 * kustomize would transform further is refused rather than approximated.
 */
import { parseAllDocuments } from 'yaml';
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, statusOf, usageError, checkErrLine } from '../errors.js';
import { notSupported } from '../flags.js';
import type { Invocation } from '../../kubectl/invocation.js';
import type { KubeInvocation } from '../types.js';
import type { KubectlIo } from '../../kubectl/invocation.js';
import { nodeIo } from '../../kubectl/node-io.js';

/** -k and -R are on the parser's Invocation; tests may pass a KubeInvocation without them. */
type WithManifests = KubeInvocation &
  Partial<Pick<Invocation, 'kustomize' | 'recursive' | 'manifests'>>;

export type Obj = Record<string, unknown>;

export interface ManifestBody {
  object: Obj;
  /** How kubectl names the source in messages: the path as given, or "STDIN". */
  source: string;
  /** The document kubectl validates: the object itself, or the List it came in. */
  validated?: { apiVersion: string; kind: string };
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** kustomize fields this reader applies; any other field would change the output, so it is refused. */
const KUSTOMIZE_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace']);
const MAX_DEPTH = 32;

const isRecord = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (dir: string, name: string): string =>
  dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;

/**
 * kubectl reads YAML as YAML 1.1 (sigs.k8s.io/yaml over go-yaml v2): `n`, `yes`, `off` are
 * booleans (a key `n` becomes "false"), `0777` is octal. The parser's 1.2 reading is right for
 * classification; what is sent must be what kubectl would send.
 */
function parse(text: string, source: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1', prettyErrors: false })) {
    const error = doc.errors[0];
    if (error) {
      throw usageError(
        `error parsing ${stripControlLine(source)}: ${stripControlLine(error.message.split('\n')[0] ?? 'invalid YAML')}`,
      );
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      throw usageError(
        `error parsing ${stripControlLine(source)}: ${cause instanceof Error ? stripControlLine(cause.message) : 'invalid YAML'}`,
      );
    }
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** kubectl's client-side check of apiVersion/kind (what remains of validation without OpenAPI schemas). */
function expand(
  doc: unknown,
  source: string,
  out: ManifestBody[],
  depth = 0,
  list?: { apiVersion: string; kind: string },
): void {
  if (!isRecord(doc))
    throw usageError(`error validating "${source}": the document is not an object`);
  const missing = [
    typeof doc.apiVersion !== 'string' || doc.apiVersion === '' ? 'apiVersion not set' : '',
    typeof doc.kind !== 'string' || doc.kind === '' ? 'kind not set' : '',
  ].filter(Boolean);
  if (missing.length > 0) {
    const text = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
    throw usageError(
      `error validating "${stripControlLine(source)}": error validating data: ${text}; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  }
  if (String(doc.kind).endsWith('List') && Array.isArray(doc.items)) {
    if (depth >= MAX_DEPTH)
      throw usageError(`error validating "${source}": lists nested too deeply`);
    const outer = list ?? { apiVersion: String(doc.apiVersion), kind: String(doc.kind) };
    for (const item of doc.items) expand(item, source, out, depth + 1, outer);
    return;
  }
  out.push({
    object: doc,
    source,
    validated: list ?? { apiVersion: String(doc.apiVersion), kind: String(doc.kind) },
  });
}

function readText(io: KubectlIo, path: string): string {
  try {
    return io.readFile(path);
  } catch {
    throw usageError(`the path "${stripControlLine(path)}" cannot be read`);
  }
}

function readPath(
  io: KubectlIo,
  path: string,
  recursive: boolean,
  out: ManifestBody[],
  depth = 0,
): void {
  if (!io.exists(path)) throw usageError(`the path "${stripControlLine(path)}" does not exist`);
  if (!io.isDirectory(path)) {
    for (const doc of parse(readText(io, path), path)) expand(doc, path, out);
    return;
  }
  if (depth > MAX_DEPTH)
    throw usageError(`the path "${stripControlLine(path)}" is nested too deeply`);
  for (const name of [...io.readDir(path)].sort()) {
    const child = join(path, name);
    if (io.isDirectory(child)) {
      if (recursive) readPath(io, child, recursive, out, depth + 1);
    } else if (EXTENSIONS.some((ext) => name.endsWith(ext))) {
      for (const doc of parse(readText(io, child), child)) expand(doc, child, out);
    }
  }
}

/** Kustomize's legacy output order (kubectl kustomize sorts by kind this way, then by name). */
const KIND_ORDER = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  if (i >= 0) return i;
  const j = LAST.indexOf(kind);
  return j >= 0 ? 1000 + j : 500;
}

function kustomize(io: KubectlIo, dir: string, depth = 0): ManifestBody[] {
  if (/^(https?:\/\/|github\.com|git@|ssh:\/\/)/.test(dir) || dir.includes('?ref='))
    throw notSupported('apply -k with a remote kustomization');
  if (!io.isDirectory(dir))
    throw usageError(
      `must build at directory: not a valid directory: evalsymlink failure on '${dir}' : lstat ${dir}: no such file or directory`,
    );
  const file = KUSTOMIZATION_FILES.map((n) => join(dir, n)).find((p) => io.exists(p));
  if (!file)
    throw usageError(
      `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`,
    );
  const [k] = parse(readText(io, file), file);
  const spec = isRecord(k) ? k : {};
  for (const field of Object.keys(spec)) {
    if (!KUSTOMIZE_FIELDS.has(field)) throw notSupported(`-k with kustomize ${field}`);
  }
  const out: ManifestBody[] = [];
  for (const entry of Array.isArray(spec.resources) ? spec.resources : []) {
    if (typeof entry !== 'string') throw notSupported('-k with a non-string resource');
    const path = entry.startsWith('/') ? entry : join(dir, entry);
    if (io.isDirectory(path)) {
      if (depth >= MAX_DEPTH) throw usageError(`kustomization "${dir}" is nested too deeply`);
      out.push(...kustomize(io, path, depth + 1));
    } else readPath(io, path, false, out);
  }
  if (typeof spec.namespace === 'string') {
    for (const { object } of out) {
      // Cluster-scoped kinds keep no namespace; kustomize knows them from its own tables.
      if (
        [
          'Namespace',
          'ClusterRole',
          'ClusterRoleBinding',
          'CustomResourceDefinition',
          'PersistentVolume',
          'StorageClass',
          'PriorityClass',
          'Node',
        ].includes(String(object.kind))
      )
        continue;
      object.metadata = {
        ...(isRecord(object.metadata) ? object.metadata : {}),
        namespace: spec.namespace,
      };
    }
  }
  const key = (o: Obj): string => {
    const m = isRecord(o.metadata) ? o.metadata : {};
    return `${String(o.apiVersion)}|${String(o.kind)}|${String(m.namespace ?? '')}|${String(m.name ?? '')}`;
  };
  return out
    .map((body) => ({ ...body, source: dir }))
    .sort(
      (a, b) =>
        kindRank(String(a.object.kind)) - kindRank(String(b.object.kind)) ||
        (key(a.object) < key(b.object) ? -1 : key(a.object) > key(b.object) ? 1 : 0),
    );
}

/** True when the invocation names manifests (-f or -k). */
export function hasManifests(inv: WithManifests): boolean {
  return (inv.filenames?.length ?? 0) > 0 || inv.kustomize !== undefined;
}

/**
 * Reads every object the invocation's -f/-k name, in kubectl's order. Throws kubectl's usage
 * errors (a missing path, a document without kind); an empty result is kubectl's "no objects
 * passed to <verb>" error, raised by the caller.
 */
export function readManifests(
  inv: WithManifests,
  stdin: Buffer | undefined,
  /** Where files are read from: the pipeline passes the replay of what was classified. */
  io: KubectlIo = nodeIo(),
): ManifestBody[] {
  const out: ManifestBody[] = [];
  if ((inv.filenames?.length ?? 0) > 0 && inv.kustomize !== undefined)
    throw usageError('only one of -f or -k can be specified');
  let stdinUsed = false;
  for (const path of inv.filenames ?? []) {
    if (path === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      for (const doc of parse(stdin?.toString('utf8') ?? '', 'STDIN')) expand(doc, 'STDIN', out);
    } else if (/^https?:\/\//i.test(path)) {
      throw notSupported('-f with a URL');
    } else readPath(io, path, inv.recursive === true, out);
  }
  if (inv.kustomize !== undefined) out.push(...kustomize(io, inv.kustomize));
  if (inv.manifests !== undefined) sameAsClassified(out, inv.manifests);
  return out;
}

/**
 * The executor parses manifests as kubectl does (YAML 1.1), the classifier as YAML 1.2; the
 * bytes are the same, but a scalar such as `n` or `yes` reads differently under the two. So the
 * objects about to be sent must be, kind for kind and name for name, the ones classified;
 * any difference is a refusal rather than a command acting on something it was not judged as.
 */
function sameAsClassified(bodies: ManifestBody[], classified: Invocation['manifests']): void {
  const keyOf = (apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown) =>
    JSON.stringify([apiVersion, kind, namespace ?? null, name ?? null]);
  const sent = bodies
    .map(({ object }) => {
      const meta = isRecord(object.metadata) ? object.metadata : {};
      return keyOf(object.apiVersion, object.kind, meta.namespace, meta.name);
    })
    .sort();
  const judged = classified.map((m) => keyOf(m.apiVersion, m.kind, m.namespace, m.name)).sort();
  if (sent.length !== judged.length || sent.some((key, i) => key !== judged[i])) {
    throw new KubeError(
      'iddio: the manifests read for execution differ from the ones classified; refusing',
      { code: 'usage', exitCode: EXIT.denied },
    );
  }
}

/**
 * kubectl's AddSourceToErr: an API error about an object from a file has the Status message
 * prefixed with `error when <verb> "<source>": `.
 */
export function withSource(error: KubeError, verb: string, source: string): KubeError {
  const status = statusOf(error);
  if (!status || source === '') return error;
  const changed = { ...status, message: `error when ${verb} "${source}": ${status.message ?? ''}` };
  const wrapped = new KubeError(checkErrLine(changed), { code: 'api-status' });
  (wrapped as KubeError & { status?: unknown }).status = changed;
  return wrapped;
}
