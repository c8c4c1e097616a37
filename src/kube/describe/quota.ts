/** The quota and limit-range sections of a namespace's description. */
import { formatQuantity, parseQuantity } from './quantity.js';
import {
  asList,
  asObj,
  asStrings,
  clean,
  goString,
  sortedKeys,
  str,
  type DescribeWriter,
  type Obj,
} from './writer.js';

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

const quantity = (value: unknown): string => {
  const parsed = parseQuantity(goString(value));
  return parsed ? formatQuantity(parsed) : clean(goString(value));
};

const byName = (a: Obj, b: Obj): number => {
  const x = str(asObj(a.metadata).name);
  const y = str(asObj(b.metadata).name);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** DescribeResourceQuotas. */
export function writeQuotas(w: DescribeWriter, quotas: Obj[]): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  for (const q of [...quotas].sort(byName)) {
    w.write(1, `Name:\t${clean(asObj(q.metadata).name)}\n`);
    const scopes = asStrings(asObj(q.spec).scopes).sort();
    if (scopes.length > 0) {
      w.write(1, `Scopes:\t${clean(scopes.join(', '))}\n`);
      for (const scope of scopes) {
        const help = SCOPE_HELP[scope];
        if (help) w.write(1, `* ${help}\n`);
      }
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    const status = asObj(q.status);
    const hard = asObj(status.hard);
    const used = asObj(status.used);
    for (const name of sortedKeys(hard))
      w.write(
        1,
        `${clean(name)}\t${used[name] === undefined ? '0' : quantity(used[name])}\t${quantity(hard[name])}\n`,
      );
  }
}

/**
 * DescribeLimitRanges. kubectl walks each item's resources in Go map order (random when an item
 * limits several resources); iddio sorts them, which is one of kubectl's orders.
 */
export function writeLimitRanges(w: DescribeWriter, ranges: Obj[]): void {
  if (ranges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const range of ranges) {
    for (const item of asList(asObj(range.spec).limits)) {
      const fields = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'].map(
        (field) => asObj(item[field]),
      );
      const names = new Set(fields.flatMap((list) => Object.keys(list)));
      for (const name of [...names].sort()) {
        const cells = fields.map((list) => (list[name] === undefined ? '-' : quantity(list[name])));
        w.write(0, ` ${clean(item.type)}\t${clean(name)}\t${cells.join('\t')}\n`);
      }
    }
  }
}
