/**
 * classify(): an invocation and a rule set → tier, label, rule and reasons. Pure and
 * synchronous. Every item (target, manifest object) is matched against every rule; an item
 * takes the highest tier among its matching rules, an item no rule matches is T4 (fail
 * closed), and the command takes the highest tier of its items. Rules only ever raise:
 * order decides nothing but which id is reported when two rules give the same tier.
 */
import type { Invocation } from '../kubectl/invocation.js';
import { describe, factsOf, type ClassifyContext, type Facts, type Item } from './facts.js';
import type { Condition, Rule } from './rules.js';
import { tierLabel, type Classification, type Tier } from './types.js';

export interface RuleSet {
  rules: readonly Rule[];
  /** The files the rules came from, in load order. */
  files: readonly string[];
}

const MAX_REASONS = 20;

/** Reported when no rule matches an item. */
export const NO_RULE = 'no-matching-rule';

// Plain loops rather than .some(closure): this is the classifier's innermost loop.
function anyFlag(wanted: readonly string[], set: ReadonlySet<string>): boolean {
  for (const flag of wanted) if (set.has(flag)) return true;
  return false;
}

function anyMatch(patterns: readonly RegExp[], value: string | undefined): boolean {
  if (value === undefined) return false;
  for (const re of patterns) if (re.test(value)) return true;
  return false;
}

function holds(c: Condition, f: Facts, item: Item): boolean {
  if (c.verbs && !c.verbs.has(f.verb)) return false;
  if (c.subverbs && (f.subverb === undefined || !c.subverbs.has(f.subverb))) return false;
  if (c.effects && !c.effects.has(f.effect)) return false;
  if (c.knownVerb !== undefined && c.knownVerb !== f.knownVerb) return false;
  if (c.all !== undefined && c.all !== f.all) return false;
  if (c.allNamespaces !== undefined && c.allNamespaces !== f.allNamespaces) return false;
  if (c.flags && !anyFlag(c.flags, f.flags)) return false;
  if (c.sources && !c.sources.has(item.source)) return false;
  if (c.resources && (item.resource === undefined || !c.resources.has(item.resource))) return false;
  if (c.groups && (item.group === undefined || !c.groups.has(item.group))) return false;
  if (c.subresources && (item.subresource === undefined || !c.subresources.has(item.subresource))) {
    return false;
  }
  if (c.paths && !anyMatch(c.paths, item.path)) return false;
  if (c.namespaces && !anyMatch(c.namespaces, item.namespace)) return false;
  if (c.scope !== undefined && c.scope !== item.scope) return false;
  if (c.named !== undefined && c.named !== item.named) return false;
  if (c.knownResource !== undefined && c.knownResource !== item.knownResource) return false;
  return true;
}

export function ruleMatches(rule: Rule, facts: Facts, item: Item): boolean {
  let matched = false;
  for (const c of rule.match) {
    if (holds(c, facts, item)) {
      matched = true;
      break;
    }
  }
  if (!matched) return false;
  for (const c of rule.except) if (holds(c, facts, item)) return false;
  return true;
}

interface Hit {
  tier: Tier;
  /** Index into the rule list; -1 for "no rule matched". */
  rule: number;
  item: Item;
}

export function classify(
  invocation: Invocation,
  rules: RuleSet,
  ctx: ClassifyContext = {},
): Classification {
  const facts = factsOf(invocation, ctx);
  const list = rules.rules;
  const hits: Hit[] = [];
  for (const item of facts.items) {
    let matched = false;
    for (let r = 0; r < list.length; r++) {
      const rule = list[r] as Rule;
      if (!ruleMatches(rule, facts, item)) continue;
      matched = true;
      hits.push({ tier: rule.tier, rule: r, item });
    }
    if (!matched) hits.push({ tier: 4, rule: -1, item });
  }
  // Highest tier first; among equals, load order of the rules (fail-closed hits first).
  hits.sort((a, b) => b.tier - a.tier || a.rule - b.rule);
  const top = hits[0];
  if (top === undefined) {
    return { tier: 4, tier_label: tierLabel(4), rule: NO_RULE, reasons: ['nothing to classify'] };
  }
  // Reasons are built only for what is shown: a manifest of thousands of objects must not
  // produce (or pay for) thousands of reasons.
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (reasons.length === MAX_REASONS) {
      reasons.push(`... and ${hits.length - seen.size} more`);
      break;
    }
    const rule = list[hit.rule];
    const text = rule
      ? `T${hit.tier} ${rule.id}: ${rule.reason}: ${describe(hit.item)}`
      : `T4 ${NO_RULE}: no rule covers this request, so it is refused (fail closed): ${describe(hit.item)}`;
    if (seen.has(text)) continue;
    seen.add(text);
    reasons.push(text);
  }
  const id = list[top.rule]?.id ?? NO_RULE;
  return { tier: top.tier, tier_label: tierLabel(top.tier), rule: id, reasons };
}
