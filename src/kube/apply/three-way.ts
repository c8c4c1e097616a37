/**
 * kubectl apply's client-side patch: the three-way merge of the last-applied configuration
 * (original), the manifest (modified) and the live object (current). Changes and additions
 * come from current→modified, deletions from original→modified (so fields other writers set
 * survive), as k8s.io/apimachinery's CreateThreeWayMergePatch computes them. Built-in kinds
 * get a strategic merge patch (lists with a merge key merge item by item, with kubectl's
 * `$setElementOrder` / `$patch: delete` / `$deleteFromPrimitiveList` directives); other kinds
 * a JSON merge patch (lists replaced whole). An empty result (`{}`) means "unchanged".
 */
import { isDeepStrictEqual } from 'node:util';

type Json = unknown;
type Obj = Record<string, Json>;

/** A list that merges: by `key` for lists of objects, as a set for lists of scalars. */
interface Field {
  key?: string;
  merge?: boolean;
  /** patchStrategy retainKeys: a changed map (or list item) lists the keys it keeps. */
  retainKeys?: boolean;
  fields?: Record<string, Field>;
}

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyed = (key: string, fields?: Record<string, Field>): Field => ({
  key,
  merge: true,
  fields,
});
const obj = (fields: Record<string, Field>): Field => ({ fields });

const META: Field = obj({ finalizers: { merge: true }, ownerReferences: keyed('uid') });
const CONTAINER = {
  ports: keyed('containerPort'),
  env: keyed('name'),
  volumeMounts: keyed('mountPath'),
  volumeDevices: keyed('devicePath'),
};
const POD_SPEC: Field = obj({
  volumes: { ...keyed('name'), retainKeys: true },
  initContainers: keyed('name', CONTAINER),
  containers: keyed('name', CONTAINER),
  ephemeralContainers: keyed('name', CONTAINER),
  imagePullSecrets: keyed('name'),
  hostAliases: keyed('ip'),
  topologySpreadConstraints: keyed('topologyKey'),
  resourceClaims: keyed('name'),
  schedulingGates: keyed('name'),
});
const TEMPLATE: Field = obj({ metadata: META, spec: POD_SPEC });
const WORKLOAD: Field = obj({ metadata: META, spec: obj({ template: TEMPLATE }) });
const DEPLOYMENT: Field = obj({
  metadata: META,
  spec: obj({ template: TEMPLATE, strategy: { retainKeys: true } }),
});

const BY_KIND: Record<string, Field> = {
  Pod: obj({ metadata: META, spec: POD_SPEC }),
  PodTemplate: obj({ metadata: META, template: TEMPLATE }),
  Deployment: DEPLOYMENT,
  ReplicaSet: WORKLOAD,
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  ReplicationController: WORKLOAD,
  Job: WORKLOAD,
  CronJob: obj({
    metadata: META,
    spec: obj({ jobTemplate: obj({ spec: obj({ template: TEMPLATE }) }) }),
  }),
  Service: obj({ metadata: META, spec: obj({ ports: keyed('port') }) }),
};

/** The API groups compiled into kubectl: their kinds get strategic merge patches. */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'admissionregistration.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
]);

