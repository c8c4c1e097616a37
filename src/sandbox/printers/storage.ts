/** Persistent volumes and claims (1.32 printers, with the VolumeAttributesClass column). */
import { DOC } from './descriptions.js';
import { since } from './duration.js';
import { at, has, list, str, type Obj } from './fields.js';
import { column, type Printer } from './types.js';

const name = (o: Obj): string => str(o, 'metadata', 'name');
const age = (o: Obj, now: Date): string => since(at(o, 'metadata', 'creationTimestamp'), now);

/** GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, whatever the object's order. */
function accessModes(modes: unknown[]): string {
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return short
    .filter(([mode]) => modes.includes(mode))
    .map(([, s]) => s)
    .join(',');
}

/** The beta storage-class annotation wins over spec.storageClassName, as the helpers do. */
function storageClass(o: Obj): string {
  return (
    str(o, 'metadata', 'annotations', 'volume.beta.kubernetes.io/storage-class') ||
    str(o, 'spec', 'storageClassName')
  );
}

function volumeMode(o: Obj): string {
  return has(o, 'spec', 'volumeMode') ? str(o, 'spec', 'volumeMode') : '<unset>';
}

function attributesClass(o: Obj): string {
  return has(o, 'spec', 'volumeAttributesClassName')
    ? str(o, 'spec', 'volumeAttributesClassName')
    : '<unset>';
}

/** A quantity as stored (the server would print its canonical form; stored values usually are). */
function quantity(o: unknown, ...path: string[]): string {
  const v = at(o, ...path);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '0';
}

export const persistentVolumePrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Capacity', 'string', DOC.pvCapacity),
    column('Access Modes', 'string', DOC.pvAccessModes),
    column('Reclaim Policy', 'string', DOC.pvReclaimPolicy),
    column('Status', 'string', DOC.pvPhase),
    column('Claim', 'string', DOC.pvClaimRef),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', DOC.pvReason),
    column('Age', 'string', DOC.creationTimestamp),
    column('VolumeMode', 'string', DOC.pvVolumeMode, { priority: 1 }),
  ],
  row(o, now) {
    const claim = has(o, 'spec', 'claimRef')
      ? `${str(o, 'spec', 'claimRef', 'namespace')}/${str(o, 'spec', 'claimRef', 'name')}`
      : '';
    const phase = has(o, 'metadata', 'deletionTimestamp')
      ? 'Terminating'
      : str(o, 'status', 'phase');
    return {
      cells: [
        name(o),
        quantity(o, 'spec', 'capacity', 'storage'),
        accessModes(list(o, 'spec', 'accessModes')),
        str(o, 'spec', 'persistentVolumeReclaimPolicy'),
        phase,
        claim,
        storageClass(o),
        attributesClass(o),
        str(o, 'status', 'reason'),
        age(o, now),
        volumeMode(o),
      ],
    };
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Status', 'string', DOC.pvcPhase),
    column('Volume', 'string', DOC.pvcVolumeName),
    column('Capacity', 'string', DOC.pvcCapacity),
    column('Access Modes', 'string', DOC.pvcAccessModes),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    column('Age', 'string', DOC.creationTimestamp),
    column('VolumeMode', 'string', DOC.pvcVolumeMode, { priority: 1 }),
  ],
  row(o, now) {
    const phase = has(o, 'metadata', 'deletionTimestamp')
      ? 'Terminating'
      : str(o, 'status', 'phase');
    const bound = str(o, 'spec', 'volumeName') !== '';
    return {
      cells: [
        name(o),
        phase,
        str(o, 'spec', 'volumeName'),
        // Capacity and modes are the bound volume's, so they stay empty until it is bound.
        bound ? quantity(o, 'status', 'capacity', 'storage') : '',
        bound ? accessModes(list(o, 'status', 'accessModes')) : '',
        storageClass(o),
        attributesClass(o),
        age(o, now),
        volumeMode(o),
      ],
    };
  },
};
