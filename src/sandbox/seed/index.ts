/**
 * Loads seed objects into a fresh store: namespaces and nodes first, then everything else,
 * each defaulted and validated like an API create, then the controllers build ReplicaSets,
 * Pods and Events. Errors name the seed file and line.
 */
import { resourceKey } from '../storage.js';
import { applyCreateDefaults, applyDefaults } from '../defaults.js';
import { validateObject } from '../validate.js';
import { ApiError } from '../status.js';
import { timestamp, type SandboxState } from '../state.js';
import { parseSeed, SeedError, type SeedEntry } from './load.js';

export { BUILTIN_SEED } from './builtin.js';
export { SeedError, parseSeed } from './load.js';

const FIRST = ['Namespace', 'Node'];

function order(entry: SeedEntry): number {
  const i = FIRST.indexOf(entry.def.kind);
  return i === -1 ? FIRST.length : i;
}

export function loadSeed(state: SandboxState, text: string, file: string): void {
  const entries = parseSeed(text, file).sort((a, b) => order(a) - order(b) || a.line - b.line);
  const namespaces = new Set(
    entries.filter((e) => e.def.kind === 'Namespace').map((e) => e.object.metadata.name),
  );
  for (const { object, def, line } of entries) {
    const meta = object.metadata;
    if (def.namespaced && !namespaces.has(meta.namespace)) {
      throw new SeedError(
        file,
        line,
        `${def.kind} ${meta.name}: namespace "${meta.namespace}" is not defined in the seed`,
      );
    }
    const key = resourceKey(def.group, def.resource);
    if (state.store.get(key, meta.namespace, meta.name ?? '')) {
      throw new SeedError(
        file,
        line,
        `${def.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name} is defined twice`,
      );
    }
    applyDefaults(object);
    try {
      validateObject(def, object);
    } catch (error) {
      if (error instanceof ApiError) throw new SeedError(file, line, error.message);
      throw error;
    }
    meta.uid ??= state.newUid(`${def.resource}/${meta.namespace ?? ''}/${meta.name}`);
    meta.creationTimestamp ??= timestamp(state.now());
    applyCreateDefaults(object);
    if (object.spec !== undefined || def.kind === 'Pod') meta.generation ??= 1;
    if (def.kind === 'Event') {
      object.firstTimestamp ??= meta.creationTimestamp;
      object.lastTimestamp ??= meta.creationTimestamp;
    }
    state.store.create(key, object);
  }
  state.settle();
}
