/**
 * `kubectl auth can-i --list`: the rules of a SelfSubjectRulesReview turned into kubectl's
 * table. kubectl breaks every rule down to one verb × one resource (or URL) × one name, folds
 * the resource pieces that differ only by verb back together, sorts by the Go String() form of
 * each rule, and prints lists as Go's %v does ([get list]). Pure: no I/O.
 */

/** A PolicyRule as kubectl holds it; an absent list is empty. */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface RulesReviewStatus {
  resourceRules?: Array<{
    verbs?: string[];
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
  }>;
  nonResourceRules?: Array<{ verbs?: string[]; nonResourceURLs?: string[] }>;
  incomplete?: boolean;
  evaluationError?: string;
}

const rule = (partial: Partial<PolicyRule>): PolicyRule => ({
  verbs: partial.verbs ?? [],
  apiGroups: partial.apiGroups ?? [],
  resources: partial.resources ?? [],
  resourceNames: partial.resourceNames ?? [],
  nonResourceURLs: partial.nonResourceURLs ?? [],
});

/** The review's rules as PolicyRules: resource rules first, then non-resource rules. */
export function rulesOfStatus(status: RulesReviewStatus): PolicyRule[] {
  return [
    ...(status.resourceRules ?? []).map((r) =>
      rule({
        verbs: r.verbs,
        apiGroups: r.apiGroups,
        resources: r.resources,
        resourceNames: r.resourceNames,
      }),
    ),
    ...(status.nonResourceRules ?? []).map((r) =>
      rule({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }),
    ),
  ];
}

/** One rule per group × resource × verb (× name), then one per URL × verb. */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (r.resourceNames.length === 0) out.push(rule(base));
        else for (const name of r.resourceNames) out.push(rule({ ...base, resourceNames: [name] }));
      }
    }
  }
  for (const url of r.nonResourceURLs) {
    for (const verb of r.verbs) out.push(rule({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return out;
}

/** The key of a rule kubectl may merge with others (one group, one resource, at most one name); undefined otherwise. */
function simpleKey(r: PolicyRule): string | undefined {
  if (r.resourceNames.length > 1 || r.nonResourceURLs.length > 0) return undefined;
  if (r.apiGroups.length !== 1 || r.resources.length !== 1) return undefined;
  return JSON.stringify([
    r.apiGroups[0],
    r.resources[0],
    r.resourceNames.length,
    r.resourceNames[0] ?? '',
  ]);
}

/**
 * Merges the rules that name the same single group/resource/name, appending each new verb in
 * the order met; the others (non-resource rules) are kept as they are, duplicates included.
 * kubectl puts the merged rules after the others (in Go map order, which the sort then hides).
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const kept: PolicyRule[] = [];
  const merged = new Map<string, PolicyRule>();
  for (const r of rules) {
    const key = simpleKey(r);
    if (key === undefined) {
      kept.push(r);
      continue;
    }
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...r, verbs: [...r.verbs] });
      continue;
    }
    const had = new Set(existing.verbs);
    for (const verb of r.verbs) if (!had.has(verb)) existing.verbs.push(verb);
  }
  return [...kept, ...merged.values()];
}

/** Go's %v of a []string: `[a b]`, `[]` when empty. */
export const goList = (values: readonly string[]): string => `[${values.join(' ')}]`;

/** The generated PolicyRule.String() kubectl sorts by. */
export function ruleString(r: PolicyRule): string {
  return (
    `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},` +
    `Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},` +
    `NonResourceURLs:${goList(r.nonResourceURLs)},}`
  );
}

/** sort.Stable by ruleString, compared as Go compares strings (bytes, not UTF-16 units). */
export function sortRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const keyed = rules.map((r) => ({ r, key: Buffer.from(ruleString(r), 'utf8') }));
  // Array.prototype.sort is stable, as sort.Stable is.
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((k) => k.r);
}

/** describe.CombineResourceGroup: the first resource, qualified by the first group (`deployments.apps/scale`). */
export function combineResourceGroup(
  resources: readonly string[],
  groups: readonly string[],
): string {
  const first = resources[0];
  if (first === undefined) return '';
  const slash = first.indexOf('/');
  let text = slash >= 0 ? first.slice(0, slash) : first;
  const group = groups[0];
  if (group !== undefined && group !== '') text += `.${group}`;
  if (slash >= 0) text += first.slice(slash);
  return text;
}

/** The table's rows (without the header), in kubectl's order. `clean` sanitises text from the cluster. */
export function accessRows(status: RulesReviewStatus, clean: (s: string) => string): string[][] {
  const broken = rulesOfStatus(status).flatMap(breakdownRule);
  return sortRules(compactRules(broken)).map((r) => [
    clean(combineResourceGroup(r.resources, r.apiGroups)),
    clean(goList(r.nonResourceURLs)),
    clean(goList(r.resourceNames)),
    clean(goList(r.verbs)),
  ]);
}

export const ACCESS_HEADER = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'];