export function isStrategic(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

const itemKey = (item: Json, key: string): Json => (isObj(item) ? item[key] : undefined);
const findItem = (list: Json[], key: string, value: Json): Json =>
  list.find((item) => isDeepStrictEqual(itemKey(item, key), value));

/**
 * The `$retainKeys` directive of a retainKeys map: its keys in the manifest, sorted, added when
 * the map's patch is not empty or the manifest adds a key the other side lacks (as
 * apimachinery's diffMaps does).
 */
function retain(d: Obj, other: Obj, modified: Obj, field: Field | undefined): Obj {
  if (!field?.retainKeys) return d;
  const keys = Object.keys(modified).filter((k) => modified[k] !== null);
  const added = keys.some((k) => !(k in other));
  if (keys.length === 0 || (Object.keys(d).length === 0 && !added)) return d;
  return { ...d, $retainKeys: [...keys].sort() };
}

/** current → modified: what must be added or changed (deletions ignored). */
function delta(current: Obj, modified: Obj, schema: Field | undefined, strategic: boolean): Obj {
  const out: Obj = {};
  for (const [k, m] of Object.entries(modified)) {
    const c = current[k];
    const field = strategic ? schema?.fields?.[k] : undefined;
    if (!(k in current)) {
      out[k] = m;
    } else if (isObj(m) && isObj(c)) {
      const d = retain(delta(c, m, field, strategic), c, m, field);
      if (Object.keys(d).length > 0) out[k] = d;
    } else if (Array.isArray(m) && Array.isArray(c) && field?.merge) {
      const d = listDelta(c, m, field);
      if (d.length > 0) {
        out[k] = d;
        out[`$setElementOrder/${k}`] = order(m, field);
      }
    } else if (!isDeepStrictEqual(m, c)) {
      out[k] = m;
    }
  }
  return out;
}

function order(list: Json[], field: Field): Json[] {
  return field.key
    ? list.map((item) => ({ [field.key as string]: itemKey(item, field.key as string) }))
    : list;
}

function listDelta(current: Json[], modified: Json[], field: Field): Json[] {
  const key = field.key;
  if (!key) return modified.filter((v) => !current.some((c) => isDeepStrictEqual(c, v)));
  const out: Json[] = [];
  for (const item of modified) {
    if (!isObj(item)) continue;
    const c = findItem(current, key, item[key]);
    if (!isObj(c)) {
      out.push(item);
      continue;
    }
    const d = retain(delta(c, item, field, true), c, item, field);
    if (Object.keys(d).length > 0) out.push({ ...d, [key]: item[key] });
  }
  return out;
}

/** original → modified: what was applied before and is no longer (as nulls and directives). */
function deletions(
  original: Obj,
  modified: Obj,
  schema: Field | undefined,
  strategic: boolean,
): Obj {
  const out: Obj = {};
  for (const [k, o] of Object.entries(original)) {
    const field = strategic ? schema?.fields?.[k] : undefined;
    if (!(k in modified)) {
      out[k] = null;
      continue;
    }
    const m = modified[k];
    if (isObj(o) && isObj(m)) {
      const d = retain(deletions(o, m, field, strategic), o, m, field);
      if (Object.keys(d).length > 0) out[k] = d;
    } else if (Array.isArray(o) && Array.isArray(m) && field?.merge) {
      const key = field.key;
      if (!key) {
        const gone = o.filter((v) => !m.some((x) => isDeepStrictEqual(x, v)));
        if (gone.length > 0) out[`$deleteFromPrimitiveList/${k}`] = gone;
        continue;
      }
      const items: Json[] = [];
      for (const item of o) {
        if (!isObj(item)) continue;
        const mine = findItem(m, key, item[key]);
        if (!isObj(mine)) items.push({ $patch: 'delete', [key]: item[key] });
        else {
          const d = retain(deletions(item, mine, field, true), item, mine, field);
          if (Object.keys(d).length > 0) items.push({ ...d, [key]: item[key] });
        }
      }
      if (items.length > 0) {
        out[k] = items;
        out[`$setElementOrder/${k}`] = order(m, field);
      }
    }
  }
  return out;
}

/** Merges the deletions into the delta (both are patches of the same shape). */
function mergePatches(a: Obj, b: Obj, schema: Field | undefined): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    const field = schema?.fields?.[k];
    if (isObj(existing) && isObj(v)) out[k] = mergePatches(existing, v, field);
    else if (Array.isArray(existing) && Array.isArray(v) && field?.key && !k.startsWith('$')) {
      const key = field.key;
      const merged = [...existing];
      for (const item of v) {
        const i = merged.findIndex((x) => isDeepStrictEqual(itemKey(x, key), itemKey(item, key)));
        if (i >= 0 && isObj(merged[i]) && isObj(item))
          merged[i] = mergePatches(merged[i] as Obj, item, field);
        else merged.push(item);
      }
      out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

/** The patch kubectl apply sends, and its content type. */
export function threeWayPatch(
  original: Obj | undefined,
  modified: Obj,
  current: Obj,
  kind: string,
  group: string,
): { patch: Obj; contentType: string } {
  const strategic = isStrategic(group);
  const schema = strategic ? (BY_KIND[kind] ?? obj({ metadata: META })) : undefined;
  const added = delta(current, modified, schema, strategic);
  const removed = original ? deletions(original, modified, schema, strategic) : {};
  return {
    patch: mergePatches(removed, added, schema),
    contentType: strategic
      ? 'application/strategic-merge-patch+json'
      : 'application/merge-patch+json',
  };
}
