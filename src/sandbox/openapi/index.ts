/**
 * OpenAPI v3: the `/openapi/v3` index and one document per group-version. Real documents are
 * bundled data (data/, see NOTICE.md), loaded on first request and kept as serialized JSON;
 * the rest are stubs built from the resource table.
 */
import { createHash } from 'node:crypto';
import { groupVersions } from '../resources.js';
import { stubDocument } from './stub.js';

const REAL: Record<string, () => Promise<{ default: unknown }>> = {
  'api/v1': () => import('./data/api-v1.json', { with: { type: 'json' } }),
  'apis/apps/v1': () => import('./data/apis-apps-v1.json', { with: { type: 'json' } }),
  'apis/autoscaling/v1': () =>
    import('./data/apis-autoscaling-v1.json', { with: { type: 'json' } }),
  'apis/autoscaling/v2': () =>
    import('./data/apis-autoscaling-v2.json', { with: { type: 'json' } }),
};

/** Every path the index lists: the served group-versions plus autoscaling/v2 (real data). */
export function openApiPaths(): string[] {
  const paths = groupVersions().map((gv) =>
    gv.group === '' ? `api/${gv.version}` : `apis/${gv.group}/${gv.version}`,
  );
  for (const p of Object.keys(REAL)) if (!paths.includes(p)) paths.push(p);
  return paths;
}

const DATA_VERSION = 'iddio-sandbox-openapi-1';

function pathHash(path: string): string {
  return createHash('sha512')
    .update(`${DATA_VERSION}/${path}`)
    .digest('hex')
    .slice(0, 128)
    .toUpperCase();
}

export function openApiIndex(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const p of openApiPaths())
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${pathHash(p)}` };
  return { paths };
}

const cache = new Map<string, Promise<string | undefined>>();

async function load(path: string): Promise<string | undefined> {
  const real = REAL[path];
  if (real) return JSON.stringify((await real()).default);
  const match = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!match) return undefined;
  const doc = match[1] ? stubDocument('', match[1]) : stubDocument(match[2] ?? '', match[3] ?? '');
  return doc ? JSON.stringify(doc) : undefined;
}

/** The serialized document for `api/v1` or `apis/<group>/<version>`, or undefined. */
export function openApiDocument(path: string): Promise<string | undefined> {
  let entry = cache.get(path);
  if (!entry) {
    entry = load(path);
    cache.set(path, entry);
  }
  return entry;
}
