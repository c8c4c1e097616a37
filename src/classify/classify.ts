/**
 * classify(): an invocation and a rule set → tier, label, rule and reasons. Pure and
 * synchronous. Every item (target, manifest object) is matched against every rule; an item
 * takes the highest tier among its matching rules, an item no rule matches is T4 (fail
 * closed), and the command takes the highest tier of its items. Rules only ever raise:
 * order decides nothing but which id is reported when two rules give the same tier.
 */
import type { Invocation } from '../kubectl/invocation.js';
import { factsOf, type ClassifyContext, type Facts, type Item } from './facts.js';
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

function holds(c: Condition, f: Facts, item: Item): boolean {
  if (c.verbs && !c.verbs.has(f.verb)) return false;
  if (c.subverbs && (f.subverb === undefined || !c.subverbs.has(f.subverb))) return false;
  if (c.effects && !c.effects.has(f.effect)) return false;
  if (c.knownVerb !== undefined && c.knownVerb !== f.knownVerb) return false;
  if (c.all !== undefined && c.all !== f.all) return false;
  if (c.allNamespaces !== undefined && c.allNamespaces !== f.allNamespaces) return false;
  if (c.flags && !c.flags.some((flag) => f.flags.has(flag))) return false;
  if (c.sources && !c.sources.has(item.source)) return false;
  if (c.resources && (item.resource === undefined || !c.resources.has(item.resource))) return false;
  if (c.groups && (item.group === undefined || !c.groups.has(item.group))) return false;
  if (c.subresources && (item.subresource === undefined || !c.subresources.has(item.subresource))) {
    return false;
  }
  if (c.paths && (item.path === undefined || !c.paths.some((re) => re.test(item.path ?? '')))) {
    return false;
  }
  if (c.namespaces) {
    const ns = item.namespace;
    if (ns === undefined || !c.namespaces.some((re) => re.test(ns))) return false;
  }
  if (c.scope !== undefined && c.scope !== item.scope) return false;
  if (c.named !== undefined && c.named !== item.named) return false;
  if (c.knownResource !== undefined && c.knownResource !== item.knownResource) return false;
  return true;
}

export function ruleMatches(rule: Rule, facts: Facts, item: Item): boolean {
  return (
    rule.match.some((c) => holds(c, facts, item)) && !rule.except.some((c) => holds(c, facts, item))
  );
}

interface Hit {
  tier: Tier;
  rule: string;
  reason: string;
}

export function classify(
  invocation: Invocation,
  rules: RuleSet,
  ctx: ClassifyContext = {},
): Classification {
  const facts = factsOf(invocation, ctx);
  const hits: Hit[] = [];
  for (const item of facts.items) {
    let matched = false;
    for (const rule of rules.rules) {
      if (!ruleMatches(rule, facts, item)) continue;
      matched = true;
      hits.push({ tier: rule.tier, rule: rule.id, reason: `${rule.reason}: ${item.label}` });
    }
    if (!matched) {
      hits.push({
        tier: 4,
        rule: NO_RULE,
        reason: `no rule covers this request, so it is refused (fail closed): ${item.label}`,
      });
    }
  }
  // Highest tier first; among equals, rule order (stable sort keeps it).
  hits.sort((a, b) => b.tier - a.tier);
  const top = hits[0] ?? { tier: 4 as Tier, rule: NO_RULE, reason: 'nothing to classify' };
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const text = `T${hit.tier} ${hit.rule}: ${hit.reason}`;
    if (!seen.has(text)) seen.add(text);
  }
  // A manifest of thousands of objects must not produce thousands of reasons.
  for (const text of seen) {
    if (reasons.length === MAX_REASONS) {
      reasons.push(`... and ${seen.size - MAX_REASONS} more`);
      break;
    }
    reasons.push(text);
  }
  return { tier: top.tier, tier_label: tierLabel(top.tier), rule: top.rule, reasons };
}
