/**
 * Builds the engine's DecisionRequest from the parser's Invocation and the classifier's
 * result. This is where "which namespaces does this touch" is answered, so it errs towards
 * touching more: an object of unknown scope counts as both namespaced (in the effective
 * namespace) and cluster-scoped, and an explicit `-n` always counts as touched.
 */
import type { Classification } from '../classify/types.js';
import type { Invocation } from '../kubectl/invocation.js';
import type { ResolvedIdentity } from '../identity/types.js';
import { ALL_NAMESPACES } from './engine.js';
import type { DecisionRequest, ResourceRef } from './types.js';

const CLUSTER_LEVEL_VERBS: ReadonlySet<string> = new Set([
  'api-resources',
  'api-versions',
  'auth',
  'cluster-info',
  'completion',
  'config',
  'explain',
  'kustomize',
  'plugin',
  'version',
]);
const RAW_NAMESPACE = /^\/(?:api\/[^/]+|apis\/[^/]+\/[^/]+)\/namespaces\/([^/?]+)/;

export function decisionRequestFrom(
  invocation: Invocation,
  classification: Classification,
  identity: ResolvedIdentity,
  /** The kubeconfig context's namespace (or `default`), used where no `-n` is given. */
  defaultNamespace: string,
): DecisionRequest {
  const effective = invocation.namespace ?? defaultNamespace;
  const namespaces = new Set<string>();
  const resources: ResourceRef[] = [];
  let clusterScoped = false;

  const place = (namespaced: boolean | undefined, namespace: string | undefined): void => {
    if (namespaced !== false)
      namespaces.add(invocation.allNamespaces ? ALL_NAMESPACES : (namespace ?? effective));
    if (namespaced !== true) clusterScoped = true;
  };

  for (const target of invocation.targets) {
    // `--subresource=status` addresses a subresource too: a runbook for `deployments` must not match it.
    resources.push(
      ref(target.resource, target.group, target.subresource ?? invocation.subresourceFlag),
    );
    const raw = target.path ?? invocation.raw;
    if (raw !== undefined) {
      // A raw API path names its namespace (or none) itself.
      const match = RAW_NAMESPACE.exec(raw);
      if (match?.[1]) namespaces.add(decodeURIComponent(match[1]));
      else clusterScoped = true;
      continue;
    }
    place(target.namespaced, undefined);
  }
  for (const object of invocation.manifests) {
    resources.push(
      ref(object.resource ?? object.kind.toLowerCase(), object.group, object.subresource),
    );
    place(object.namespaced, object.namespace ?? invocation.namespace);
  }
  if (invocation.raw !== undefined && invocation.targets.length === 0) {
    const match = RAW_NAMESPACE.exec(invocation.raw);
    if (match?.[1]) namespaces.add(decodeURIComponent(match[1]));
    else clusterScoped = true;
  }
  if (resources.length === 0 && invocation.raw === undefined) {
    // No resource named (version, config view, events, a plugin...): a cluster-level
    // command touches no namespace; anything else acts in the effective one.
    if (CLUSTER_LEVEL_VERBS.has(invocation.verb) || !invocation.verbKnown) clusterScoped = true;
    else namespaces.add(invocation.allNamespaces ? ALL_NAMESPACES : effective);
  }
  if (invocation.namespace !== undefined) namespaces.add(invocation.namespace);
  if (invocation.allNamespaces) namespaces.add(ALL_NAMESPACES);

  return {
    agent: identity.agent,
    identity: identity.identity,
    tier: classification.tier,
    verb: invocation.verb,
    ...(invocation.subverb !== undefined ? { subverb: invocation.subverb } : {}),
    resources,
    namespaces: [...namespaces],
    clusterScoped,
  };
}

function ref(resource: string, group: string, subresource: string | undefined): ResourceRef {
  return subresource === undefined ? { resource, group } : { resource, group, subresource };
}
