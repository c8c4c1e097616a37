/**
 * In-memory object storage: one map per resource, a single resourceVersion counter, and a
 * bounded history of changes so watches can resume from a resourceVersion. Objects are cloned
 * on the way in and out so no caller can change stored state by accident.
 */
import type { KubeObject } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** "group/resource", e.g. "/pods" or "apps/deployments". */
  resourceKey: string;
  object: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

const HISTORY = 10_000;

export function resourceKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class Store {
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private revision = 0;

  get currentRevision(): number {
    return this.revision;
  }

  /** The oldest revision a watch can resume after without missing events. */
  get oldestResumable(): number {
    const first = this.history[0];
    return first ? first.resourceVersion - 1 : this.revision;
  }

  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.table(key).get(objectKey(namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Objects sorted by namespace then name, as etcd's key order returns them. */
  list(key: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const object of this.table(key).values()) {
      if (namespace === undefined || object.metadata.namespace === namespace) out.push(object);
    }
    out.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    return out.map((o) => structuredClone(o));
  }

  /** Every stored table's key, for namespace cascades. */
  keys(): string[] {
    return [...this.tables.keys()];
  }

  /** Stores a new object (the caller checked it does not exist) and stamps its resourceVersion. */
  create(key: string, object: KubeObject): KubeObject {
    return this.write(key, object, 'ADDED');
  }

  update(key: string, object: KubeObject): KubeObject {
    return this.write(key, object, 'MODIFIED');
  }

  delete(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const table = this.table(key);
    const k = objectKey(namespace, name);
    const existing = table.get(k);
    if (!existing) return undefined;
    table.delete(k);
    const stamped = structuredClone(existing);
    stamped.metadata.resourceVersion = String(++this.revision);
    this.emit({
      type: 'DELETED',
      resourceKey: key,
      object: stamped,
      resourceVersion: this.revision,
    });
    return structuredClone(stamped);
  }

  /** Events after `revision` for one table, or undefined when history no longer reaches back. */
  since(key: string, revision: number): StoreEvent[] | undefined {
    if (revision < this.oldestResumable) return undefined;
    return this.history.filter((e) => e.resourceKey === key && e.resourceVersion > revision);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(key: string, object: KubeObject, type: WatchEventType): KubeObject {
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    this.table(key).set(objectKey(stored.metadata.namespace, stored.metadata.name ?? ''), stored);
    this.emit({
      type,
      resourceKey: key,
      object: structuredClone(stored),
      resourceVersion: this.revision,
    });
    return structuredClone(stored);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    for (const listener of this.listeners) listener(event);
  }

  private table(key: string): Map<string, KubeObject> {
    let table = this.tables.get(key);
    if (!table) {
      table = new Map();
      this.tables.set(key, table);
    }
    return table;
  }
}

function sortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}\u0000${object.metadata.name ?? ''}`;
}
