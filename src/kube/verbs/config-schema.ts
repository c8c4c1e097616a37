/**
 * client-go's v1 kubeconfig types (k8s.io/client-go/tools/clientcmd/api/v1) as data: each
 * struct's JSON field names in Go's declaration order, their Go types (for encoding/json's
 * error messages) and omitempty. The codec walks these to decode and encode exactly as Go.
 */
export type Spec =
  | { t: 'string'; go: string }
  | { t: 'bool' }
  | { t: 'bytes' }
  | { t: 'raw' }
  | { t: 'slice'; of: Spec }
  | { t: 'map'; of: Spec }
  | StructSpec
  | { t: 'ptr'; to: StructSpec };
export interface StructSpec {
  t: 'struct';
  name: string;
  fields: Field[];
}
export interface Field {
  key: string;
  spec: Spec;
  omitempty?: boolean;
}

const STR: Spec = { t: 'string', go: 'string' };
const BOOL: Spec = { t: 'bool' };
const BYTES: Spec = { t: 'bytes' };
const struct = (name: string, fields: Field[]): StructSpec => ({ t: 'struct', name, fields });
const f = (key: string, spec: Spec, omitempty = false): Field => ({ key, spec, omitempty });

export const EXTENSIONS = f(
  'extensions',
  { t: 'slice', of: struct('NamedExtension', [f('name', STR), f('extension', { t: 'raw' })]) },
  true,
);
// Field order is Go's declaration order (used by %v); JSON and YAML output sort keys anyway.
const CLUSTER = struct('Cluster', [
  f('server', STR),
  f('tls-server-name', STR, true),
  f('insecure-skip-tls-verify', BOOL, true),
  f('certificate-authority', STR, true),
  f('certificate-authority-data', BYTES, true),
  f('proxy-url', STR, true),
  f('disable-compression', BOOL, true),
  EXTENSIONS,
]);
const EXEC = struct('ExecConfig', [
  f('command', STR),
  f('args', { t: 'slice', of: STR }),
  f('env', { t: 'slice', of: struct('ExecEnvVar', [f('name', STR), f('value', STR)]) }),
  f('apiVersion', STR, true),
  f('installHint', STR, true),
  f('provideClusterInfo', BOOL),
  f('interactiveMode', { t: 'string', go: 'v1.ExecInteractiveMode' }, true),
]);
const AUTH_INFO = struct('AuthInfo', [
  f('client-certificate', STR, true),
  f('client-certificate-data', BYTES, true),
  f('client-key', STR, true),
  f('client-key-data', BYTES, true),
  f('token', STR, true),
  f('tokenFile', STR, true),
  f('as', STR, true),
  f('as-uid', STR, true),
  f('as-groups', { t: 'slice', of: STR }, true),
  f('as-user-extra', { t: 'map', of: { t: 'slice', of: STR } }, true),
  f('username', STR, true),
  f('password', STR, true),
  f(
    'auth-provider',
    {
      t: 'ptr',
      to: struct('AuthProviderConfig', [f('name', STR), f('config', { t: 'map', of: STR })]),
    },
    true,
  ),
  f('exec', { t: 'ptr', to: EXEC }, true),
  EXTENSIONS,
]);
export const CONTEXT = struct('Context', [
  f('cluster', STR),
  f('user', STR),
  f('namespace', STR, true),
  EXTENSIONS,
]);
const named = (name: string, key: string, body: StructSpec): Spec => ({
  t: 'slice',
  of: struct(name, [f('name', STR), f(key, body)]),
});
export const CONFIG = struct('Config', [
  f('kind', STR, true),
  f('apiVersion', STR, true),
  f('preferences', struct('Preferences', [f('colors', BOOL, true), EXTENSIONS])),
  f('clusters', named('NamedCluster', 'cluster', CLUSTER)),
  f('users', named('NamedAuthInfo', 'user', AUTH_INFO)),
  f('contexts', named('NamedContext', 'context', CONTEXT)),
  f('current-context', STR),
  EXTENSIONS,
]);

/** The Go type name encoding/json puts in an UnmarshalTypeError (a pointer is dereferenced). */
export function goType(spec: Spec): string {
  switch (spec.t) {
    case 'string':
      return spec.go;
    case 'bool':
      return 'bool';
    case 'bytes':
      return '[]uint8';
    case 'raw':
      return 'runtime.RawExtension';
    case 'slice':
      return `[]${goType(spec.of)}`;
    case 'map':
      return `map[string]${goType(spec.of)}`;
    case 'struct':
      return `v1.${spec.name}`;
    case 'ptr':
      return goType(spec.to);
  }
}

/** Go's zero value: nil slices, maps and pointers are null. */
export function zero(spec: Spec): unknown {
  if (spec.t === 'string') return '';
  if (spec.t === 'bool') return false;
  if (spec.t === 'struct') return Object.fromEntries(spec.fields.map((x) => [x.key, zero(x.spec)]));
  return null;
}
