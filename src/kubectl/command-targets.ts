/**
 * Which resources each kubectl command addresses, from its positional arguments. Commands
 * that create something besides what they name (expose → a Service, autoscale → an HPA) list
 * both, so the classifier sees every kind the command touches.
 */
import type { Invocation, Target } from './invocation.js';
import type { Vocabulary } from './resources.js';
import {
  cpTargets,
  isLabelPair,
  isTaintSpec,
  namesOf,
  podOrTypeName,
  typeOrNameArgs,
  withoutPairs,
} from './targets.js';

/** `create <generator>` → the resource it creates. */
const GENERATED: Readonly<Record<string, string>> = {
  clusterrole: 'clusterroles',
  clusterrolebinding: 'clusterrolebindings',
  configmap: 'configmaps',
  cronjob: 'cronjobs',
  deployment: 'deployments',
  ingress: 'ingresses',
  job: 'jobs',
  namespace: 'namespaces',
  poddisruptionbudget: 'poddisruptionbudgets',
  priorityclass: 'priorityclasses',
  quota: 'resourcequotas',
  role: 'roles',
  rolebinding: 'rolebindings',
  secret: 'secrets',
  service: 'services',
  serviceaccount: 'serviceaccounts',
};

export interface CommandTargets {
  targets: Target[];
  namespace?: string;
}

function created(resource: string, names: string[], vocab: Vocabulary): Target {
  const [target] = namesOf(resource, [], vocab);
  return { ...(target as Target), names };
}

export function commandTargets(
  path: string,
  args: string[],
  inv: Invocation,
  vocab: Vocabulary,
): CommandTargets {
  const [verb, sub] = path.split(' ');
  const first = args[0];
  switch (verb) {
    case 'get':
    case 'describe':
    case 'delete':
    case 'edit':
    case 'patch':
    case 'scale':
    case 'wait':
    case 'rollout':
      return { targets: typeOrNameArgs(args, vocab) };
    case 'apply':
      return { targets: sub === undefined ? [] : typeOrNameArgs(args, vocab) };
    case 'label':
    case 'annotate':
      return { targets: typeOrNameArgs(withoutPairs(args, isLabelPair), vocab) };
    case 'set':
      if (sub === 'env') return { targets: typeOrNameArgs(withoutPairs(args, isLabelPair), vocab) };
      if (sub === 'image') {
        return {
          targets: typeOrNameArgs(
            withoutPairs(args, (a) => a.includes('=')),
            vocab,
          ),
        };
      }
      if (sub === 'selector' || sub === 'serviceaccount') {
        // The last argument is the selector expression or the service account's name.
        return { targets: typeOrNameArgs(args.slice(0, -1), vocab) };
      }
      return { targets: typeOrNameArgs(args, vocab) };
    case 'taint':
      return { targets: typeOrNameArgs(withoutPairs(args, isTaintSpec), vocab) };
    case 'expose': {
      const targets = typeOrNameArgs(args, vocab);
      const name = inv.flags.name?.at(-1);
      return { targets: [...targets, created('services', name ? [name] : [], vocab)] };
    }
    case 'autoscale': {
      const targets = typeOrNameArgs(args, vocab);
      const name = inv.flags.name?.at(-1);
      return {
        targets: [...targets, created('horizontalpodautoscalers', name ? [name] : [], vocab)],
      };
    }
    case 'cordon':
    case 'uncordon':
    case 'drain':
      return { targets: namesOf('nodes', args, vocab) };
    case 'certificate':
      return { targets: sub ? namesOf('certificatesigningrequests', args, vocab) : [] };
    case 'top':
      if (sub === 'node') return { targets: namesOf('nodes', args.slice(0, 1), vocab) };
      if (sub === 'pod') return { targets: namesOf('pods', args.slice(0, 1), vocab) };
      return { targets: [] };
    case 'logs':
      return { targets: podOrTypeName(first, vocab, 'log') };
    case 'exec':
      return { targets: podOrTypeName(first, vocab, 'exec') };
    case 'attach':
      return { targets: podOrTypeName(first, vocab, 'attach') };
    case 'port-forward':
      return { targets: podOrTypeName(first, vocab, 'portforward') };
    case 'debug': {
      if (first !== undefined && /^(nodes?|no)\//i.test(first)) {
        return { targets: namesOf('nodes', [first.slice(first.indexOf('/') + 1)], vocab) };
      }
      return { targets: podOrTypeName(first, vocab, 'ephemeralcontainers') };
    }
    case 'cp':
      return cpTargets(args, vocab);
    case 'run':
      return { targets: [created('pods', first === undefined ? [] : [first], vocab)] };
    case 'events': {
      const forRef = inv.flags.for?.at(-1);
      const targets = [created('events', [], vocab)];
      if (forRef) targets.push(...typeOrNameArgs([forRef], vocab));
      return { targets };
    }
    case 'create': {
      if (sub === undefined) return { targets: [] };
      if (sub === 'token') {
        const [sa] = namesOf('serviceaccounts', first === undefined ? [] : [first], vocab);
        return { targets: [{ ...(sa as Target), subresource: 'token' }] };
      }
      const resource = GENERATED[sub];
      return {
        targets: resource ? [created(resource, first === undefined ? [] : [first], vocab)] : [],
      };
    }
    default:
      return { targets: [] };
  }
}
