/**
 * Content negotiation on the Accept header, for the three alternative shapes kubectl asks for:
 * server-side Tables (meta.k8s.io), partial object metadata, and aggregated discovery.
 */

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      const record: Record<string, string> = {};
      for (const p of params) {
        const eq = p.indexOf('=');
        if (eq > 0) record[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params: record };
    })
    .filter((m) => m.type !== '');
}

function find(accept: string, as: string, group: string): MediaRange | undefined {
  return parseAccept(accept).find(
    (m) =>
      (m.type === 'application/json' || m.type === '*/*') &&
      m.params.as === as &&
      m.params.g === group,
  );
}

/** The Table version asked for ("v1" or "v1beta1"), or undefined for plain objects. */
export function tableVersion(accept: string): string | undefined {
  const m = find(accept, 'Table', 'meta.k8s.io');
  return m ? (m.params.v ?? 'v1') : undefined;
}

export function wantsPartialMetadata(accept: string): string | undefined {
  const m =
    find(accept, 'PartialObjectMetadata', 'meta.k8s.io') ??
    find(accept, 'PartialObjectMetadataList', 'meta.k8s.io');
  return m ? (m.params.v ?? 'v1') : undefined;
}

/** "v2" or "v2beta1" when the client accepts aggregated discovery. */
export function aggregatedDiscoveryVersion(accept: string): string | undefined {
  const m = find(accept, 'APIGroupDiscoveryList', 'apidiscovery.k8s.io');
  return m ? (m.params.v ?? 'v2') : undefined;
}

/** False when the client accepts neither JSON nor anything the sandbox can send. */
export function acceptsJson(accept: string): boolean {
  if (accept.trim() === '') return true;
  return parseAccept(accept).some(
    (m) =>
      m.type === 'application/json' ||
      m.type === '*/*' ||
      m.type === 'application/*' ||
      m.type === 'application/yaml',
  );
}
