/**
 * The objects kubectl 1.32's `create deployment|serviceaccount|job` generators build, with
 * their keys in Go struct order (what `-o json --dry-run=client` prints).
 */
import { usageError } from '../errors.js';
import { flagInt, flagValue, flagValues, notSupported } from '../flags.js';
import type { KubeInvocation } from '../types.js';

type Obj = Record<string, unknown>;

export interface Generated {
  object: Obj;
  /** Plural resource and group the object is POSTed to. */
  resource: string;
  group: string;
}

/** kubectl names a deployment's container after its image: last path part, no tag or digest, `_`→`-`. */
function containerName(image: string): string {
  let name = image.split('/').pop() ?? image;
  name = name.split(':')[0] ?? name;
  name = name.split('@')[0] ?? name;
  return name.replace(/_/g, '-');
}

function meta(name: string, namespace: string | undefined, labels?: Obj): Obj {
  const metadata: Obj = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  if (labels) metadata.labels = labels;
  return metadata;
}

function deployment(inv: KubeInvocation, name: string, namespace: string | undefined): Generated {
  const images = flagValues(inv, 'image');
  if (images.length === 0) throw usageError('required flag(s) "image" not set');
  if ((inv.command?.length ?? 0) > 0 && images.length > 1)
    throw usageError('cannot specify multiple --image options and command');
  const replicas = flagInt(inv, 'replicas') ?? 1;
  const labels = { app: name };
  const used = new Set<string>();
  const containers = images.map((image) => {
    const base = containerName(image);
    if (used.has(base)) throw notSupported('create deployment with two images of one name');
    used.add(base);
    const container: Obj = { name: base, image };
    if ((inv.command?.length ?? 0) > 0) container.command = inv.command ?? [];
    container.resources = {};
    return container;
  });
  return {
    resource: 'deployments',
    group: 'apps',
    object: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: meta(name, namespace, labels),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
        strategy: {},
      },
      status: {},
    },
  };
}

function job(inv: KubeInvocation, name: string, namespace: string | undefined): Generated {
  const image = flagValue(inv, 'image');
  if (!image) throw usageError('either --image or --from must be specified');
  const container: Obj = { name, image };
  if ((inv.command?.length ?? 0) > 0) container.command = inv.command ?? [];
  container.resources = {};
  return {
    resource: 'jobs',
    group: 'batch',
    object: {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: meta(name, namespace),
      spec: {
        template: {
          metadata: { creationTimestamp: null },
          spec: { containers: [container], restartPolicy: 'Never' },
        },
      },
      status: {},
    },
  };
}

function serviceAccount(name: string, namespace: string | undefined): Generated {
  return {
    resource: 'serviceaccounts',
    group: '',
    object: { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name, namespace) },
  };
}

export const GENERATOR_FLAGS: Record<string, readonly string[]> = {
  deployment: ['dry-run', 'output', 'image', 'replicas'],
  serviceaccount: ['dry-run', 'output'],
  job: ['dry-run', 'output', 'image'],
};

/** Builds the object; `namespace` is set only when -n was given, as kubectl does. */
export function generate(
  generator: string,
  inv: KubeInvocation,
  name: string,
  namespace: string | undefined,
): Generated {
  if (generator === 'deployment') return deployment(inv, name, namespace);
  if (generator === 'job') return job(inv, name, namespace);
  return serviceAccount(name, namespace);
}
