/** The risk classifier: the public surface other modules use. */
export { classify, NO_RULE, ruleMatches, type RuleSet } from './classify.js';
export { loadRules, ruleSetOf, shippedRulesDir } from './load.js';
export { parseRuleFile, RuleError, type Rule, type Condition } from './rules.js';
export type { ClassifyContext } from './facts.js';
export {
  TIER_LABELS,
  tierLabel,
  isTier,
  type Tier,
  type TierLabel,
  type Classification,
} from './types.js';
