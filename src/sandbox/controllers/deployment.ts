/**
 * The Deployment controller, with rollouts completing at once: the ReplicaSet whose template
 * matches the current one (by pod-template-hash, else semantically, as Kubernetes' own
 * FindNewReplicaSet does) gets all replicas, older ones are scaled to zero (and pruned beyond
 * revisionHistoryLimit), and status reports a finished rollout so `kubectl rollout status`
 * returns. A rollback (`kubectl rollout undo`) therefore reuses the old ReplicaSet, which
 * becomes the newest revision and remembers its old one in revision-history.
 */
import { isDeepStrictEqual } from 'node:util';
import { templateHash } from '../names.js';
import { timestamp, type SandboxState } from '../state.js';
import { resourceKey } from '../storage.js';
import type { KubeObject } from '../types.js';
import { controllerRef, isControlledBy } from './owners.js';

const DEPLOY = resourceKey('apps', 'deployments');
const RS = resourceKey('apps', 'replicasets');
const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
/** Kubernetes keeps at most this many characters of revision-history. */
const REVISION_HISTORY_LIMIT_CHARS = 2000;

type Obj = Record<string, unknown>;

function revisionOf(rs: KubeObject): number {
  return Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '0', 10) || 0;
}

/**
 * A template as Go's semantic equality sees it once decoded: null, {} and [] are the same as
 * absent. Clients that round-trip a template through Go structs (kubectl rollout undo sends
 * `creationTimestamp: null` and `resources: {}`) must still match the ReplicaSet it came from.
 */
