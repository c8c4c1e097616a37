/**
 * Request bodies: JSON (or YAML where the API server accepts it) parsed defensively, so a
 * malformed body is a 400 Status and never an exception escaping the server.
 */
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../status.js';
import { apiVersionOf, type ResourceDef } from '../resources.js';
import type { KubeObject } from '../types.js';
import { decodeProtobufObject, isProtobuf } from '../server/protobuf.js';

/** Deeper than any real object; bounds the recursion of everything that walks bodies later. */
export const MAX_DEPTH = 100;

/** Throws a 400 when a parsed body nests deeper than MAX_DEPTH (checked without recursion). */
export function checkDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_DEPTH)
      throw badRequest(`the request body nests deeper than ${MAX_DEPTH} levels`);
    for (const child of Object.values(current as Record<string, unknown>))
      stack.push([child, depth + 1]);
  }
}

export function parseBody(body: Buffer, contentType: string): unknown {
  const value = decodeBody(body, contentType);
  checkDepth(value);
  return value;
}

function decodeBody(body: Buffer, contentType: string): unknown {
  if (isProtobuf(contentType)) return decodeProtobufObject(body);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  if (/yaml/i.test(contentType)) {
    try {
      return parseYaml(text, { maxAliasCount: 100 });
    } catch (error) {
      throw badRequest(`error converting YAML to JSON: ${firstLine(error)}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The body as an object of the resource's kind: apiVersion and kind must match when given
 * (they are filled in when absent), and metadata must be an object.
 */
export function asKubeObject(
  value: unknown,
  def: ResourceDef,
  kind = def.kind,
  apiVersion = apiVersionOf(def),
): KubeObject {
  if (!isPlainObject(value)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(value)?.slice(0, 200)}'`);
  }
  if (value.apiVersion !== undefined && value.apiVersion !== apiVersion) {
    throw badRequest(
      `the API version in the data (${String(value.apiVersion)}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (value.kind !== undefined && value.kind !== kind) {
    throw badRequest(
      `the kind in the data (${String(value.kind)}) does not match the expected kind (${kind})`,
    );
  }
  const metadata = value.metadata ?? {};
  if (!isPlainObject(metadata)) {
    throw new ApiError('BadRequest', 'metadata must be an object');
  }
  for (const key of ['name', 'namespace', 'generateName', 'resourceVersion', 'uid'] as const) {
    if (metadata[key] !== undefined && typeof metadata[key] !== 'string') {
      throw badRequest(
        `json: cannot unmarshal ${typeof metadata[key]} into Go struct field ObjectMeta.metadata.${key} of type string`,
      );
    }
  }
  return { ...value, apiVersion, kind, metadata } as KubeObject;
}
