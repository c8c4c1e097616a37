/**
 * The values kubectl shows for downward-API environment variables: a pod's own metadata for
 * `fieldRef` (only what its ExtractFieldPathAsString supports; anything else prints empty, as
 * in kubectl), and the container's own requests and limits for `resourceFieldRef`.
 */
import { parseQuantity } from './quantity.js';
import { asObj, goString, sortedKeys, str, type Obj } from './writer.js';

/** Field paths kubectl's field-label conversion accepts for an unregistered (empty) apiVersion. */
const BARE_PATHS = new Set(['metadata.name', 'metadata.namespace']);

/** EnvValueRetriever for a pod; undefined pod (a template) resolves nothing. */
export function fieldRefValue(pod: Obj | undefined, ref: Obj): string {
  if (!pod) return '';
  const path = str(ref.fieldPath);
  const apiVersion = str(ref.apiVersion);
  if (apiVersion !== 'v1' && !(apiVersion === '' && BARE_PATHS.has(path))) return '';
  const metadata = asObj(pod.metadata);
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) return goString(asObj(metadata[subscript[1] ?? ''])[subscript[2] ?? '']);
  switch (path) {
    case 'metadata.name':
    case 'metadata.namespace':
    case 'metadata.uid':
      return goString(metadata[path.slice('metadata.'.length)]);
    case 'metadata.labels':
    case 'metadata.annotations': {
      // fieldpath.FormatMap: sorted key="value" lines (Go %q quoting, close to JSON's).
      const map = asObj(metadata[path.slice('metadata.'.length)]);
      return sortedKeys(map)
        .map((key) => `${key}=${JSON.stringify(goString(map[key]))}`)
        .join('\n');
    }
    default:
      return '';
  }
}

const ceilDiv = (a: bigint, b: bigint): bigint => (b === 0n ? 0n : (a + b - 1n) / b);

/** ExtractContainerResourceValue, then kubectl's "node allocatable" for an unset limit. */
export function resourceFieldValue(container: Obj, ref: Obj): string {
  const resource = str(ref.resource);
  const [kind, name] = resource.split('.', 2) as [string, string | undefined];
  const list = asObj(asObj(container.resources)[kind === 'limits' ? 'limits' : 'requests']);
  if (!name || (kind !== 'limits' && kind !== 'requests')) return '';
  const quantity = parseQuantity(goString(list[name] ?? '0'))?.nanos ?? 0n;
  const divisorText = ref.divisor === undefined ? '' : goString(ref.divisor);
  const divisor =
    parseQuantity(divisorText === '' || divisorText === '0' ? '1' : divisorText)?.nanos ?? 1n;
  let value: string;
  if (name === 'cpu') value = String(ceilDiv(quantity, divisor));
  else if (name === 'memory' || name === 'ephemeral-storage')
    value = String(ceilDiv(quantity, divisor));
  else return '';
  if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
    return 'node allocatable';
  return value;
}
