/** Namespaces, config maps, secrets and service accounts as kubectl describes them. */
import { writeEvents } from './events.js';
import { writeLimitRanges, writeQuotas } from './quota.js';
import {
  DescribeWriter,
  asList,
  asObj,
  clean,
  rfc1123z,
  sortedKeys,
  str,
  writeAnnotations,
  writeLabels,
  type Obj,
} from './writer.js';

function header(w: DescribeWriter, object: Obj, namespaced = true): void {
  const metadata = asObj(object.metadata);
  w.write(0, `Name:\t${clean(metadata.name)}\n`);
  if (namespaced) w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
  writeLabels(w, 'Labels', metadata.labels);
  writeAnnotations(w, 'Annotations', metadata.annotations);
}

/** Namespaces: status, conditions, then the namespace's resource quotas and limit ranges. */
export function describeNamespace(ns: Obj, quotas: Obj[], limits: Obj[]): string {
  const w = new DescribeWriter();
  header(w, ns, false);
  const status = asObj(ns.status);
  w.write(0, `Status:\t${clean(status.phase)}\n`);
  const conditions = asList(status.conditions);
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions)
      w.write(
        1,
        `${clean(c.type)}\t${clean(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${clean(c.reason)}\t${clean(c.message)}\n`,
      );
  }
  w.write(0, '\n');
  writeQuotas(w, quotas);
  w.write(0, '\n');
  writeLimitRanges(w, limits);
  return w.toString();
}

export function describeConfigMap(cm: Obj, events: Obj[] | undefined, now: number): string {
  const w = new DescribeWriter();
  header(w, cm);
  w.write(0, '\nData\n====\n');
  const data = asObj(cm.data);
  for (const key of sortedKeys(data)) {
    w.write(0, `${clean(key)}:\n----\n`);
    w.write(0, `${clean(data[key])}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  const binary = asObj(cm.binaryData);
  for (const key of sortedKeys(binary))
    w.write(0, `${clean(key)}: ${Buffer.from(str(binary[key]), 'base64').length} bytes\n`);
  w.write(0, '\n');
  writeEvents(w, events, now);
  return w.toString();
}

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';

/**
 * Values are never printed, only their decoded length — except a service-account token
 * secret's `token`, which kubectl prints in full (and so does iddio, to stay identical).
 */
export function describeSecret(secret: Obj): string {
  const w = new DescribeWriter();
  header(w, secret);
  w.write(0, `\nType:\t${clean(secret.type)}\n`);
  w.write(0, '\nData\n====\n');
  const data = asObj(secret.data);
  for (const key of sortedKeys(data)) {
    const bytes = Buffer.from(str(data[key]), 'base64');
    if (key === 'token' && secret.type === SA_TOKEN_TYPE)
      w.write(0, `${clean(key)}:\t${clean(bytes.toString('utf8'))}\n`);
    else w.write(0, `${clean(key)}:\t${bytes.length} bytes\n`);
  }
  return w.toString();
}

/**
 * `secrets`: the namespace's secrets, or undefined when they could not be listed (kubectl then
 * lists the account's references without checking them). Tokens are the token secrets
 * annotated with this account's name and uid; references to absent secrets say "(not found)".
 */
export function describeServiceAccount(
  sa: Obj,
  secrets: Obj[] | undefined,
  events: Obj[] | undefined,
  now: number,
): string {
  const w = new DescribeWriter();
  header(w, sa);
  const metadata = asObj(sa.metadata);
  const pull = asList(sa.imagePullSecrets).map((ref) => str(ref.name));
  const mount = asList(sa.secrets).map((ref) => str(ref.name));
  const tokenNames: string[] = [];
  const missing = new Set<string>();
  if (secrets) {
    const existing = new Set<string>();
    for (const secret of secrets) {
      const meta = asObj(secret.metadata);
      const annotations = asObj(meta.annotations);
      if (
        secret.type === SA_TOKEN_TYPE &&
        annotations['kubernetes.io/service-account.name'] === metadata.name &&
        annotations['kubernetes.io/service-account.uid'] === metadata.uid
      )
        tokenNames.push(str(meta.name));
      existing.add(str(meta.name));
    }
    for (const name of [...mount, ...pull]) if (!existing.has(name)) missing.add(name);
  }
  // kubectl pads the three headers to one width and prints them in sorted order.
  const sections: Array<[string, string[]]> = [
    ['Image pull secrets:', pull],
    ['Mountable secrets: ', mount],
    ['Tokens:            ', tokenNames],
  ];
  for (const [title, names] of sections) {
    if (names.length === 0) {
      w.write(0, `${title}\t<none>\n`);
      continue;
    }
    let prefix = title;
    for (const name of names) {
      w.write(0, `${prefix}\t${clean(name)}${missing.has(name) ? ' (not found)' : ''}\n`);
      prefix = '                   ';
    }
  }
  writeEvents(w, events, now);
  return w.toString();
}
