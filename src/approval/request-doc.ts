/**
 * The inbox's request document: what a human (or a bot relaying to chat) sees, and what a
 * decision is bound to. Its SHA-256 is over JCS (RFC 8785) of the document, so any change to
 * any field — the argv, the namespace, the expiry — gives a different hash, and a decision
 * made for one request can never approve another. The waiting command compares against the
 * hash of the document it holds in memory, never against the file, which anyone who can
 * write the inbox could edit.
 */
import { canonicalize, sha256Hex } from '../audit/canonical.js';
import { REQUEST_ID_PATTERN } from '../audit/request-id.js';
import { redactArgv } from '../kubectl/redact.js';
import type { ApprovalRequest, BlastRadius } from './types.js';

export interface RequestDoc {
  v: 1;
  request_id: string;
  agent: string;
  identity: string;
  argv: string[];
  context?: string;
  server?: string;
  namespace?: string;
  tier: number;
  tier_label: string;
  rule: string;
  reason?: string;
  blast_radius?: BlastRadius;
  require_signature: boolean;
  /** RFC 3339 UTC with milliseconds. */
  created: string;
  expires: string;
}

/** The file `inbox/<request-id>.json`. */
export interface RequestFile {
  request: RequestDoc;
  sha256: string;
  expires: string;
}

export function requestDoc(request: ApprovalRequest, createdMs: number): RequestDoc {
  const doc: RequestDoc = {
    v: 1,
    request_id: request.requestId,
    agent: request.agent,
    identity: request.identity,
    argv: redactArgv(request.argv),
    tier: request.tier,
    tier_label: request.tierLabel,
    rule: request.rule,
    require_signature: request.requireSignature === true,
    created: new Date(createdMs).toISOString(),
    expires: new Date(createdMs + request.timeoutMs).toISOString(),
  };
  if (request.context !== undefined) doc.context = request.context;
  if (request.server !== undefined) doc.server = request.server;
  if (request.namespace !== undefined) doc.namespace = request.namespace;
  if (request.reason !== undefined) doc.reason = request.reason;
  if (request.blastRadius !== undefined) doc.blast_radius = request.blastRadius;
  return doc;
}

export function requestSha256(doc: RequestDoc): string {
  return sha256Hex(canonicalize(doc));
}

export function requestFile(doc: RequestDoc): RequestFile {
  return { request: doc, sha256: requestSha256(doc), expires: doc.expires };
}

/** Why a request file cannot be used; `code` is stable for tests. */
export class RequestFileError extends Error {
  constructor(
    readonly code: 'malformed' | 'hash-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'RequestFileError';
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * Parses a request file defensively: anything malformed is a typed error, never a
 * SyntaxError, and a file whose recorded hash does not match its content is refused.
 */
export function parseRequestFile(text: string): RequestFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RequestFileError('malformed', 'the request file is not JSON');
  }
  const file = raw as Partial<RequestFile> | null;
  const doc = file?.request as Partial<RequestDoc> | undefined;
  if (
    typeof file !== 'object' ||
    file === null ||
    typeof doc !== 'object' ||
    doc === null ||
    doc.v !== 1 ||
    !isString(doc.request_id) ||
    !REQUEST_ID_PATTERN.test(doc.request_id) ||
    !isString(doc.agent) ||
    !isString(doc.identity) ||
    !Array.isArray(doc.argv) ||
    !doc.argv.every(isString) ||
    typeof doc.tier !== 'number' ||
    !isString(doc.tier_label) ||
    !isString(doc.rule) ||
    !isString(doc.created) ||
    !isString(doc.expires) ||
    Number.isNaN(Date.parse(doc.expires)) ||
    !isString(file.sha256)
  ) {
    throw new RequestFileError('malformed', 'the request file is not a valid iddio request');
  }
  const full = doc as RequestDoc;
  if (requestSha256(full) !== file.sha256) {
    throw new RequestFileError(
      'hash-mismatch',
      'the request file does not match its SHA-256 (edited after it was written)',
    );
  }
  return { request: full, sha256: file.sha256, expires: full.expires };
}