function semantic(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(semantic);
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  const out: Obj = {};
  for (const [key, v] of Object.entries(value as Obj)) {
    const s = semantic(v);
    if (s !== undefined) out[key] = s;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** EqualIgnoreHash: the two templates are equal once pod-template-hash is removed. */
function sameTemplate(a: unknown, b: unknown): boolean {
  const withoutHash = (template: unknown): unknown => {
    const copy = structuredClone((template ?? {}) as Obj);
    const labels = (copy.metadata as Obj | undefined)?.labels as Obj | undefined;
    if (labels) delete labels[HASH];
    return semantic(copy);
  };
  return isDeepStrictEqual(withoutHash(a), withoutHash(b));
}

/** The oldest owned ReplicaSet whose template matches (FindNewReplicaSet's order). */
function matchingReplicaSet(owned: KubeObject[], template: Obj): KubeObject | undefined {
  const created = (rs: KubeObject): string => rs.metadata.creationTimestamp ?? '';
  return owned
    .filter((rs) => sameTemplate((rs.spec as Obj | undefined)?.template, template))
    .sort((a, b) =>
      created(a) !== created(b)
        ? created(a) < created(b)
          ? -1
          : 1
        : (a.metadata.name ?? '') < (b.metadata.name ?? '')
          ? -1
          : 1,
    )[0];
}

/** SetNewReplicaSetAnnotations' revision-history: the revisions a rolled-back-to RS had. */
function appendRevisionHistory(history: string | undefined, old: string): string | undefined {
  if (!history) return old;
  const revisions = history.split(',');
  let total = history.length + old.length + 1;
  let start = 0;
  while (total > REVISION_HISTORY_LIMIT_CHARS && start < revisions.length) {
    total -= (revisions[start] ?? '').length + 1;
    start++;
  }
  return total <= REVISION_HISTORY_LIMIT_CHARS
    ? [...revisions.slice(start), old].join(',')
    : history;
}

function replicasOf(object: KubeObject): number {
  const r = (object.spec as Obj | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
}

function statusNumber(object: KubeObject, key: string): number {
  const v = (object.status as Obj | undefined)?.[key];
  return typeof v === 'number' ? v : 0;
}

export class DeploymentController {
  constructor(private readonly state: SandboxState) {}

  run(): boolean {
    let changed = false;
    for (const deployment of this.state.store.list(DEPLOY)) {
      if (deployment.metadata.deletionTimestamp) continue;
      if (this.reconcile(deployment)) changed = true;
    }
    return changed;
  }

  private reconcile(d: KubeObject): boolean {
    const { store } = this.state;
    let changed = false;
    const spec = (d.spec ?? {}) as Obj;
    const template = (spec.template ?? {}) as Obj;
    const hash = templateHash(template);
    const owned = store.list(RS, d.metadata.namespace).filter((rs) => isControlledBy(rs, d));
    let current =
      owned.find((rs) => rs.metadata.labels?.[HASH] === hash) ??
      matchingReplicaSet(owned, template);
    const maxRevision = owned.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
    const want = replicasOf(d);
    const paused = spec.paused === true;

    if (!current && !paused) {
      current = store.create(RS, this.newReplicaSet(d, template, hash, maxRevision + 1));
      this.state.recordEvent(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${current.metadata.name} from 0 to ${want}`,
        'deployment-controller',
      );
      changed = true;
    } else if (current && revisionOf(current) < maxRevision && !paused) {
      // Rolling back to an older template makes its ReplicaSet the newest revision again;
      // Kubernetes keeps the revisions it had before in revision-history.
      const annotations = { ...current.metadata.annotations };
      const old = annotations[REVISION];
      if (old !== undefined) {
        const history = appendRevisionHistory(annotations[REVISION_HISTORY], old);
        if (history !== undefined) annotations[REVISION_HISTORY] = history;
      }
      annotations[REVISION] = String(maxRevision + 1);
      current.metadata.annotations = annotations;
      current = store.update(RS, current);
      changed = true;
    }
    for (const rs of owned) {
      const isCurrent = rs.metadata.uid === current?.metadata.uid;
      const target = isCurrent ? want : 0;
      if (replicasOf(rs) !== target && !paused) {
        const from = replicasOf(rs);
        rs.spec = { ...(rs.spec as Obj), replicas: target };
        rs.metadata.annotations = {
          ...rs.metadata.annotations,
          'deployment.kubernetes.io/desired-replicas': String(want),
          'deployment.kubernetes.io/max-replicas': String(want + Math.ceil(want / 4)),
        };
        rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
        store.update(RS, rs);
        const verb = target > from ? 'up' : 'down';
        this.state.recordEvent(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${target}`,
          'deployment-controller',
        );
        changed = true;
      }
    }
    changed = this.pruneHistory(d, current) || changed;
    return this.writeStatus(d, current) || changed;
  }

  private newReplicaSet(d: KubeObject, template: Obj, hash: string, revision: number): KubeObject {
    const spec = (d.spec ?? {}) as Obj;
    const tmpl = structuredClone(template);
    const meta = (tmpl.metadata ?? {}) as Obj;
    meta.labels = { ...((meta.labels ?? {}) as Obj), [HASH]: hash };
    tmpl.metadata = meta;
    const selector = structuredClone((spec.selector ?? {}) as Obj);
    selector.matchLabels = { ...((selector.matchLabels ?? {}) as Obj), [HASH]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const want = replicasOf(d);
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        uid: this.state.newUid(`replicaset/${d.metadata.namespace}/${name}`),
        creationTimestamp: timestamp(this.state.now()),
        generation: 1,
        labels: meta.labels as Record<string, string>,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(want),
          'deployment.kubernetes.io/max-replicas': String(want + Math.ceil(want / 4)),
          [REVISION]: String(revision),
          // `kubectl rollout history` shows the change-cause the new revision was made for.
          ...(d.metadata.annotations?.[CHANGE_CAUSE]
            ? { [CHANGE_CAUSE]: d.metadata.annotations[CHANGE_CAUSE] }
            : {}),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas: want, selector, template: tmpl },
      status: { replicas: 0 },
    };
  }

  private pruneHistory(d: KubeObject, current: KubeObject | undefined): boolean {
    const limit = (d.spec as Obj | undefined)?.revisionHistoryLimit;
    const keep = typeof limit === 'number' ? limit : 10;
    const old = this.state.store
      .list(RS, d.metadata.namespace)
      .filter(
        (rs) =>
          isControlledBy(rs, d) &&
          rs.metadata.uid !== current?.metadata.uid &&
          replicasOf(rs) === 0,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    let changed = false;
    while (old.length > keep) {
      const victim = old.shift();
      if (!victim) break;
      this.state.store.delete(RS, victim.metadata.namespace, victim.metadata.name ?? '');
      changed = true;
    }
    return changed;
  }

  private writeStatus(d: KubeObject, current: KubeObject | undefined): boolean {
    const { store } = this.state;
    const owned = store.list(RS, d.metadata.namespace).filter((rs) => isControlledBy(rs, d));
    const fresh = current
      ? owned.find((rs) => rs.metadata.uid === current.metadata.uid)
      : undefined;
    const replicas = owned.reduce((n, rs) => n + statusNumber(rs, 'replicas'), 0);
    const ready = owned.reduce((n, rs) => n + statusNumber(rs, 'readyReplicas'), 0);
    const available = owned.reduce((n, rs) => n + statusNumber(rs, 'availableReplicas'), 0);
    const updated = fresh ? statusNumber(fresh, 'replicas') : 0;
    const want = replicasOf(d);
    const previous = (d.status ?? {}) as Obj;
    const previousConditions = (
      Array.isArray(previous.conditions) ? previous.conditions : []
    ) as Obj[];
    const now = timestamp(this.state.now());
    const condition = (type: string, status: string, reason: string, message: string): Obj => {
      const before = previousConditions.find((c) => c.type === type);
      const same =
        before?.status === status && before.reason === reason && before.message === message;
      return {
        type,
        status,
        lastUpdateTime: same ? before.lastUpdateTime : now,
        lastTransitionTime: before?.status === status ? before.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const availableOk = available >= want;
    const status: Obj = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      conditions: [
        availableOk
          ? condition(
              'Available',
              'True',
              'MinimumReplicasAvailable',
              'Deployment has minimum availability.',
            )
          : condition(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        fresh && updated === want
          ? condition(
              'Progressing',
              'True',
              'NewReplicaSetAvailable',
              `ReplicaSet "${fresh.metadata.name}" has successfully progressed.`,
            )
          : condition(
              'Progressing',
              'True',
              'ReplicaSetUpdated',
              `ReplicaSet "${fresh?.metadata.name ?? ''}" is progressing.`,
            ),
      ],
    };
    if (replicas - available > 0) status.unavailableReplicas = replicas - available;
    for (const key of ['readyReplicas', 'availableReplicas', 'updatedReplicas'] as const) {
      if (status[key] === 0) delete status[key];
    }
    const annotations = { ...d.metadata.annotations };
    if (fresh) annotations[REVISION] = String(revisionOf(fresh));
    const annotationsChanged = !isDeepStrictEqual(annotations, d.metadata.annotations ?? {});
    if (isDeepStrictEqual(previous, status) && !annotationsChanged) return false;
    d.status = status;
    d.metadata.annotations = annotations;
    store.update(DEPLOY, d);
    return true;
  }
}
