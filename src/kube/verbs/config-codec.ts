/**
 * client-go's kubeconfig codec (clientcmd Load and Write), so a kubeconfig iddio rewrites has
 * the bytes kubectl would write. Load: the JSON value of the YAML (config-yaml.ts) is decoded
 * into the v1 Config as encoding/json decodes it (exact key names, unknown fields dropped,
 * base64 for []byte, the first type error reported in Go's words), checked for apiVersion v1 /
 * kind Config, defaulted (exec interactiveMode), and converted to the internal form (named
 * lists become maps: duplicate names are an error, order is lost). Write: back to v1 with each
 * list sorted by name, marshalled with Go's omitempty rules, and printed as go-yaml v2 prints
 * it (keys sorted; printYaml). Comments, key order and unknown fields do not survive — as with
 * kubectl.
 */
import { goJson } from '../apply/go-json.js';
import { printYaml } from '../printers/yaml.js';
import {
  CONFIG,
  CONTEXT,
  EXTENSIONS,
  goType,
  zero,
  type Field,
  type Spec,
} from './config-schema.js';
import { KubeconfigFormatError, KubeconfigUnsupportedError } from './config-yaml.js';
import { goBase64Decode } from './go-base64.js';

type Obj = Record<string, unknown>;

/** The decoded v1 Config: Go values as JS (nil slices/maps/pointers are null, []byte a Buffer). */
export type V1Config = Obj;

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'bigint') return 'number';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Object keys in the order Go's json.Marshal wrote them (bytewise), which is decode order. */
const sortedKeys = (obj: Obj): string[] =>
  Object.keys(obj).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

interface Where {
  struct: string;
  path: string;
}
function typeError(value: unknown, spec: Spec, where: Where | undefined): KubeconfigFormatError {
  const into = where ? `Go struct field ${where.struct}.${where.path}` : 'Go value';
  return new KubeconfigFormatError(
    `json: cannot unmarshal ${jsonKind(value)} into ${into} of type ${goType(spec)}`,
  );
}

function decode(value: unknown, spec: Spec, where: Where | undefined): unknown {
  if (value === null) return zero(spec);
  switch (spec.t) {
    case 'string':
      if (typeof value !== 'string') throw typeError(value, spec, where);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw typeError(value, spec, where);
      return value;
    case 'bytes':
      if (typeof value !== 'string') throw typeError(value, spec, where);
      return goBase64Decode(value);
    case 'raw':
      return value;
    case 'slice':
      if (!Array.isArray(value)) throw typeError(value, spec, where);
      return value.map((item) => decode(item, spec.of, where));
    case 'map': {
      if (!isObj(value)) throw typeError(value, spec, where);
      const out: Obj = {};
      for (const key of sortedKeys(value)) out[key] = decode(value[key], spec.of, where);
      return out;
    }
    case 'ptr':
    case 'struct': {
      const body = spec.t === 'ptr' ? spec.to : spec;
      if (!isObj(value)) throw typeError(value, spec, where);
      const out = zero(body) as Obj;
      for (const key of sortedKeys(value)) {
        const field = body.fields.find((x) => x.key === key);
        if (!field) continue; // unknown fields are dropped, as encoding/json drops them
        const path = where ? `${where.path}.${key}` : key;
        out[key] = decode(value[key], field.spec, { struct: body.name, path });
      }
      return out;
    }
  }
}
/** What the codec's Interpret step needs before decoding: apiVersion and kind. */
function checkVersionKind(value: unknown): void {
  const anon =
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  const prefix = "couldn't get version/kind; json parse error: ";
  if (value === null) return;
  if (!isObj(value))
    throw new KubeconfigFormatError(
      `${prefix}json: cannot unmarshal ${jsonKind(value)} into Go value of type ${anon}`,
    );
  for (const key of ['apiVersion', 'kind']) {
    const v = value[key];
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw new KubeconfigFormatError(
        `${prefix}json: cannot unmarshal ${jsonKind(v)} into Go struct field .${key} of type string`,
      );
  }
  const version = (value.apiVersion as string | undefined) || 'v1';
  const kind = (value.kind as string | undefined) || 'Config';
  if (version !== 'v1' || kind !== 'Config')
    throw new KubeconfigFormatError(
      `no kind "${kind}" is registered for version "${version}" in scheme "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"`,
    );
}

/** clientcmd.Load of one file's JSON value: decode, default, and the internal form's checks. */
export function decodeKubeconfig(value: unknown): V1Config {
  checkVersionKind(value);
  const config = decode(value, CONFIG, undefined) as Obj;
  for (const user of (config.users as Obj[] | null) ?? []) {
    const exec = (user.user as Obj).exec as Obj | null;
    if (exec && exec.interactiveMode === '') {
      if (
        exec.apiVersion === 'client.authentication.k8s.io/v1beta1' ||
        exec.apiVersion === 'client.authentication.k8s.io/v1alpha1'
      )
        exec.interactiveMode = 'IfAvailable';
    }
  }
  return toInternal(config);
}

const byteOrder = (a: Obj, b: Obj): number =>
  Buffer.compare(Buffer.from(a.name as string), Buffer.from(b.name as string));

/**
 * The v1 → internal → v1 round trip: each named list becomes a map (a duplicate name is
 * client-go's conversion error, worded with Go's %v of the list) and comes back sorted; an
 * extension named twice is an error unless the first one was null (client-go checks for nil).
 */
