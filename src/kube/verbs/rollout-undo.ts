/**
 * `kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N] [-l …] [--dry-run=…]` for
 * deployments, as kubectl's DeploymentRollbacker does it: find the ReplicaSet of the revision
 * (0: the one before the newest), refuse a paused deployment, skip when the template already
 * matches, else send a JSON patch that restores the ReplicaSet's pod template (without its
 * pod-template-hash label) and its annotations; the deployment controller then scales that
 * ReplicaSet back up and gives it the newest revision.
 *
 * Daemon sets and stateful sets keep their history in ControllerRevisions, which iddio does
 * not read yet: they are refused before anything is changed (exit 2), never approximated.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { goQuote, parseGoInt } from '../../kubectl/go-values.js';
import { writePodTemplate } from '../describe/containers.js';
import { DescribeWriter } from '../describe/writer.js';
import type { ApiResource } from '../discovery.js';
import { ErrorList, KubeError, statusOf, usageError } from '../errors.js';
import {
  dryRunOf,
  flagInt,
  flagValue,
  HANDLED_FLAGS,
  notSupported,
  requireHandled,
} from '../flags.js';
import { resourcePath } from '../resolve.js';
import type { KubeTarget } from '../types.js';
import { resolveTargets, type VerbContext } from './context.js';
import { displayName, metadataOf, visitObjects, type Obj, type Visited } from './objects.js';
import { deploymentReplicaSets, equalIgnoreHash, revisionOf } from './rollout.js';

const HASH_LABEL = 'pod-template-hash';

/** Annotations a rollback keeps from the deployment rather than copying from the ReplicaSet. */
const KEPT_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** Kinds whose history lives in ControllerRevisions: refused, see the header. */
const CONTROLLER_REVISION_KINDS = new Set([
  'apps/daemonsets',
  'extensions/daemonsets',
  'apps/statefulsets',
]);

/** A rollback failure, worded as kubectl's rollbacker words it (without "error: "). */
class RollbackFailure extends Error {}

export async function undo(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['rollout undo']);
  if (inv.targets.length === 0) throw usageError('required resource not specified');
  if (inv.selector && inv.targets.some((t) => t.names.length > 0)) {
    throw usageError(
      (inv.args ?? []).some((arg) => arg.includes('/'))
        ? 'selectors and the all flag cannot be used when passing resource/name arguments'
        : 'name cannot be provided when a selector is specified',
    );
  }
  // Validated as an int64 (flagInt throws pflag's words); a revision beyond 2^53 keeps its
  // digits in messages, where kubectl prints it.
  const toRevision = flagInt(inv, 'to-revision') ?? 0;
  const asText = goRevision(flagValue(inv, 'to-revision'));
  const dry = dryRunOf(inv);
  // Resolve every type first, as kubectl's builder does, so nothing changes before a refusal.
  const resolved = await resolveTargets(ctx);
  for (const { resources } of resolved) {
    for (const resource of resources) {
      if (CONTROLLER_REVISION_KINDS.has(`${resource.group}/${resource.name}`))
        throw notSupported(`rollout undo for ${resource.name}`);
    }
  }
  const errors = new ErrorList();
  const rollBack = async (visited: Visited): Promise<void> => {
    const problem = noRollbacker(visited.resource);
    if (problem !== undefined) {
      errors.add(problem);
      return;
    }
    try {
      const result = await rollbackDeployment(
        ctx,
        visited,
        toRevision,
        asText,
        dry.client,
        dry.query,
      );
      output.out(`${displayName(visited)} ${result}${dry.suffix}\n`);
    } catch (error) {
      if (!(error instanceof RollbackFailure)) throw error;
      errors.add(error.message);
    }
  };
  for (const { target, resources } of resolved) {
    await visitInOrder(ctx, target, resources, errors, rollBack);
  }
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}

/**
 * Visits the objects of one target as kubectl's builder does: each name is read and handled
 * before the next is read, so a missing object is reported in its place among the rollback
 * errors (not before them).
 */
async function visitInOrder(
  ctx: VerbContext,
  target: KubeTarget,
  resources: ApiResource[],
  errors: ErrorList,
  each: (visited: Visited) => Promise<void>,
): Promise<void> {
  if (target.names.length === 0) {
    // A selection (all of a type, or -l) is one LIST per type, which reports no per-object errors.
    const listed = await visitObjects(
      { ...ctx, inv: { ...ctx.inv, targets: [target] } },
      { verb: 'rollout undo', requireSelection: false },
    );
    for (const visited of listed.objects) await each(visited);
    return;
  }
  for (const resource of resources) {
    const namespace = resource.namespaced ? ctx.config.namespace : undefined;
    for (const name of target.names) {
      let object: Obj;
      try {
        object = await ctx.client.json<Obj>({ path: resourcePath(resource, namespace, name) });
      } catch (error) {
        if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
        errors.addApi(error);
        continue;
      }
      await each({ resource, name, namespace, object });
    }
  }
}

/** RollbackerFor's refusals for kinds without a rollbacker; undefined for a deployment. */
export function noRollbacker(resource: Pick<ApiResource, 'group' | 'kind'>): string | undefined {
  const { group, kind } = resource;
  if ((group === 'apps' || group === 'extensions') && kind === 'Deployment') return undefined;
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  const visited =
    ((group === 'apps' || group === 'extensions') && kind === 'ReplicaSet') ||
    (group === 'batch' && (kind === 'Job' || kind === 'CronJob')) ||
    ((group === '' || group === 'core') && (kind === 'Pod' || kind === 'ReplicationController'));
  if (visited) return `no rollbacker has been implemented for ${goQuote(groupKind)}`;
  return `error retrieving rollbacker for ${goQuote(groupKind)}, no visitor method exists for {${group} ${kind}}`;
}

