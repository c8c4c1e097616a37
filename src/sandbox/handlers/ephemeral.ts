/**
 * `pods/ephemeralcontainers` (what `kubectl debug` writes): through it only
 * `spec.ephemeralContainers` may change, and only by adding containers; existing ones are
 * immutable, names are unique across the pod, and each needs an image — the API server's rules.
 */
import { isDeepStrictEqual } from 'node:util';
import { invalid, type FieldCause } from '../status.js';
import type { KubeObject } from '../types.js';

type Obj = Record<string, unknown>;

function containersOf(spec: Obj, field: string): Obj[] {
  const value = spec[field];
  return Array.isArray(value) ? (value as Obj[]) : [];
}

function imagePullPolicy(image: string): string {
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** `current` with the ephemeral containers of `next`, checked; throws the 422 otherwise. */
export function withEphemeral(current: KubeObject, next: KubeObject): KubeObject {
  const name = current.metadata.name ?? '';
  const before = (current.spec ?? {}) as Obj;
  const wanted = containersOf((next.spec ?? {}) as Obj, 'ephemeralContainers');
  const existing = containersOf(before, 'ephemeralContainers');
  const causes: FieldCause[] = [];
  for (const old of existing) {
    const kept = wanted.find((c) => c.name === old.name);
    if (!kept || !isDeepStrictEqual(kept, old)) {
      causes.push({
        field: 'spec.ephemeralContainers',
        type: 'FieldValueForbidden',
        message: `Forbidden: existing ephemeral containers "${String(old.name)}" may not be changed`,
      });
    }
  }
  const taken = new Set(
    [...containersOf(before, 'containers'), ...containersOf(before, 'initContainers')].map(
      (c) => c.name,
    ),
  );
  const seen = new Set<unknown>();
  const result = wanted.map((c, i) => {
    const field = `spec.ephemeralContainers[${i}]`;
    if (typeof c.name !== 'string' || c.name === '') {
      causes.push({
        field: `${field}.name`,
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    } else if (taken.has(c.name) || seen.has(c.name)) {
      causes.push({
        field: `${field}.name`,
        type: 'FieldValueInvalid',
        message: `Duplicate value: "${c.name}"`,
      });
    }
    seen.add(c.name);
    if (typeof c.image !== 'string' || c.image === '') {
      causes.push({
        field: `${field}.image`,
        type: 'FieldValueRequired',
        message: 'Required value',
      });
      return c;
    }
    if (existing.some((old) => old.name === c.name)) return c;
    return {
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: imagePullPolicy(c.image),
      ...c,
    };
  });
  if (causes.length > 0) throw invalid('Pod', '', name, causes);
  const merged = structuredClone(current);
  merged.spec = { ...before, ephemeralContainers: result };
  if (result.length === 0) delete (merged.spec as Obj).ephemeralContainers;
  return merged;
}
