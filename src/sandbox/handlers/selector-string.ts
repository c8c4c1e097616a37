/** A metav1.LabelSelector rendered as the label-selector string Scale.status.selector uses. */
type Obj = Record<string, unknown>;

export function selectorString(selector: unknown): string {
  if (selector === null || typeof selector !== 'object') return '';
  const s = selector as Obj;
  const parts: string[] = [];
  const matchLabels = (s.matchLabels ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(matchLabels).sort(([a], [b]) => a.localeCompare(b)))
    parts.push(`${k}=${String(v)}`);
  const expressions = Array.isArray(s.matchExpressions) ? (s.matchExpressions as Obj[]) : [];
  for (const e of expressions) {
    const key = String(e.key);
    const values = Array.isArray(e.values)
      ? (e.values as unknown[]).map(String).sort().join(',')
      : '';
    switch (e.operator) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
    }
  }
  return parts.join(',');
}
