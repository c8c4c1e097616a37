/**
 * The classifier's vocabulary (SPEC §4). Other modules (policy, audit, approval) depend on
 * these names: extend, never rename.
 */

export type Tier = 0 | 1 | 2 | 3 | 4;

export const TIER_LABELS = ['observe', 'operate', 'modify', 'sensitive', 'break-glass'] as const;

export type TierLabel = (typeof TIER_LABELS)[number];

export interface Classification {
  tier: Tier;
  tier_label: TierLabel;
  /** The id of the rule that set the tier (the highest-tier match; first such in rule order). */
  rule: string;
  /** Why, one short sentence per contributing fact, most decisive first. */
  reasons: string[];
}

export function tierLabel(tier: Tier): TierLabel {
  return TIER_LABELS[tier];
}

export function isTier(value: unknown): value is Tier {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}