async function rollbackDeployment(
  ctx: VerbContext,
  visited: Visited,
  toRevision: number,
  asText: string,
  clientDryRun: boolean,
  dryRunQuery: string | undefined,
): Promise<string> {
  if (toRevision < 0) throw new RollbackFailure(revisionNotFound(asText));
  const path = resourcePath(visited.resource, visited.namespace, visited.name);
  const name = visited.name;
  // kubectl reads the deployment again (typed) before reading its ReplicaSets.
  const deployment = await orFail(
    ctx.client.json<Obj>({ path }),
    (message) => `failed to retrieve Deployment ${name}: ${message}`,
  );
  const replicaSets = await orFail(
    deploymentReplicaSets(ctx, visited.namespace, deployment),
    (message) => `failed to retrieve replica sets from deployment ${name}: ${message}`,
  );
  const target = replicaSetForRevision(replicaSets, toRevision, name, asText);
  const template = ((target.spec ?? {}) as Obj).template;
  if (clientDryRun) return describeTemplate(template);
  const spec = (deployment.spec ?? {}) as Obj;
  if (spec.paused === true) {
    throw new RollbackFailure(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  }
  if (equalIgnoreHash(template, spec.template)) {
    return `skipped rollback (current template already matches revision ${asText})`;
  }
  await orFail(
    ctx.client.call({
      method: 'PATCH',
      path,
      query: { dryRun: dryRunQuery },
      body: rollbackPatch(deployment, target),
      contentType: 'application/json-patch+json',
    }),
    (message) => `failed restoring revision ${asText}: ${message}`,
  );
  return 'rolled back';
}

/** Awaits an API call; an API failure becomes kubectl's wrapped message (err.Error() is the Status message). */
async function orFail<T>(call: Promise<T>, wrap: (message: string) => string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
    throw new RollbackFailure(wrap(statusOf(error)?.message ?? error.line));
  }
}

/** The --to-revision value as Go prints the int64 (default 0). */
function goRevision(text: string | undefined): string {
  if (text === undefined) return '0';
  const parsed = parseGoInt(text, 64);
  return parsed.ok ? String(parsed.value) : text;
}

function revisionNotFound(revision: number | string): string {
  return `unable to find specified revision ${revision} in history`;
}

/**
 * deploymentRevision: the ReplicaSet whose revision is `toRevision`, or for 0 the second
 * newest (ties resolved in walk order, as kubectl's loop resolves them).
 */
export function replicaSetForRevision(
  replicaSets: Obj[],
  toRevision: number,
  name: string,
  asText = String(toRevision),
): Obj {
  let latest: { revision: number; rs?: Obj } = { revision: -1 };
  let previous: { revision: number; rs?: Obj } = { revision: -1 };
  for (const rs of replicaSets) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    if (toRevision === 0) {
      if (latest.revision < revision) {
        previous = latest;
        latest = { revision, rs };
      } else if (previous.revision < revision) {
        previous = { revision, rs };
      }
    } else if (revision === toRevision) {
      return rs;
    }
  }
  if (toRevision > 0) throw new RollbackFailure(revisionNotFound(asText));
  if (!previous.rs) {
    throw new RollbackFailure(
      `no rollout history found for deployment ${goQuote(stripControlLine(name))}`,
    );
  }
  return previous.rs;
}

/**
 * The JSON patch kubectl sends: replace /spec/template with the ReplicaSet's template (its
 * pod-template-hash label removed) and /metadata/annotations with the ReplicaSet's
 * annotations plus the deployment's own bookkeeping ones. The template is shaped as Go
 * serialises a PodTemplateSpec (creationTimestamp: null, resources: {}), so the server stores
 * what it stores for kubectl.
 */
export function rollbackPatch(deployment: Obj, rs: Obj): string {
  const template = structuredClone((((rs.spec ?? {}) as Obj).template ?? {}) as Obj);
  const metadata = (template.metadata ?? {}) as Obj;
  const labels = (metadata.labels ?? {}) as Obj;
  delete labels[HASH_LABEL];
  if (Object.keys(labels).length === 0) delete metadata.labels;
  else metadata.labels = labels;
  template.metadata = { creationTimestamp: null, ...metadata };
  const podSpec = (template.spec ?? {}) as Obj;
  for (const key of ['initContainers', 'containers']) {
    const containers = podSpec[key];
    if (!Array.isArray(containers)) continue;
    podSpec[key] = (containers as Obj[]).map((c) => ({ ...c, resources: c.resources ?? {} }));
  }
  template.spec = podSpec;
  const own = (metadataOf(deployment).annotations ?? {}) as Record<string, unknown>;
  const from = (metadataOf(rs).annotations ?? {}) as Record<string, unknown>;
  const annotations: Record<string, unknown> = {};
  for (const key of KEPT_ANNOTATIONS) if (key in own) annotations[key] = own[key];
  for (const [key, value] of Object.entries(from)) {
    if (!KEPT_ANNOTATIONS.has(key)) annotations[key] = value;
  }
  const sorted = Object.fromEntries(
    Object.keys(annotations)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => [key, annotations[key]]),
  );
  return JSON.stringify([
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: sorted },
  ]);
}

/** A DescribeWriter that keeps its tabs: kubectl's printTemplate writes to a plain buffer. */
class PlainWriter extends DescribeWriter {
  private text = '';
  override write(level: number, text: string): void {
    this.text += '  '.repeat(level) + text;
  }
  override flush(): void {}
  override toString(): string {
    return this.text;
  }
}

/** printTemplate: the pod template as describe writes it, untabulated (a client dry run's message). */
export function describeTemplate(template: unknown): string {
  const w = new PlainWriter();
  writePodTemplate(w, (template ?? {}) as Obj);
  return w.toString();
}
