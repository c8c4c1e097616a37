/**
 * `kubectl apply -f/-k` (client-side apply, kubectl 1.32): each object gets the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation; a missing object is POSTed
 * (`created`), an existing one is patched with the three-way merge of the previous
 * annotation, the manifest and the live object (`configured`), or left alone when that patch
 * is empty (`unchanged`). kubectl also downloads /openapi/v3 to validate client-side; iddio
 * skips that and lets the server validate (fieldValidation=Strict, which kubectl sends too),
 * checking only apiVersion/kind locally — the output is the same for the cases tested.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { ErrorList, KubeError, isNotFound, statusFromResponse, usageError } from '../errors.js';
import { dryRunOf, flagValue, notSupported, requireHandled } from '../flags.js';
import { resourcePath } from '../resolve.js';
import { goJson } from '../apply/go-json.js';
import {
  hasManifests,
  readManifests,
  withSource,
  type ManifestBody,
  type Obj,
} from '../apply/manifest-objects.js';
import {
  emptyNameError,
  metadataOf,
  place,
  printedName,
  resourceOf,
  type Placed,
} from '../apply/target.js';
import { threeWayPatch } from '../apply/three-way.js';
import type { VerbContext } from './context.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const FIELD_MANAGER = 'kubectl-client-side-apply';

/** The flags apply, create -f, replace -f implement (besides the global ones). */
export const MANIFEST_FLAGS = [
  'filename',
  'kustomize',
  'recursive',
  'output',
  'dry-run',
  'validate',
] as const;

/** The object with the annotation set to its own serialisation (minus the annotation). */
export function withLastApplied(object: Obj): Obj {
  const metadata = metadataOf(object);
  const annotations = { ...((metadata.annotations as Record<string, unknown> | null) ?? {}) };
  delete annotations[LAST_APPLIED];
  // kubectl sets the (possibly empty) map back before serialising: `"annotations":{}`.
  const bare = { ...object, metadata: { ...metadata, annotations } };
  return {
    ...object,
    metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: goJson(bare) } },
  };
}

/** Places every object (collecting kubectl's mapping errors), in manifest order. */
export async function placeAll(
  ctx: VerbContext,
  verb: string,
): Promise<{ placed: Placed[]; errors: ErrorList }> {
  const bodies = readManifests(ctx.inv, ctx.stdin, ctx.manifestIo);
  if (bodies.length === 0) throw usageError(`no objects passed to ${verb}`);
  if (fieldValidation(ctx.inv) !== 'Ignore') await validateKinds(ctx, bodies);
  const placed: Placed[] = [];
  const errors = new ErrorList();
  for (const body of bodies) {
    placed.push(await place(ctx, body));
  }
  return { placed, errors };
}

/** --validate: kubectl's fieldValidation directive for the server. */
export function fieldValidation(inv: VerbContext['inv']): 'Strict' | 'Warn' | 'Ignore' {
  const value = (flagValue(inv, 'validate') ?? 'strict').toLowerCase();
  if (value === 'false' || value === 'ignore') return 'Ignore';
  if (value === 'warn') return 'Warn';
  if (value === 'true' || value === 'strict') return 'Strict';
  throw usageError(
    `invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`,
  );
}

/**
 * kubectl validates each document against the server's OpenAPI schema. iddio lets the server
 * validate fields (fieldValidation=Strict), but a kind the server does not serve (a List, a
 * kind without its CRD) sends kubectl to /openapi/v2 for a schema: where that is missing the
 * command fails as kubectl fails, before anything is written.
 */
