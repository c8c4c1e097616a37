/**
 * Manifests named by `-f` (files, directories, `-R`, `-` for stdin, URLs) and `-k`
 * (kustomizations), parsed into objects: multi-document YAML, JSON, and `List` kinds expanded.
 * Every object is classified on its own, so a RoleBinding hidden among ConfigMaps is seen.
 * What cannot be read offline (URLs, remote bases, generators that run programs) is reported
 * as unreadable, and the classifier fails closed on it. A manifest that does not parse is a
 * usage error: nothing runs.
 */
import { parseAllDocuments } from 'yaml';
import type { KubectlIo, ManifestObject, UnreadableSource } from './invocation.js';
import { KubectlUsageError } from './argv.js';
import { resolveKind, type Vocabulary } from './resources.js';

/** The extensions kubectl reads from a directory given to -f. */
const EXTENSIONS = ['.json', '.yaml', '.yml'];
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MAX_DEPTH = 32;

export interface ManifestResult {
  objects: ManifestObject[];
  unreadable: UnreadableSource[];
}

const isUrl = (path: string): boolean => /^https?:\/\//i.test(path);

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Parses one manifest text into plain documents; a syntax error is a usage error naming the source. */
export function parseDocuments(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      throw new KubectlUsageError(
        `error parsing ${source}: ${error.message.split('\n')[0] ?? 'invalid YAML'}`,
      );
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      throw new KubectlUsageError(
        `error parsing ${source}: ${cause instanceof Error ? cause.message : 'invalid YAML'}`,
      );
    }
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** Turns parsed documents into manifest objects, expanding `List` kinds. */
export function toObjects(docs: unknown[], source: string, vocab: Vocabulary): ManifestObject[] {
  const out: ManifestObject[] = [];
  const visit = (doc: unknown, depth: number): void => {
    if (!isRecord(doc)) {
      throw new KubectlUsageError(`error validating "${source}": the document is not an object`);
    }
    const apiVersion = str(doc.apiVersion);
    const kind = str(doc.kind);
    if (!apiVersion || !kind) {
      const missing = [!apiVersion && 'apiVersion not set', !kind && 'kind not set'].filter(
        Boolean,
      );
      throw new KubectlUsageError(
        `error validating "${source}": error validating data: [${missing.join(', ')}]`,
      );
    }
    if (kind.endsWith('List') && Array.isArray(doc.items)) {
      if (depth >= MAX_DEPTH)
        throw new KubectlUsageError(`error validating "${source}": lists nested too deeply`);
      for (const item of doc.items) visit(item, depth + 1);
      return;
    }
    // An Eviction is posted to pods/NAME/eviction; it is not a resource of its own.
    const eviction = apiVersion === 'policy/v1' && kind === 'Eviction';
    const resolved = eviction
      ? resolveKind('v1', 'Pod', vocab)
      : resolveKind(apiVersion, kind, vocab);
    const metadata = isRecord(doc.metadata) ? doc.metadata : {};
    const object: ManifestObject = {
      apiVersion,
      kind,
      group: resolved.group,
      version: resolved.version,
      known: resolved.known,
      source,
    };
    if (resolved.known) object.resource = resolved.resource;
    if (eviction) {
      object.group = 'policy';
      object.subresource = 'eviction';
    }
    if (resolved.namespaced !== undefined) object.namespaced = resolved.namespaced;
    const namespace = str(metadata.namespace);
    if (namespace) object.namespace = namespace;
    const name = str(metadata.name) ?? str(metadata.generateName);
    if (name) object.name = name;
    out.push(object);
  };
  for (const doc of docs) visit(doc, 0);
  return out;
}

export class ManifestReader {
  readonly objects: ManifestObject[] = [];
  readonly unreadable: UnreadableSource[] = [];
  private stdinRead = false;

  constructor(
    private readonly io: KubectlIo,
    private readonly vocab: Vocabulary,
  ) {}

  private addText(text: string, source: string): void {
    this.objects.push(...toObjects(parseDocuments(text, source), source, this.vocab));
  }

  /** File-system failures (permissions, a vanished file) are usage errors, never crashes. */
  private guard<T>(read: () => T, message: string): T {
    try {
      return read();
    } catch {
      throw new KubectlUsageError(message);
    }
  }

  private readPath(path: string): string {
    try {
      return this.io.readFile(path);
    } catch {
      throw new KubectlUsageError(`the path "${path}" cannot be read`);
    }
  }

