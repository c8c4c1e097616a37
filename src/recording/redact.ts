/**
 * Redaction of a recording before it is stored. The agent saw the real output; the copy kept
 * under sessions/ must not hold secret values, because recordings are read by more people
 * (reviewers, auditors) than the cluster's secrets are meant for.
 *
 *  1. Structured output (`-o yaml|json`, `config view`) is parsed and its secret values
 *     replaced (documents.ts).
 *  2. A command that reads Secrets in any other format that can print values (jsonpath,
 *     go-template, custom-columns, a watch stream or output that does not parse) keeps no
 *     stdout at all: a one-line marker says why.
 *  3. Everything (stdout, stderr, an interactive session's input) then goes through the
 *     credential patterns and has every secret value found in step 1 (and its decoded form)
 *     scrubbed.
 *
 * A pattern could span two chunks of a stream; after the per-chunk pass the whole stream is
 * checked again, and a stream that still holds something is stored as one redacted chunk.
 */
import type { Invocation } from '../kubectl/invocation.js';
import type { CaptureEvent, EventCode } from './capture.js';
import { redactDocuments, type DocumentFormat } from './documents.js';
import { REDACTED, redactPatterns, scrubValues, stillSecret } from './patterns.js';

export interface RedactionScope {
  /** The command reads or writes Secrets (its output may print their values). */
  secrets: boolean;
  /** How stdout is structured: json, yaml, a table-like format that prints no values, or other. */
  format: DocumentFormat | 'safe' | 'other';
}

/** Output formats that print no Secret values (kubectl's tables print only a key count). */
const SAFE_FORMATS = new Set(['', 'wide', 'name']);

export function redactionScope(
  inv: Pick<Invocation, 'verb' | 'subverb' | 'targets' | 'manifests' | 'output' | 'raw' | 'flags'>,
): RedactionScope {
  const secrets =
    inv.targets.some((t) => t.resource === 'secrets' || /secret/i.test(t.path ?? '')) ||
    inv.manifests.some((m) => m.kind === 'Secret' || m.kind === 'List') ||
    (inv.verb === 'create' && inv.subverb === 'secret') ||
    /secret/i.test(inv.raw ?? '');
  const words = [inv.verb, inv.subverb].filter(Boolean).join(' ');
  const output = (inv.output ?? '').split('=')[0] ?? '';
  let format: RedactionScope['format'];
  if (output === 'json') format = 'json';
  else if (output === 'yaml') format = 'yaml';
  else if (words === 'config view' && output === '') format = 'yaml';
  else if (inv.raw !== undefined) format = 'json';
  else if (words === 'describe' || SAFE_FORMATS.has(output)) format = 'safe';
  else format = 'other';
  return { secrets, format };
}

function base64Decoded(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? undefined : decoded;
}

function collapse(events: CaptureEvent[], code: EventCode, text: string): CaptureEvent[] {
  const first = events.findIndex((event) => event[1] === code);
  if (first < 0) return events;
  const out = events.filter((event) => event[1] !== code);
  out.splice(first, 0, [events[first]?.[0] ?? 0, code, text]);
  return out;
}

function joined(events: CaptureEvent[], code: EventCode): string {
  return events
    .filter((event) => event[1] === code)
    .map((event) => event[2])
    .join('');
}

/** The events to store: secret values replaced, timing kept wherever possible. */
export function redactRecording(
  events: readonly CaptureEvent[],
  scope: RedactionScope,
  truncated = false,
): CaptureEvent[] {
  let out: CaptureEvent[] = events.map((event) => [...event]);
  const found = new Set<string>();
  const stdout = joined(out, 'o');
  if (stdout !== '') {
    const structured =
      (scope.format === 'json' || scope.format === 'yaml') && !truncated
        ? redactDocuments(stdout, scope.format, scope.secrets)
        : undefined;
    if (structured) {
      for (const value of structured.found) found.add(value);
      if (structured.text !== stdout) out = collapse(out, 'o', structured.text);
    } else if (scope.secrets && scope.format !== 'safe') {
      out = collapse(
        out,
        'o',
        `${REDACTED} (iddio: this output of a command that reads Secrets is not kept)\n`,
      );
    }
  }
  for (const value of [...found]) {
    const decoded = base64Decoded(value);
    if (decoded !== undefined) found.add(decoded);
  }
  out = out.map(([t, code, text]) => [t, code, scrubValues(redactPatterns(text), found)]);
  // Typed input ("i") too: what an agent sends into a container can hold a credential.
  for (const code of ['o', 'e', 'i'] as const) {
    const whole = joined(out, code);
    if (stillSecret(whole, found))
      out = collapse(out, code, scrubValues(redactPatterns(whole), found));
  }
  return out;
}
