/** The workload printers of 1.32: deployments, replica sets, jobs, stateful and daemon sets, cron jobs, controller revisions. */
import { DOC } from './descriptions.js';
import { humanDuration, parseTime, since } from './duration.js';
import {
  at,
  containerCells,
  formatLabelSelector,
  formatLabels,
  has,
  list,
  map,
  num,
  selectorString,
  str,
  type Obj,
} from './fields.js';
import { column, type Printer } from './types.js';

const CONTAINERS = 'Names of each container in the template.';
const IMAGES = 'Images referenced by each container in the template.';

const name = (o: Obj): string => str(o, 'metadata', 'name');
const age = (o: Obj, now: Date): string => since(at(o, 'metadata', 'creationTimestamp'), now);
// spec.replicas is defaulted to 1 by the API server when left out.
const replicas = (o: Obj): number => (has(o, 'spec', 'replicas') ? num(o, 'spec', 'replicas') : 1);

export const deploymentPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', DOC.deploymentUpdated),
    column('Available', 'string', DOC.deploymentAvailable),
    column('Age', 'string', DOC.creationTimestamp),
    column('Containers', 'string', CONTAINERS, { priority: 1 }),
    column('Images', 'string', IMAGES, { priority: 1 }),
    column('Selector', 'string', DOC.deploymentSelector, { priority: 1 }),
  ],
  row(o, now) {
    const [names, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return {
      cells: [
        name(o),
        `${num(o, 'status', 'readyReplicas')}/${replicas(o)}`,
        num(o, 'status', 'updatedReplicas'),
        num(o, 'status', 'availableReplicas'),
        age(o, now),
        names,
        images,
        selectorString(at(o, 'spec', 'selector')) ?? '<invalid>',
      ],
    };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Desired', 'integer', DOC.rsReplicas),
    column('Current', 'integer', DOC.rsStatusReplicas),
    column('Ready', 'integer', DOC.rsReady),
    column('Age', 'string', DOC.creationTimestamp),
    column('Containers', 'string', CONTAINERS, { priority: 1 }),
    column('Images', 'string', IMAGES, { priority: 1 }),
    column('Selector', 'string', DOC.rsSelector, { priority: 1 }),
  ],
  row(o, now) {
    const [names, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return {
      cells: [
        name(o),
        replicas(o),
        num(o, 'status', 'replicas'),
        num(o, 'status', 'readyReplicas'),
        age(o, now),
        names,
        images,
        formatLabelSelector(at(o, 'spec', 'selector')),
      ],
    };
  },
};

/** hasJobCondition: the first condition of the type decides. */
function jobCondition(o: Obj, type: string): boolean {
  const found = list(o, 'status', 'conditions').find((c) => str(c, 'type') === type);
  return found !== undefined && str(found, 'status') === 'True';
}

function jobStatus(o: Obj): string {
  if (jobCondition(o, 'Complete')) return 'Complete';
  if (jobCondition(o, 'Failed')) return 'Failed';
  if (has(o, 'metadata', 'deletionTimestamp')) return 'Terminating';
  if (jobCondition(o, 'Suspended')) return 'Suspended';
  if (jobCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(o: Obj): string {
  const succeeded = num(o, 'status', 'succeeded');
  if (has(o, 'spec', 'completions')) return `${succeeded}/${num(o, 'spec', 'completions')}`;
  const parallelism = num(o, 'spec', 'parallelism');
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: Obj, now: Date): string {
  const start = parseTime(at(o, 'status', 'startTime'));
  if (start === undefined) return '';
  const end = parseTime(at(o, 'status', 'completionTime'));
  return humanDuration((end ?? now.getTime()) - start);
}

export const jobPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', DOC.jobSucceeded),
    column('Duration', 'string', 'Time required to complete the job.'),
    column('Age', 'string', DOC.creationTimestamp),
    column('Containers', 'string', CONTAINERS, { priority: 1 }),
    column('Images', 'string', IMAGES, { priority: 1 }),
    column('Selector', 'string', DOC.jobSelector, { priority: 1 }),
  ],
  row(o, now) {
    const [names, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return {
      cells: [
        name(o),
        jobStatus(o),
        jobCompletions(o),
        jobDuration(o, now),
        age(o, now),
        names,
        images,
        formatLabelSelector(at(o, 'spec', 'selector')),
      ],
    };
  },
};

export const statefulSetPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Age', 'string', DOC.creationTimestamp),
    column('Containers', 'string', CONTAINERS, { priority: 1 }),
    column('Images', 'string', IMAGES, { priority: 1 }),
  ],
  row(o, now) {
    const [names, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return {
      cells: [
        name(o),
        `${num(o, 'status', 'readyReplicas')}/${replicas(o)}`,
        age(o, now),
        names,
        images,
      ],
    };
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Desired', 'integer', DOC.dsDesired),
    column('Current', 'integer', DOC.dsCurrent),
    column('Ready', 'integer', DOC.dsReady),
    column('Up-to-date', 'integer', DOC.dsUpdated),
    column('Available', 'integer', DOC.dsAvailable),
    column('Node Selector', 'string', DOC.nodeSelector),
    column('Age', 'string', DOC.creationTimestamp),
    column('Containers', 'string', CONTAINERS, { priority: 1 }),
    column('Images', 'string', IMAGES, { priority: 1 }),
    column('Selector', 'string', DOC.dsSelector, { priority: 1 }),
  ],
  row(o, now) {
    const [names, images] = containerCells(at(o, 'spec', 'template', 'spec'));
    return {
      cells: [
        name(o),
        num(o, 'status', 'desiredNumberScheduled'),
        num(o, 'status', 'currentNumberScheduled'),
        num(o, 'status', 'numberReady'),
        num(o, 'status', 'updatedNumberScheduled'),
        num(o, 'status', 'numberAvailable'),
        formatLabels(map(o, 'spec', 'template', 'spec', 'nodeSelector')),
        age(o, now),
        names,
        images,
        formatLabelSelector(at(o, 'spec', 'selector')),
      ],
    };
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Schedule', 'string', DOC.cronSchedule),
    column('Timezone', 'string', DOC.cronTimeZone),
    column('Suspend', 'boolean', DOC.cronSuspend),
    column('Active', 'integer', DOC.cronActive),
    column('Last Schedule', 'string', DOC.cronLastSchedule),
    column('Age', 'string', DOC.creationTimestamp),
    column('Containers', 'string', CONTAINERS, { priority: 1 }),
    column('Images', 'string', IMAGES, { priority: 1 }),
    column('Selector', 'string', DOC.jobSelector, { priority: 1 }),
  ],
  row(o, now) {
    const job = at(o, 'spec', 'jobTemplate', 'spec');
    const [names, images] = containerCells(at(job, 'template', 'spec'));
    const suspend = at(o, 'spec', 'suspend');
    return {
      cells: [
        name(o),
        str(o, 'spec', 'schedule'),
        str(o, 'spec', 'timeZone') || '<none>',
        // printBoolPtr; the server defaults suspend to false.
        typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : 'False',
        list(o, 'status', 'active').length,
        has(o, 'status', 'lastScheduleTime')
          ? since(at(o, 'status', 'lastScheduleTime'), now)
          : '<none>',
        age(o, now),
        names,
        images,
        formatLabelSelector(at(job, 'selector')),
      ],
    };
  },
};

/** `kind.group/name` of the controlling owner, lower-cased as formatResourceName does. */
function controllerOf(o: Obj): string {
  const owner = list(o, 'metadata', 'ownerReferences').find((r) => at(r, 'controller') === true);
  if (owner === undefined) return '<none>';
  const apiVersion = str(owner, 'apiVersion');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(owner, 'kind');
  if (kind === '') return str(owner, 'name');
  return `${(group === '' ? kind : `${kind}.${group}`).toLowerCase()}/${str(owner, 'name')}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    column('Name', 'string', DOC.name, { format: 'name' }),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', DOC.revision),
    column('Age', 'string', DOC.creationTimestamp),
  ],
  row: (o, now) => ({ cells: [name(o), controllerOf(o), num(o, 'revision'), age(o, now)] }),
};