  /** One -f value. */
  filename(path: string, recursive: boolean): void {
    if (path === '-') {
      if (this.stdinRead) return; // stdin is consumed once; kubectl reads nothing the second time
      this.stdinRead = true;
      this.addText(
        this.guard(() => this.io.stdin(), 'stdin cannot be read'),
        '-',
      );
      return;
    }
    if (isUrl(path)) {
      this.unreadable.push({ source: path, reason: 'a URL manifest cannot be read offline' });
      return;
    }
    if (!this.io.exists(path)) throw new KubectlUsageError(`the path "${path}" does not exist`);
    if (this.io.isDirectory(path)) {
      this.directory(path, recursive, 0);
      return;
    }
    this.addText(this.readPath(path), path);
  }

  private directory(dir: string, recursive: boolean, depth: number): void {
    if (depth > MAX_DEPTH) throw new KubectlUsageError(`the path "${dir}" is nested too deeply`);
    const names = this.guard(() => this.io.readDir(dir), `the path "${dir}" cannot be read`);
    for (const name of [...names].sort()) {
      const path = join(dir, name);
      if (this.io.isDirectory(path)) {
        if (recursive) this.directory(path, recursive, depth + 1);
      } else if (EXTENSIONS.some((ext) => name.endsWith(ext))) {
        this.addText(this.readPath(path), path);
      }
    }
  }

  /** A -k directory: its kustomization's resources, generators and namespace. */
  kustomize(dir: string, depth = 0): void {
    if (isUrl(dir) || /^(github\.com|git@|ssh:\/\/)/.test(dir) || dir.includes('?ref=')) {
      this.unreadable.push({
        source: dir,
        reason: 'a remote kustomization cannot be read offline',
      });
      return;
    }
    if (depth > MAX_DEPTH)
      throw new KubectlUsageError(`kustomization "${dir}" is nested too deeply`);
    if (!this.io.exists(dir) || !this.io.isDirectory(dir)) {
      throw new KubectlUsageError(`must build at directory: not a valid directory: ${dir}`);
    }
    const file = KUSTOMIZATION_FILES.map((n) => join(dir, n)).find((p) => this.io.exists(p));
    if (file === undefined) {
      throw new KubectlUsageError(
        `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`,
      );
    }
    const [doc] = parseDocuments(this.readPath(file), file);
    const k = isRecord(doc) ? doc : {};
    const start = this.objects.length;
    for (const field of ['resources', 'bases', 'components', 'crds']) {
      const entries = k[field];
      if (entries === undefined) continue;
      if (!Array.isArray(entries))
        throw new KubectlUsageError(`error parsing ${file}: ${field} is not a list`);
      for (const entry of entries) {
        const ref = str(entry);
        if (ref === undefined)
          throw new KubectlUsageError(`error parsing ${file}: ${field} entry is not a string`);
        const path = ref.startsWith('/') ? ref : join(dir, ref);
        if (isUrl(ref) || /^(github\.com|git@|ssh:\/\/)/.test(ref) || ref.includes('?ref=')) {
          this.unreadable.push({
            source: ref,
            reason: 'a remote kustomize resource cannot be read offline',
          });
        } else if (this.io.exists(path) && this.io.isDirectory(path)) {
          this.kustomize(path, depth + 1);
        } else if (this.io.exists(path)) {
          this.addText(this.readPath(path), path);
        } else {
          throw new KubectlUsageError(`accumulating resources: the path "${path}" does not exist`);
        }
      }
    }
    this.generated(k, file);
    for (const field of [
      'generators',
      'transformers',
      'validators',
      'helmCharts',
      'helmChartInflationGenerator',
    ]) {
      if (k[field] !== undefined) {
        this.unreadable.push({
          source: file,
          reason: `kustomize ${field} run programs whose output cannot be known offline`,
        });
      }
    }
    // The kustomization's namespace overrides every namespaced object it builds.
    const namespace = str(k.namespace);
    if (namespace) {
      for (const object of this.objects.slice(start)) {
        if (object.namespaced !== false) object.namespace = namespace;
      }
    }
  }

  private generated(k: Record<string, unknown>, file: string): void {
    const kinds: [string, string][] = [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ];
    for (const [field, kind] of kinds) {
      const entries = k[field];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const e = isRecord(entry) ? entry : {};
        const object: ManifestObject = {
          apiVersion: 'v1',
          kind,
          group: '',
          version: 'v1',
          resource: kind === 'Secret' ? 'secrets' : 'configmaps',
          namespaced: true,
          known: true,
          source: file,
        };
        const name = str(e.name);
        if (name) object.name = name;
        const namespace = str(e.namespace);
        if (namespace) object.namespace = namespace;
        this.objects.push(object);
      }
    }
  }
}
