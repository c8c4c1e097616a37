/**
 * The validation a real API server would refuse with 422 Invalid, for the mistakes people and
 * agents actually make: bad names, missing containers, selectors that do not match templates.
 */
import { invalid, type FieldCause } from './status.js';
import type { ResourceDef } from './resources.js';
import type { KubeObject } from './types.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_KINDS = new Set(['Namespace', 'Service']);

type Obj = Record<string, unknown>;

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

function nameCauses(kind: string, name: string): FieldCause[] {
  if (DNS_LABEL_KINDS.has(kind)) {
    if (name.length > 63 || !LABEL.test(name)) {
      return [
        {
          field: 'metadata.name',
          type: 'FieldValueInvalid',
          message:
            `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case ` +
            "alphanumeric characters or '-', and must start and end with an alphanumeric character",
        },
      ];
    }
    return [];
  }
  if (name.length > 253 || !SUBDOMAIN.test(name)) {
    return [
      {
        field: 'metadata.name',
        type: 'FieldValueInvalid',
        message:
          `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case ` +
          "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      },
    ];
  }
  return [];
}

function containerCauses(spec: Obj | undefined, prefix: string): FieldCause[] {
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [
      { field: `${prefix}.containers`, type: 'FieldValueRequired', message: 'Required value' },
    ];
  }
  const causes: FieldCause[] = [];
  containers.forEach((c, i) => {
    const container = asObj(c);
    if (typeof container?.name !== 'string' || container.name === '') {
      causes.push({
        field: `${prefix}.containers[${i}].name`,
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    }
    if (typeof container?.image !== 'string' || container.image === '') {
      causes.push({
        field: `${prefix}.containers[${i}].image`,
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    }
  });
  return causes;
}

function selectorCauses(object: KubeObject): FieldCause[] {
  const spec = asObj(object.spec);
  const causes: FieldCause[] = [];
  const replicas = spec?.replicas;
  if (
    replicas !== undefined &&
    (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas))
  ) {
    causes.push({
      field: 'spec.replicas',
      type: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    });
  }
  const selector = asObj(spec?.selector);
  const matchLabels = asObj(selector?.matchLabels) ?? {};
  if (
    !selector ||
    (Object.keys(matchLabels).length === 0 && !Array.isArray(selector.matchExpressions))
  ) {
    causes.push({ field: 'spec.selector', type: 'FieldValueRequired', message: 'Required value' });
  }
  const template = asObj(spec?.template);
  const labels = asObj(asObj(template?.metadata)?.labels) ?? {};
  const mismatch = Object.entries(matchLabels).some(([k, v]) => labels[k] !== v);
  if (selector && mismatch) {
    const shown = Object.entries(labels)
      .map(([k, v]) => `"${k}":"${String(v)}"`)
      .join(', ');
    causes.push({
      field: 'spec.template.metadata.labels',
      type: 'FieldValueInvalid',
      message: `Invalid value: map[string]string{${shown}}: \`selector\` does not match template \`labels\``,
    });
  }
  causes.push(...containerCauses(asObj(template?.spec), 'spec.template.spec'));
  return causes;
}

/** Throws a 422 ApiError when the object would be refused by a real API server. */
export function validateObject(def: ResourceDef, object: KubeObject): void {
  const name = object.metadata.name ?? '';
  const causes: FieldCause[] = [];
  if (name === '') {
    causes.push({
      field: 'metadata.name',
      type: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
    });
  } else {
    causes.push(...nameCauses(def.kind, name));
  }
  if (def.kind === 'Pod') causes.push(...containerCauses(asObj(object.spec), 'spec'));
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(def.kind)) {
    causes.push(...selectorCauses(object));
  }
  if (def.kind === 'Job') {
    const template = asObj(asObj(object.spec)?.template);
    const podSpec = asObj(template?.spec);
    causes.push(...containerCauses(podSpec, 'spec.template.spec'));
    const policy = podSpec?.restartPolicy;
    if (policy !== 'Never' && policy !== 'OnFailure') {
      causes.push({
        field: 'spec.template.spec.restartPolicy',
        type: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(policy ?? '')}: supported values: "OnFailure", "Never"`,
      });
    }
  }
  if (def.kind === 'ConfigMap' || def.kind === 'Secret') {
    for (const key of ['data', 'stringData', 'binaryData']) {
      const value = object[key];
      if (value !== undefined && !asObj(value)) {
        causes.push({
          field: key,
          type: 'FieldValueInvalid',
          message: 'Invalid value: must be a map',
        });
      }
    }
  }
  for (const key of ['labels', 'annotations'] as const) {
    const map = object.metadata[key];
    if (map === undefined) continue;
    if (!asObj(map) || Object.values(map).some((v) => typeof v !== 'string')) {
      causes.push({
        field: `metadata.${key}`,
        type: 'FieldValueInvalid',
        message: 'Invalid value: values must be strings',
      });
    }
  }
  if (causes.length > 0) throw invalid(def.kind, def.group, name, causes);
}
