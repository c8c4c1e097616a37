/**
 * Horizontal pod autoscalers (printHorizontalPodAutoscaler of 1.32). The server prints its
 * internal (v2) form; an autoscaling/v1 object is read as the server converts and defaults it:
 * targetCPUUtilizationPercentage (80 when unset) is a cpu Utilization metric.
 */
import { DOC } from './descriptions.js';
import { since } from './duration.js';
import { at, has, isObj, list, num, str, type Obj } from './fields.js';
import { column, type Printer } from './types.js';

interface Metric {
  spec: Obj;
  status: unknown;
}

function quantity(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '0';
}

/** The metrics and their statuses, from v2 fields or from the v1 CPU shorthand. */
function metrics(o: Obj): Metric[] {
  if (has(o, 'spec', 'metrics')) {
    const statuses = list(o, 'status', 'currentMetrics');
    return list(o, 'spec', 'metrics')
      .filter(isObj)
      .map((spec, i) => ({ spec, status: statuses[i] }));
  }
  // No metrics: the v1 CPU shorthand, whose default (like v2's default metric) is 80%.
  const target = has(o, 'spec', 'targetCPUUtilizationPercentage')
    ? num(o, 'spec', 'targetCPUUtilizationPercentage')
    : 80;
  const spec: Obj = {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
  };
  const status = has(o, 'status', 'currentCPUUtilizationPercentage')
    ? {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: num(o, 'status', 'currentCPUUtilizationPercentage') },
        },
      }
    : undefined;
  return [{ spec, status }];
}

/** One metric as `current/target`; resource metrics carry their resource name first. */
function formatMetric({ spec, status }: Metric): string {
  const unknown = '<unknown>';
  switch (str(spec, 'type')) {
    case 'External':
    case 'Object': {
      const source = str(spec, 'type') === 'External' ? 'external' : 'object';
      if (has(spec, source, 'target', 'averageValue')) {
        const current = has(status, source, 'current', 'averageValue')
          ? quantity(at(status, source, 'current', 'averageValue'))
          : unknown;
        return `${current}/${quantity(at(spec, source, 'target', 'averageValue'))} (avg)`;
      }
      const current = has(status, source)
        ? quantity(at(status, source, 'current', 'value'))
        : unknown;
      return `${current}/${quantity(at(spec, source, 'target', 'value'))}`;
    }
    case 'Pods': {
      const current = has(status, 'pods')
        ? quantity(at(status, 'pods', 'current', 'averageValue'))
        : unknown;
      return `${current}/${quantity(at(spec, 'pods', 'target', 'averageValue'))}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = str(spec, 'type') === 'Resource' ? 'resource' : 'containerResource';
      const resource = str(spec, source, 'name');
      if (has(spec, source, 'target', 'averageValue')) {
        const current = has(status, source)
          ? quantity(at(status, source, 'current', 'averageValue'))
          : unknown;
        return `${resource}: ${current}/${quantity(at(spec, source, 'target', 'averageValue'))}`;
      }
      const current = has(status, source, 'current', 'averageUtilization')
        ? `${num(status, source, 'current', 'averageUtilization')}%`
        : unknown;
      const target = has(spec, source, 'target', 'averageUtilization')
        ? `${num(spec, source, 'target', 'averageUtilization')}%`
        : '<auto>';
      return `${resource}: ${current}/${target}`;
    }
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: the first two metrics, then "+ N more...", `<none>` without metrics. */
function targets(o: Obj): string {
  const all = metrics(o);
  if (all.length === 0) return '<none>';
  const shown = all.slice(0, 2).map(formatMetric).join(', ');
  return all.length > 2 ? `${shown} + ${all.length - 2} more...` : shown;
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Reference', 'string', DOC.hpaReference),
    column('Targets', 'string', DOC.hpaTargets),
    column('MinPods', 'string', DOC.hpaMinPods),
    column('MaxPods', 'string', DOC.hpaMaxPods),
    column('Replicas', 'string', DOC.hpaReplicas),
    column('Age', 'string', DOC.creationTimestamp),
  ],
  row(o, now) {
    // minReplicas defaults to 1 on the server.
    const min = has(o, 'spec', 'minReplicas') ? String(num(o, 'spec', 'minReplicas')) : '1';
    return {
      cells: [
        str(o, 'metadata', 'name'),
        `${str(o, 'spec', 'scaleTargetRef', 'kind')}/${str(o, 'spec', 'scaleTargetRef', 'name')}`,
        targets(o),
        min,
        num(o, 'spec', 'maxReplicas'),
        num(o, 'status', 'currentReplicas'),
        since(at(o, 'metadata', 'creationTimestamp'), now),
      ],
    };
  },
};
