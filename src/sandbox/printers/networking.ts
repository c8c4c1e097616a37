/** Ingresses, ingress classes, network policies and endpoints, as the 1.32 printers show them. */
import { DOC } from './descriptions.js';
import { since } from './duration.js';
import { at, formatLabelSelector, has, list, num, str, type Obj } from './fields.js';
import { column, type Printer } from './types.js';

const name = (o: Obj): string => str(o, 'metadata', 'name');
const age = (o: Obj, now: Date): string => since(at(o, 'metadata', 'creationTimestamp'), now);
const NAME = column('Name', 'string', DOC.name, { format: 'name' });
const AGE = column('Age', 'string', DOC.creationTimestamp);

/** formatHosts: up to three rule hosts, then "+ N more...", `*` when none names a host. */
function hosts(o: Obj): string {
  const rules = list(o, 'spec', 'rules');
  const shown: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (shown.length === 3) more = true;
    const host = str(rule, 'host');
    if (!more && host !== '') shown.push(host);
  }
  if (shown.length === 0) return '*';
  return more ? `${shown.join(',')} + ${rules.length - 3} more...` : shown.join(',');
}

/** Load-balancer addresses, de-duplicated and sorted; the server prints them unclipped. */
function address(o: Obj): string {
  const seen = new Set<string>();
  for (const ing of list(o, 'status', 'loadBalancer', 'ingress')) {
    const v = str(ing, 'ip') || str(ing, 'hostname');
    if (v !== '') seen.add(v);
  }
  return [...seen].sort().join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    NAME,
    column(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    column(
      'Hosts',
      'string',
      'Hosts that incoming requests are matched against before the ingress rule',
    ),
    column(
      'Address',
      'string',
      'Address is a list containing ingress points for the load-balancer',
    ),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  row: (o, now) => ({
    cells: [
      name(o),
      str(o, 'spec', 'ingressClassName') || '<none>',
      hosts(o),
      address(o),
      list(o, 'spec', 'tls').length > 0 ? '80, 443' : '80',
      age(o, now),
    ],
  }),
};

export const ingressClassPrinter: Printer = {
  columns: [
    NAME,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE,
  ],
  row(o, now) {
    let parameters = '<none>';
    if (has(o, 'spec', 'parameters')) {
      const group = str(o, 'spec', 'parameters', 'apiGroup');
      parameters = str(o, 'spec', 'parameters', 'kind');
      if (has(o, 'spec', 'parameters', 'apiGroup')) parameters += `.${group}`;
      parameters += `/${str(o, 'spec', 'parameters', 'name')}`;
    }
    return { cells: [name(o), str(o, 'spec', 'controller'), parameters, age(o, now)] };
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME, column('Pod-Selector', 'string', DOC.netpolPodSelector), AGE],
  row: (o, now) => ({
    // The pod selector is a struct, never nil: an empty one selects every pod (`<none>`).
    cells: [name(o), formatLabelSelector(at(o, 'spec', 'podSelector') ?? {}), age(o, now)],
  }),
};

/** formatEndpoints: up to three `ip:port` entries, then "+ N more...", `<none>` when empty. */
function endpoints(o: Obj): string {
  const subsets = list(o, 'subsets');
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = list(ss, 'addresses');
    const ports = list(ss, 'ports');
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === 3) {
          more = true;
          break;
        }
        shown.push(str(a, 'ip'));
      }
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === 3) {
          more = true;
          break;
        }
        const ip = str(a, 'ip');
        shown.push(`${ip.includes(':') ? `[${ip}]` : ip}:${num(p, 'port')}`);
      }
    }
  }
  return more ? `${shown.join(',')} + ${count - 3} more...` : shown.join(',');
}

export const endpointsPrinter: Printer = {
  columns: [NAME, column('Endpoints', 'string', DOC.endpointsSubsets), AGE],
  row: (o, now) => ({ cells: [name(o), endpoints(o), age(o, now)] }),
};
