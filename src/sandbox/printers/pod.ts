/**
 * The pod row: READY counts ready containers (and started sidecars), STATUS is the phase
 * refined by the first failing init container or the last container's waiting/terminated
 * reason, `Terminating` while a non-terminal pod is being deleted, and RESTARTS carries
 * "(5m ago)" once a container has a previous termination. Follows printPod of Kubernetes 1.32.
 */
import { DOC } from './descriptions.js';
import { humanDuration, parseTime, since } from './duration.js';
import { at, has, isObj, list, num, str, type Obj } from './fields.js';
import { column, type Printer, type PrintedRow, type RowCondition } from './types.js';

// The reason the node lifecycle controller gives pods on a node that stopped answering.
const NODE_UNREACHABLE = 'NodeLost';

function conditionTrue(pod: Obj, type: string): boolean {
  return list(pod, 'status', 'conditions').some(
    (c) => str(c, 'type') === type && str(c, 'status') === 'True',
  );
}

function terminatedReason(terminated: unknown, prefix: string): string {
  const reason = str(terminated, 'reason');
  if (reason !== '') return prefix + reason;
  const signal = num(terminated, 'signal');
  if (signal !== 0) return `${prefix}Signal:${signal}`;
  return `${prefix}ExitCode:${num(terminated, 'exitCode')}`;
}

/** Latest `lastState.terminated.finishedAt` seen so far (epoch ms), or undefined. */
function laterRestart(current: number | undefined, status: unknown): number | undefined {
  const t = parseTime(at(status, 'lastState', 'terminated', 'finishedAt'));
  if (!has(status, 'lastState', 'terminated') || t === undefined) return current;
  return current === undefined || t > current ? t : current;
}

function podRow(pod: Obj, now: Date): PrintedRow {
  const phase = str(pod, 'status', 'phase');
  let reason = str(pod, 'status', 'reason') || phase;
  for (const c of list(pod, 'status', 'conditions')) {
    if (str(c, 'type') === 'PodScheduled' && str(c, 'reason') === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }
  let conditions: RowCondition[] | undefined;
  if (phase === 'Succeeded') {
    conditions = [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ];
  } else if (phase === 'Failed') {
    conditions = [
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ];
  }

  const initSpecs = list(pod, 'spec', 'initContainers');
  const restartable = new Set(
    initSpecs.filter((c) => str(c, 'restartPolicy') === 'Always').map((c) => str(c, 'name')),
  );
  const total = list(pod, 'spec', 'containers').length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let initializing = false;
  const initStatuses = list(pod, 'status', 'initContainerStatuses');
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const sidecar = restartable.has(str(cs, 'name'));
    restarts += num(cs, 'restartCount');
    lastRestart = laterRestart(lastRestart, cs);
    if (sidecar) {
      sidecarRestarts += num(cs, 'restartCount');
      lastSidecarRestart = laterRestart(lastSidecarRestart, cs);
    }
    const terminated = at(cs, 'state', 'terminated');
    const waitingReason = str(cs, 'state', 'waiting', 'reason');
    if (isObj(terminated) && num(terminated, 'exitCode') === 0) continue;
    if (sidecar && at(cs, 'started') === true) {
      if (at(cs, 'ready') === true) ready++;
      continue;
    }
    if (isObj(terminated)) reason = terminatedReason(terminated, 'Init:');
    else if (
      has(cs, 'state', 'waiting') &&
      waitingReason !== '' &&
      waitingReason !== 'PodInitializing'
    ) {
      reason = `Init:${waitingReason}`;
    } else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = list(pod, 'status', 'containerStatuses');
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += num(cs, 'restartCount');
      lastRestart = laterRestart(lastRestart, cs);
      const waiting = str(cs, 'state', 'waiting', 'reason');
      const terminated = at(cs, 'state', 'terminated');
      if (has(cs, 'state', 'waiting') && waiting !== '') reason = waiting;
      else if (isObj(terminated)) reason = terminatedReason(terminated, '');
      else if (at(cs, 'ready') === true && has(cs, 'state', 'running')) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last container completed while another still runs is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (has(pod, 'metadata', 'deletionTimestamp')) {
    if (str(pod, 'status', 'reason') === NODE_UNREACHABLE) reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  }

  const restartsCell =
    restarts === 0 || lastRestart === undefined
      ? String(restarts)
      : `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;

  const ips = list(pod, 'status', 'podIPs');
  const podIP = (ips.length > 0 ? str(ips[0], 'ip') : str(pod, 'status', 'podIP')) || '<none>';
  const gates = list(pod, 'spec', 'readinessGates');
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let trueCount = 0;
    for (const g of gates) {
      const found = list(pod, 'status', 'conditions').find(
        (c) => str(c, 'type') === str(g, 'conditionType'),
      );
      if (found !== undefined && str(found, 'status') === 'True') trueCount++;
    }
    readinessGates = `${trueCount}/${gates.length}`;
  }
  return {
    cells: [
      str(pod, 'metadata', 'name'),
      `${ready}/${total}`,
      reason,
      restartsCell,
      since(at(pod, 'metadata', 'creationTimestamp'), now),
      podIP,
      str(pod, 'spec', 'nodeName') || '<none>',
      str(pod, 'status', 'nominatedNodeName') || '<none>',
      readinessGates,
    ],
    ...(conditions !== undefined ? { conditions } : {}),
  };
}

export const podPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    column('Age', 'string', DOC.creationTimestamp),
    column('IP', 'string', DOC.podIP, { priority: 1 }),
    column('Node', 'string', DOC.nodeName, { priority: 1 }),
    column('Nominated Node', 'string', DOC.nominatedNodeName, { priority: 1 }),
    column('Readiness Gates', 'string', DOC.readinessGates, { priority: 1 }),
  ],
  row: podRow,
};
