/**
 * `kubectl create namespace|configmap|secret generic NAME` (--from-literal only): builds the
 * object as kubectl's generators do, POSTs it (or prints it for --dry-run=client), and
 * reports `configmap/x created`. -o yaml|name everywhere; -o json only for the locally built
 * object, whose field order (Go struct order) is known — a server's response would need the
 * typed decoding kubectl applies. `create -f` and the deployment|serviceaccount|job generators
 * live in src/kube/apply/.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { KubeError, statusOf, usageError } from '../errors.js';
import {
  dryRunOf,
  flagValue,
  flagValues,
  HANDLED_FLAGS,
  notSupported,
  requireHandled,
} from '../flags.js';
import { printYaml } from '../printers/yaml.js';
import { findResource, qualifiedKind, resourcePath } from '../resolve.js';
import type { VerbContext } from './context.js';

type Obj = Record<string, unknown>;

function literals(values: string[], kind: string, name: string): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0)
      throw usageError(`invalid literal source ${stripControlLine(value)}, expected key=value`);
    const key = value.slice(0, eq);
    if (out.has(key)) {
      throw usageError(
        `cannot add key ${JSON.stringify(stripControlLine(key))}, another key by that name already exists in Data for ${kind} ${JSON.stringify(stripControlLine(name))}`,
      );
    }
    out.set(key, value.slice(eq + 1));
  }
  return [...out];
}

function build(ctx: VerbContext, kind: string, name: string): Obj {
  const { inv, config } = ctx;
  const metadata: Obj = { name };
  if (kind !== 'Namespace' && config.explicitNamespace) metadata.namespace = config.namespace;
  metadata.creationTimestamp = null;
  const pairs = literals(flagValues(inv, 'from-literal'), kind, name);
  if (kind === 'Namespace') return { kind, apiVersion: 'v1', metadata, spec: {}, status: {} };
  if (kind === 'ConfigMap') {
    const object: Obj = { kind, apiVersion: 'v1', metadata };
    if (pairs.length > 0) object.data = Object.fromEntries(pairs);
    return object;
  }
  const object: Obj = { kind, apiVersion: 'v1', metadata };
  if (pairs.length > 0)
    object.data = Object.fromEntries(
      pairs.map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]),
    );
  const type = flagValue(inv, 'type');
  if (type) object.type = type;
  return object;
}

function stripManagedFields(object: Obj): Obj {
  const metadata = object.metadata as Obj | undefined;
  if (!metadata || !('managedFields' in metadata)) return object;
  const { managedFields: _drop, ...rest } = metadata;
  return { ...object, metadata: rest };
}

export async function create(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  const generator = [inv.subverb, inv.subsubverb].filter(Boolean).join(' ');
  if (generator === '') return (await import('../apply/from-files.js')).fromFiles(ctx, 'create');
  const kinds: Record<string, string> = {
    namespace: 'Namespace',
    configmap: 'ConfigMap',
    'secret generic': 'Secret',
    deployment: 'Deployment',
    serviceaccount: 'ServiceAccount',
    job: 'Job',
  };
  const kind = kinds[generator];
  if (!kind) throw notSupported(`create ${generator}`);
  const { GENERATOR_FLAGS, generate } = await import('../apply/generators.js');
  requireHandled(
    inv,
    GENERATOR_FLAGS[generator] ?? HANDLED_FLAGS[`create ${generator}` as 'create namespace'],
  );
  const args = inv.args ?? [];
  if (args.length !== 1) {
    const words = generator === 'secret generic' ? 'secret generic' : generator;
    throw usageError(
      `exactly one NAME is required, got ${args.length}\nSee 'kubectl create ${words} -h' for help and examples`,
    );
  }
  const name = args[0] as string;
  const format = inv.output ?? '';
  const dry = dryRunOf(inv);
  if (
    format !== '' &&
    format !== 'name' &&
    format !== 'yaml' &&
    !(format === 'json' && dry.client)
  ) {
    throw notSupported(`create ${generator} -o ${format.split('=')[0]}`);
  }
  let object: Obj;
  let plural: string;
  let group = '';
  if (GENERATOR_FLAGS[generator]) {
    const generated = generate(
      generator,
      inv,
      name,
      config.explicitNamespace ? config.namespace : undefined,
    );
    ({ object } = generated);
    plural = generated.resource;
    group = generated.group;
  } else {
    object = build(ctx, kind, name);
    plural = kind === 'Namespace' ? 'namespaces' : kind === 'ConfigMap' ? 'configmaps' : 'secrets';
  }
  const resource = findResource(await ctx.discovery.get(), { resource: plural, group });
  if (!resource)
    throw new KubeError(`error: the server doesn't have a resource type "${plural}"`, {
      code: 'unknown-resource',
    });
  let result: Obj = object;
  if (!dry.client) {
    try {
      result = await ctx.client.json<Obj>({
        method: 'POST',
        path: resourcePath(resource, resource.namespaced ? config.namespace : undefined),
        query: { fieldManager: 'kubectl-create', fieldValidation: 'Strict', dryRun: dry.query },
        // kubectl sends generated objects as protobuf, where a zero creationTimestamp is absent
        // (the JSON form's `null` would be stored in a pod template).
        body: JSON.stringify(object, (key, value: unknown) =>
          key === 'creationTimestamp' && value === null && GENERATOR_FLAGS[generator]
            ? undefined
            : value,
        ),
      });
    } catch (error) {
      // The deployment|serviceaccount|job generators wrap the server's message.
      if (!(error instanceof KubeError) || !GENERATOR_FLAGS[generator]) throw error;
      const status = statusOf(error);
      if (!status) throw error;
      throw usageError(`failed to create ${generator}: ${stripControlLine(status.message ?? '')}`);
    }
  }
  const shown = `${qualifiedKind(resource)}/${stripControlLine(name)}`;
  if (format === 'yaml') output.out(printYaml(stripManagedFields(result)));
  else if (format === 'json') output.out(`${JSON.stringify(result, null, 4)}\n`);
  else if (format === 'name') output.out(`${shown}\n`);
  else output.out(`${shown} created${dry.suffix}\n`);
  return EXIT.ok;
}