function toInternal(config: Obj): Obj {
  const extensions = (owner: Obj): void => {
    const list = owner.extensions as Obj[] | null;
    if (!list) return;
    const seen = new Map<string, Obj>();
    for (const entry of list) {
      const previous = seen.get(entry.name as string);
      if (previous && previous.extension !== null)
        throw duplicate('NamedExtension', 'runtime.Object', entry.name as string, list, NAMED_EXT);
      seen.set(entry.name as string, entry);
    }
    owner.extensions = seen.size > 0 ? [...seen.values()].sort(byteOrder) : null;
  };
  extensions(config.preferences as Obj);
  const lists: Array<[string, string, string, string]> = [
    ['clusters', 'cluster', 'NamedCluster', 'Cluster'],
    ['users', 'user', 'NamedAuthInfo', 'AuthInfo'],
    ['contexts', 'context', 'NamedContext', 'Context'],
  ];
  for (const [key, body, goName, internal] of lists) {
    const list = (config[key] as Obj[] | null) ?? [];
    const names = new Set<string>();
    for (const entry of list) {
      extensions(entry[body] as Obj);
      if (names.has(entry.name as string)) {
        const spec = (CONFIG.fields.find((x) => x.key === key) as Field).spec;
        throw duplicate(goName, `*api.${internal}`, entry.name as string, list, spec);
      }
      names.add(entry.name as string);
    }
    config[key] = list.length > 0 ? [...list].sort(byteOrder) : null;
  }
  extensions(config);
  return config;
}

const NAMED_EXT = (EXTENSIONS.spec as { of: Spec }).of;

function duplicate(goName: string, internal: string, name: string, list: Obj[], spec: Spec) {
  const listSpec: Spec = spec.t === 'slice' ? spec : { t: 'slice', of: spec };
  return new KubeconfigFormatError(
    `error converting *[]${goName} into *map[string]${internal}: duplicate name "${name}" in list: ${goV(list, listSpec, 0)}`,
  );
}

/** fmt's %v of a decoded value (pointers below the top level print as addresses in Go). */
function goV(value: unknown, spec: Spec, depth: number): string {
  switch (spec.t) {
    case 'string':
      return value as string;
    case 'bool':
      return value ? 'true' : 'false';
    case 'bytes':
      return `[${[...((value as Buffer | null) ?? [])].join(' ')}]`;
    case 'raw': {
      // (a bigint has no JSON.stringify; such an error message only approximates Go's)
      const json = value === null ? '' : hasBigInt(value) ? '?' : goJson(value).trimEnd();
      const raw = [...Buffer.from(json)];
      return `{[${raw.join(' ')}] <nil>}`;
    }
    case 'slice':
      return `[${((value as unknown[] | null) ?? []).map((v) => goV(v, spec.of, depth + 1)).join(' ')}]`;
    case 'map': {
      const obj = (value as Obj | null) ?? {};
      return `map[${sortedKeys(obj)
        .map((k) => `${k}:${goV(obj[k], spec.of, depth + 1)}`)
        .join(' ')}]`;
    }
    case 'struct':
      return `{${spec.fields.map((x) => goV((value as Obj)[x.key], x.spec, depth + 1)).join(' ')}}`;
    case 'ptr':
      if (value === null) return '<nil>';
      return depth === 0 ? `&${goV(value, spec.to, depth)}` : '0xc000000000';
  }
}

function isEmpty(value: unknown, spec: Spec): boolean {
  if (spec.t === 'struct') return false;
  if (value === null || value === '' || value === false) return true;
  if (Array.isArray(value) || Buffer.isBuffer(value)) return value.length === 0;
  return spec.t === 'map' && Object.keys(value as Obj).length === 0;
}

/** json.Marshal's view of a decoded value (then printed as YAML). */
function encode(value: unknown, spec: Spec): unknown {
  if (value === null) return null;
  switch (spec.t) {
    case 'bytes':
      return (value as Buffer).toString('base64');
    case 'slice':
      return (value as unknown[]).map((v) => encode(v, spec.of));
    case 'map': {
      const obj = value as Obj;
      return Object.fromEntries(sortedKeys(obj).map((k) => [k, encode(obj[k], spec.of)]));
    }
    case 'ptr':
    case 'struct': {
      const body = spec.t === 'ptr' ? spec.to : spec;
      const out: Obj = {};
      for (const field of body.fields) {
        const v = (value as Obj)[field.key];
        if (field.omitempty && isEmpty(v, field.spec)) continue;
        out[field.key] = encode(v, field.spec);
      }
      return out;
    }
    case 'raw':
      if (hasBigInt(value))
        throw new KubeconfigUnsupportedError('integers beyond 2^53 in kubeconfig extensions');
      return value;
    default:
      return value;
  }
}

function hasBigInt(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(hasBigInt);
}

/** clientcmd.Write: the bytes kubectl writes for this config. */
export function encodeKubeconfig(config: V1Config): string {
  return printYaml(encode({ ...config, kind: 'Config', apiVersion: 'v1' }, CONFIG));
}

/** A config with nothing in it (clientcmdapi.NewConfig), for a file that does not exist. */
export function emptyKubeconfig(): V1Config {
  return zero(CONFIG) as Obj;
}

/** The contexts a decoded config defines: name → body (cluster, user, namespace, extensions). */
export function contextEntries(config: V1Config): Array<[string, Obj]> {
  return ((config.contexts as Obj[] | null) ?? []).map((c) => [c.name as string, c.context as Obj]);
}

/** Sets (or adds) one context, keeping the list sorted as the internal map's round trip does. */
export function putContext(config: V1Config, name: string, body: Obj): void {
  const others = ((config.contexts as Obj[] | null) ?? []).filter((c) => c.name !== name);
  config.contexts = [...others, { name, context: body }].sort(byteOrder);
}

/** clientcmdapi.NewContext(): every field empty. */
export function emptyContext(): Obj {
  return zero(CONTEXT) as Obj;
}

export { readKubeconfigYaml } from './config-yaml.js';
export { goBase64Decode } from './go-base64.js';
