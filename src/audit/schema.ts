/**
 * Field-by-field checks of a parsed event against schema v1. Used by verify (hostile input)
 * and by the writer (so a caller's bug cannot put an event on record that verify rejects).
 * Members the schema does not know are allowed: they are covered by the hash like any other.
 */
import { AUDIT_DECISIONS, AUDIT_OUTCOMES, AUDIT_SCHEMA_VERSION, AUDIT_STAGES } from './event.js';

export type SchemaProblem =
  { kind: 'version'; message: string } | { kind: 'field'; field: string; message: string };

const TS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
const IDENTITIES = ['token', 'declared', 'detected', 'none'];

type Check = (value: unknown) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isHex64: Check = (v) =>
  typeof v === 'string' && HEX64.test(v) ? undefined : 'must be 64 lowercase hex digits';
const isInt: Check = (v) => (Number.isSafeInteger(v) ? undefined : 'must be an integer');
const isCount: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'must be an integer ≥ 0';
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;
const stringArray: Check = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === 'string')
    ? undefined
    : 'must be an array of strings';
const apiRequests: Check = (v) => {
  if (!Array.isArray(v)) return 'must be an array';
  for (const [i, item] of v.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return `[${i}] must be an object`;
    const r = item as Record<string, unknown>;
    if (typeof r.method !== 'string') return `[${i}].method must be a string`;
    if (typeof r.path !== 'string') return `[${i}].path must be a string`;
    if (!Number.isSafeInteger(r.status)) return `[${i}].status must be an integer`;
    if (typeof r.audit_id !== 'string') return `[${i}].audit_id must be a string`;
    for (const field of ['bytes_to_cluster', 'bytes_to_client']) {
      if (field in r && isCount(r[field]) !== undefined)
        return `[${i}].${field} must be an integer ≥ 0`;
    }
  }
  return undefined;
};

const REQUIRED: ReadonlyArray<[string, Check]> = [
  ['seq', isCount],
  [
    'ts',
    (v) =>
      typeof v === 'string' && TS_PATTERN.test(v)
        ? undefined
        : 'must be RFC 3339 UTC with milliseconds',
  ],
  ['stage', oneOf(AUDIT_STAGES)],
  [
    'request_id',
    (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string'),
  ],
  ['prev_hash', isHex64],
  ['hash', isHex64],
];

const OPTIONAL: ReadonlyArray<[string, Check]> = [
  ['agent', isString],
  ['identity', oneOf(IDENTITIES)],
  ['session', isString],
  ['os_user', isString],
  ['host', isString],
  ['context', isString],
  ['cluster', isString],
  ['argv', stringArray],
  ['verb', isString],
  ['resource', isString],
  ['group', isString],
  ['subresource', isString],
  ['namespace', isString],
  ['names', stringArray],
  [
    'tier',
    (v) =>
      Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4
        ? undefined
        : 'must be an integer 0-4',
  ],
  ['tier_label', isString],
  ['rule', isString],
  ['decision', oneOf(AUDIT_DECISIONS)],
  ['reason', isString],
  ['approved_by', isString],
  ['approval_channel', isString],
  ['approval_latency_ms', isCount],
  ['outcome', oneOf(AUDIT_OUTCOMES)],
  ['exit_code', isInt],
  ['duration_ms', isCount],
  ['api_requests', apiRequests],
  ['output_sha256', isHex64],
  ['recording', isString],
];

const OPTIONAL_CHECKS = new Map<string, Check>(OPTIONAL);

/** The first schema problem of a parsed line, or undefined when it is a well-formed v1 event. */
export function checkSchema(value: unknown): SchemaProblem | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'field', field: '(event)', message: 'the line is not a JSON object' };
  }
  const event = value as Record<string, unknown>;
  if (!('v' in event)) return { kind: 'field', field: 'v', message: 'field "v" is missing' };
  if (event.v !== AUDIT_SCHEMA_VERSION) {
    return {
      kind: 'version',
      message: `unknown schema version ${JSON.stringify(event.v)} (this iddio reads v${AUDIT_SCHEMA_VERSION})`,
    };
  }
  for (const [name, check] of REQUIRED) {
    if (!(name in event) || event[name] === undefined) {
      return { kind: 'field', field: name, message: `field "${name}" is missing` };
    }
    const why = check(event[name]);
    if (why) return { kind: 'field', field: name, message: `field "${name}" ${why}` };
  }
  // One pass over the members present (most events carry a fraction of the optional fields).
  for (const name in event) {
    const check = OPTIONAL_CHECKS.get(name);
    if (check === undefined) continue;
    const why = check(event[name]);
    if (why) return { kind: 'field', field: name, message: `field "${name}" ${why}` };
  }
  return undefined;
}
