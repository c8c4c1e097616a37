/** ownerReference helpers shared by the controllers and the garbage collector. */
import type { KubeObject, OwnerReference } from '../types.js';

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some(
    (ref) => ref.controller === true && ref.uid === owner.metadata.uid,
  );
}

export function ownedBy(object: KubeObject, uid: string): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid);
}
