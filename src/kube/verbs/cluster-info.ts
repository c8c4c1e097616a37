/**
 * `kubectl cluster-info`: the API server URL and the kube-system services labelled
 * kubernetes.io/cluster-service=true. kubectl colours the names only on a terminal; agents
 * read through pipes, so iddio prints kubectl's pipe output. Cluster-sourced names are
 * stripped of control characters before they are printed.
 */
import { EXIT } from '../../common/exit-codes.js';
import { stripControlLine } from '../../common/sanitize.js';
import { notSupported, HANDLED_FLAGS, requireHandled } from '../flags.js';
import type { VerbContext } from './context.js';

type Obj = Record<string, unknown>;

function serviceLine(name: string, link: string): string {
  return `${name} is running at ${link}\n`;
}

export async function clusterInfo(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  if (inv.subverb !== undefined) throw notSupported(`cluster-info ${inv.subverb}`);
  requireHandled(inv, HANDLED_FLAGS['cluster-info']);
  const namespace = inv.namespace || 'kube-system';
  const host = config.server.replace(/\/+$/, '');
  const list = await ctx.client.json<Obj>({
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`,
    query: { labelSelector: 'kubernetes.io/cluster-service=true' },
  });
  let text = serviceLine('Kubernetes control plane', host);
  for (const service of Array.isArray(list.items) ? (list.items as Obj[]) : []) {
    const metadata = (service.metadata ?? {}) as {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
    };
    const spec = (service.spec ?? {}) as { ports?: Array<{ name?: string; port?: number }> };
    const ingress = (
      ((service.status ?? {}) as Obj).loadBalancer as
        { ingress?: Array<{ ip?: string; hostname?: string }> } | undefined
    )?.ingress;
    let link = '';
    if (ingress && ingress.length > 0) {
      const ip = ingress[0]?.ip || ingress[0]?.hostname || '';
      for (const port of spec.ports ?? []) link += `http://${ip}:${port.port ?? 0} `;
    } else {
      let name = metadata.name ?? '';
      const port = spec.ports?.[0];
      if (port) {
        const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
        const portName = port.name ?? '';
        // utilnet.JoinSchemeNamePort: a scheme needs all three segments, a port two.
        name = scheme ? `${scheme}:${name}:${portName}` : portName ? `${name}:${portName}` : name;
      }
      link = `${host}/api/v1/namespaces/${metadata.namespace ?? namespace}/services/${name}/proxy`;
    }
    const display = metadata.labels?.['kubernetes.io/name'] || metadata.name || '';
    text += serviceLine(stripControlLine(display), stripControlLine(link));
  }
  text += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  output.out(text);
  return EXIT.ok;
}