async function validateKinds(ctx: VerbContext, bodies: ManifestBody[]): Promise<void> {
  const checked = new Set<string>();
  for (const body of bodies) {
    const gvk = body.validated;
    if (!gvk) continue;
    const key = `${gvk.apiVersion}/${gvk.kind}`;
    if (checked.has(key)) continue;
    checked.add(key);
    if (await resourceOf(ctx, gvk.kind, gvk.apiVersion)) continue;
    // A kind some CRD declares is left to the server, as kubectl's validator does.
    if (await declaredByCrd(ctx, gvk)) continue;
    const response = await ctx.client.send({ path: '/openapi/v2' });
    if (response.status >= 200 && response.status < 300) return;
    const status = statusFromResponse(response.status, response.body);
    throw usageError(
      `error validating "${stripControlLine(body.source)}": error validating data: ${stripControlLine(status.message ?? '')}; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  }
}

async function declaredByCrd(
  ctx: VerbContext,
  gvk: { apiVersion: string; kind: string },
): Promise<boolean> {
  const slash = gvk.apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = gvk.apiVersion.slice(0, slash);
  const version = gvk.apiVersion.slice(slash + 1);
  const response = await ctx.client.send({
    path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  });
  if (response.status < 200 || response.status >= 300) return false;
  let items: unknown[] = [];
  try {
    const list = JSON.parse(response.body.toString('utf8')) as { items?: unknown[] };
    items = Array.isArray(list.items) ? list.items : [];
  } catch {
    return false;
  }
  return items.some((item) => {
    const spec = (item as { spec?: Record<string, unknown> }).spec ?? {};
    const names = (spec.names ?? {}) as Record<string, unknown>;
    const versions = Array.isArray(spec.versions)
      ? (spec.versions as Array<{ name?: unknown }>)
      : [];
    return (
      spec.group === group && names.kind === gvk.kind && versions.some((v) => v.name === version)
    );
  });
}

export function requireManifests(ctx: VerbContext, verb: string): void {
  if (!hasManifests(ctx.inv)) {
    void verb;
    throw usageError('must specify one of -f and -k');
  }
}

export async function apply(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  if (inv.subverb) throw notSupported(`apply ${inv.subverb}`);
  requireHandled(inv, MANIFEST_FLAGS);
  const format = inv.output ?? '';
  if (format !== '' && format !== 'name') throw notSupported(`apply -o ${format}`);
  requireManifests(ctx, 'apply');
  const dry = dryRunOf(inv);
  const { placed, errors } = await placeAll(ctx, 'apply');
  const print = (p: Placed, operation: string): void =>
    output.out(
      format === 'name' ? `${printedName(p)}\n` : `${printedName(p)} ${operation}${dry.suffix}\n`,
    );
  for (const p of placed) {
    if (p.name === '') {
      errors.addApi(emptyNameError(p, 'apply'));
      continue;
    }
    const path = resourcePath(p.resource, p.namespace, p.name);
    const modified = withLastApplied(p.object);
    let current: Obj;
    try {
      current = await ctx.client.json<Obj>({ path });
    } catch (error) {
      if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
      if (!isNotFound(error)) {
        errors.addApi(error);
        continue;
      }
      try {
        if (!dry.client) {
          await ctx.client.json<Obj>({
            method: 'POST',
            path: resourcePath(p.resource, p.namespace),
            query: {
              fieldManager: FIELD_MANAGER,
              fieldValidation: fieldValidation(inv),
              dryRun: dry.query,
            },
            body: JSON.stringify(modified),
          });
        }
        print(p, 'created');
      } catch (cause) {
        if (!(cause instanceof KubeError) || cause.code !== 'api-status') throw cause;
        errors.addApi(withSource(cause, 'creating', p.source));
      }
      continue;
    }
    if (dry.client) {
      print(p, 'configured');
      continue;
    }
    const annotations = (metadataOf(current).annotations ?? {}) as Record<string, unknown>;
    const previous = annotations[LAST_APPLIED];
    if (typeof previous !== 'string') {
      output.err(
        `Warning: resource ${p.resource.name}/${stripControlLine(p.name)} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
      );
    }
    let original: Obj | undefined;
    try {
      original = typeof previous === 'string' ? (JSON.parse(previous) as Obj) : undefined;
    } catch {
      original = undefined;
    }
    const { patch, contentType } = threeWayPatch(
      original,
      modified,
      current,
      String(p.object.kind),
      p.resource.group,
    );
    if (Object.keys(patch).length === 0) {
      print(p, 'unchanged');
      continue;
    }
    try {
      await ctx.client.json<Obj>({
        method: 'PATCH',
        path,
        query: {
          fieldManager: FIELD_MANAGER,
          fieldValidation: fieldValidation(inv),
          dryRun: dry.query,
        },
        body: JSON.stringify(patch),
        contentType,
      });
      print(p, 'configured');
    } catch (cause) {
      if (!(cause instanceof KubeError) || cause.code !== 'api-status') throw cause;
      errors.addApi(withSource(cause, 'patching', p.source));
    }
  }
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
