/**
 * A minimal OpenAPI v3 document for a group-version without a real one. kubectl 1.32's
 * `create`/`apply` look in it for a PATCH operation tagged with the object's
 * group/version/kind that takes the `fieldValidation` query parameter: finding one, they let
 * the server validate instead of demanding /openapi/v2. The PATCH operation deliberately
 * does not offer strategic-merge-patch, so `kubectl apply` computes its patch from its own
 * compiled-in types rather than from schemas this stub does not have.
 */
import { RESOURCES, apiVersionOf, type ResourceDef } from '../resources.js';

type Obj = Record<string, unknown>;

function gvk(def: ResourceDef): Obj[] {
  return [{ group: def.group, version: def.version, kind: def.kind }];
}

function schemaName(def: ResourceDef): string {
  return `io.k8s.sandbox.${def.group === '' ? 'core' : def.group}.${def.version}.${def.kind}`;
}

const QUERY = (name: string): Obj => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
});

function operation(def: ResourceDef, action: string, body: Obj | undefined, params: Obj[]): Obj {
  const op: Obj = {
    tags: [`${def.group || 'core'}_${def.version}`],
    operationId: `${action}${def.kind}`,
    parameters: params,
    responses: {
      '200': {
        description: 'OK',
        content: {
          'application/json': { schema: { $ref: `#/components/schemas/${schemaName(def)}` } },
        },
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(def)[0],
  };
  if (body) op.requestBody = body;
  return op;
}

function paths(def: ResourceDef): Obj {
  const base = def.group === '' ? `/api/${def.version}` : `/apis/${def.group}/${def.version}`;
  const scope = def.namespaced
    ? `${base}/namespaces/{namespace}/${def.resource}`
    : `${base}/${def.resource}`;
  const ref = { $ref: `#/components/schemas/${schemaName(def)}` };
  const jsonBody = { content: { '*/*': { schema: ref } }, required: true };
  const patchBody = {
    content: {
      'application/json-patch+json': { schema: { type: 'object' } },
      'application/merge-patch+json': { schema: { type: 'object' } },
      'application/apply-patch+yaml': { schema: { type: 'object' } },
    },
    required: true,
  };
  const writeParams = [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')];
  const out: Obj = {
    [scope]: {
      post: operation(def, 'post', jsonBody, writeParams),
      get: operation(def, 'list', undefined, []),
    },
  };
  if (def.verbs.includes('get')) {
    out[`${scope}/{name}`] = {
      get: operation(def, 'get', undefined, []),
      put: operation(def, 'put', jsonBody, writeParams),
      patch: operation(def, 'patch', patchBody, [...writeParams, QUERY('force')]),
      delete: operation(def, 'delete', undefined, [QUERY('dryRun')]),
    };
  }
  return out;
}

export function stubDocument(group: string, version: string): Obj | undefined {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) return undefined;
  const schemas: Obj = {};
  for (const def of defs) {
    schemas[schemaName(def)] = {
      type: 'object',
      description: `${def.kind} (${apiVersionOf(def)}), served by the iddio sandbox without a detailed schema.`,
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
      },
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': gvk(def),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.3' },
    paths: Object.assign({}, ...defs.map(paths)) as Obj,
    components: { schemas },
  };
}
