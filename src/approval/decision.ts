/**
 * A decision in the inbox: `inbox/<request-id>.decision.json`, written by `iddio approve|deny`
 * and checked by the waiting command. It names the request's SHA-256, so it approves exactly
 * one request with exactly those arguments; an optional Ed25519 signature over JCS of the
 * rest proves which approver wrote it.
 *
 * checkDecision is the whole acceptance rule, pure and synchronous: the waiting command
 * gathers the facts (its own request hash, the clock, the approver keys, whether the nonce
 * was seen) and asks it. Every rejection has a stable code, and each is audited.
 */
import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize, hashesEqual } from '../audit/canonical.js';

export type Verdict = 'approve' | 'deny';

export interface DecisionDoc {
  v: 1;
  request_id: string;
  request_sha256: string;
  decision: Verdict;
  /** The approver key's name when signed; otherwise the OS user who ran `iddio approve`. */
  approver: string;
  reason?: string;
  /** RFC 3339 UTC with milliseconds. */
  decided_at: string;
  /** Random, so two decisions are never byte-identical and each can be used once. */
  nonce: string;
  signature?: { alg: 'ed25519'; value: string };
}

export type RejectCode =
  | 'malformed'
  | 'wrong-request'
  | 'hash-mismatch'
  | 'expired'
  | 'replayed'
  | 'unsigned'
  | 'unknown-approver'
  | 'bad-signature';

export type DecisionCheck =
  | { ok: true; decision: DecisionDoc; signed: boolean }
  | { ok: false; code: RejectCode; why: string };

export interface CheckFacts {
  requestId: string;
  /** The hash of the request the waiting command holds in memory. */
  requestSha256: string;
  expiresMs: number;
  nowMs: number;
  requireSignature: boolean;
  /** Public keys from approvers.yaml, by name. */
  approvers: ReadonlyMap<string, KeyObject>;
  /** True when this nonce has been used before. */
  nonceUsed: (nonce: string) => boolean;
}

/** The bytes an approver signs: JCS of the decision without its signature. */
export function signingPayload(doc: DecisionDoc): Buffer {
  const { signature: _signature, ...rest } = doc;
  return Buffer.from(canonicalize(rest), 'utf8');
}

export function newDecision(fields: {
  requestId: string;
  requestSha256: string;
  decision: Verdict;
  approver: string;
  reason?: string;
  nowMs: number;
}): DecisionDoc {
  const doc: DecisionDoc = {
    v: 1,
    request_id: fields.requestId,
    request_sha256: fields.requestSha256,
    decision: fields.decision,
    approver: fields.approver,
    decided_at: new Date(fields.nowMs).toISOString(),
    nonce: randomBytes(16).toString('hex'),
  };
  if (fields.reason !== undefined && fields.reason !== '') doc.reason = fields.reason;
  return doc;
}

export function signDecision(doc: DecisionDoc, privateKey: KeyObject): DecisionDoc {
  const value = sign(null, signingPayload(doc), privateKey).toString('base64');
  return { ...doc, signature: { alg: 'ed25519', value } };
}

const HEX64 = /^[0-9a-f]{64}$/;
const NONCE = /^[0-9a-f]{16,128}$/;

function parse(text: string): DecisionDoc | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = raw as Partial<DecisionDoc> | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return undefined;
  const strings = [d.request_id, d.request_sha256, d.approver, d.decided_at, d.nonce];
  if (d.v !== 1 || !strings.every((s) => typeof s === 'string')) return undefined;
  if (d.decision !== 'approve' && d.decision !== 'deny') return undefined;
  if (d.reason !== undefined && typeof d.reason !== 'string') return undefined;
  if (!NONCE.test(d.nonce as string) || Number.isNaN(Date.parse(d.decided_at as string)))
    return undefined;
  if (d.signature !== undefined) {
    const s = d.signature as { alg?: unknown; value?: unknown } | null;
    if (typeof s !== 'object' || s === null || s.alg !== 'ed25519' || typeof s.value !== 'string')
      return undefined;
  }
  return d as DecisionDoc;
}

/** Decides whether a decision file may answer the waiting request. */
export function checkDecision(text: string, facts: CheckFacts): DecisionCheck {
  const doc = parse(text);
  if (!doc) return { ok: false, code: 'malformed', why: 'the decision file is malformed' };
  if (doc.request_id !== facts.requestId) {
    return { ok: false, code: 'wrong-request', why: 'the decision names another request' };
  }
  if (!HEX64.test(doc.request_sha256) || !hashesEqual(doc.request_sha256, facts.requestSha256)) {
    return {
      ok: false,
      code: 'hash-mismatch',
      why: 'the decision is bound to a different request hash (the request was changed)',
    };
  }
  if (facts.nowMs > facts.expiresMs || Date.parse(doc.decided_at) > facts.expiresMs) {
    return { ok: false, code: 'expired', why: 'the decision came after the request expired' };
  }
  if (facts.nonceUsed(doc.nonce)) {
    return { ok: false, code: 'replayed', why: 'the decision was already used once' };
  }
  const signed = doc.signature !== undefined;
  if (signed || facts.requireSignature) {
    if (!doc.signature) {
      return { ok: false, code: 'unsigned', why: 'the policy requires a signed decision' };
    }
    const key = facts.approvers.get(doc.approver);
    if (!key) {
      return {
        ok: false,
        code: 'unknown-approver',
        why: 'the decision is signed by a key not listed in approvers.yaml',
      };
    }
    let valid = false;
    try {
      valid = verify(null, signingPayload(doc), key, Buffer.from(doc.signature.value, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) {
      return { ok: false, code: 'bad-signature', why: 'the decision signature does not verify' };
    }
  }
  return { ok: true, decision: doc, signed };
}
