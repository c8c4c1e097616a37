/** The acceptance rule for inbox decisions, its documents, and approver keys. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import {
  checkDecision,
  newDecision,
  signDecision,
  type CheckFacts,
  type DecisionDoc,
} from '../../src/approval/decision.js';
import {
  decryptApproverKey,
  generateApproverKey,
  parseEncryptedKey,
  publicKeyFrom,
  KeyError,
} from '../../src/approval/keys.js';
import {
  parseRequestFile,
  requestDoc,
  requestFile,
  requestSha256,
  RequestFileError,
} from '../../src/approval/request-doc.js';
import type { ApprovalRequest } from '../../src/approval/types.js';

const NOW = Date.parse('2026-11-26T06:00:00.000Z');
const REQUEST: ApprovalRequest = {
  requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
  agent: 'claude-code',
  identity: 'detected',
  argv: ['scale', 'deployment/api', '-n', 'payments', '--replicas=5'],
  context: 'sandbox',
  namespace: 'payments',
  tier: 2,
  tierLabel: 'modify',
  rule: 'modify',
  timeoutMs: 60_000,
  requireSignature: true,
};

// One key pair for the whole file: scrypt at full strength costs ~100 ms a call.
const alice = generateApproverKey('alice', 'correct horse battery');
const aliceKey = decryptApproverKey(alice.encrypted, 'correct horse battery');

function facts(overrides: Partial<CheckFacts> = {}): CheckFacts {
  const doc = requestDoc(REQUEST, NOW);
  return {
    requestId: doc.request_id,
    requestSha256: requestSha256(doc),
    expiresMs: NOW + 60_000,
    nowMs: NOW + 1_000,
    requireSignature: true,
    approvers: new Map([['alice', publicKeyFrom(alice.publicKey)]]),
    nonceUsed: () => false,
    ...overrides,
  };
}

function decision(overrides: Partial<Parameters<typeof newDecision>[0]> = {}): DecisionDoc {
  const doc = requestDoc(REQUEST, NOW);
  return newDecision({
    requestId: doc.request_id,
    requestSha256: requestSha256(doc),
    decision: 'approve',
    approver: 'alice',
    nowMs: NOW + 500,
    ...overrides,
  });
}

const signed = (doc: DecisionDoc) => JSON.stringify(signDecision(doc, aliceKey));

test('a decision signed by a listed approver, in time, for this exact request is accepted', () => {
  const check = checkDecision(signed(decision()), facts());
  assert.equal(check.ok, true);
  assert.equal(check.ok && check.signed, true);
});

test('every way a decision can be wrong is rejected with its own code', () => {
  const other = generateKeyPairSync('ed25519').privateKey;
  const tampered = JSON.parse(signed(decision({ decision: 'deny' }))) as DecisionDoc;
  tampered.decision = 'approve';
  const changedRequest = requestDoc(
    { ...REQUEST, argv: [...REQUEST.argv.slice(0, 4), '--replicas=500'] },
    NOW,
  );
  const cases: Array<[string, string, Partial<CheckFacts>, string]> = [
    ['not JSON', '{"v":1,', {}, 'malformed'],
    ['an array', '[]', {}, 'malformed'],
    ['a bad verdict', JSON.stringify({ ...decision(), decision: 'maybe' }), {}, 'malformed'],
    [
      'another request ID',
      signed(decision({ requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4S' })),
      {},
      'wrong-request',
    ],
    [
      'changed arguments',
      signed(decision({ requestSha256: requestSha256(changedRequest) })),
      {},
      'hash-mismatch',
    ],
    ['too late', signed(decision()), { nowMs: NOW + 60_001 }, 'expired'],
    ['decided after expiry', signed(decision({ nowMs: NOW + 70_000 })), {}, 'expired'],
    ['used before', signed(decision()), { nonceUsed: () => true }, 'replayed'],
    ['unsigned', JSON.stringify(decision()), {}, 'unsigned'],
    ['signed by a stranger', JSON.stringify(signDecision(decision(), other)), {}, 'bad-signature'],
    ['by an unlisted name', signed(decision({ approver: 'mallory' })), {}, 'unknown-approver'],
    ['edited after signing', JSON.stringify(tampered), {}, 'bad-signature'],
    [
      'a garbage signature',
      JSON.stringify({ ...decision(), signature: { alg: 'ed25519', value: '!!' } }),
      {},
      'bad-signature',
    ],
  ];
  for (const [name, text, extra, code] of cases) {
    const check = checkDecision(text, facts(extra));
    assert.equal(check.ok, false, name);
    assert.equal(!check.ok && check.code, code, name);
  }
});

test('without require_signature an unsigned decision is accepted, but a bad signature never is', () => {
  assert.equal(
    checkDecision(JSON.stringify(decision()), facts({ requireSignature: false })).ok,
    true,
  );
  const forged = JSON.stringify(
    signDecision(decision(), generateKeyPairSync('ed25519').privateKey),
  );
  assert.equal(checkDecision(forged, facts({ requireSignature: false })).ok, false);
});

test('the request hash changes when any field changes, and a file edited after hashing is refused', () => {
  const base = requestDoc(REQUEST, NOW);
  const variants = [
    requestDoc({ ...REQUEST, argv: [...REQUEST.argv, '--record'] }, NOW),
    requestDoc({ ...REQUEST, namespace: 'staging' }, NOW),
    requestDoc({ ...REQUEST, requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4S' }, NOW),
    requestDoc({ ...REQUEST, tier: 3 }, NOW),
    requestDoc(REQUEST, NOW + 1),
  ];
  for (const v of variants) assert.notEqual(requestSha256(v), requestSha256(base));
  const file = requestFile(base);
  assert.deepEqual(parseRequestFile(JSON.stringify(file)), file);
  const edited = { ...file, request: { ...file.request, argv: ['get', 'pods'] } };
  assert.throws(
    () => parseRequestFile(JSON.stringify(edited)),
    (e: RequestFileError) => e.code === 'hash-mismatch',
  );
  for (const bad of [
    '',
    'null',
    '{}',
    '{"request":{"v":1}}',
    JSON.stringify({ ...file, request: { ...file.request, request_id: '../x' } }),
  ]) {
    assert.throws(
      () => parseRequestFile(bad),
      (e: RequestFileError) => e.code === 'malformed',
      bad,
    );
  }
});

test('credentials in the argv never reach the request file', () => {
  const doc = requestDoc({ ...REQUEST, argv: ['get', 'pods', '--token=s3cret'] }, NOW);
  assert.ok(!JSON.stringify(doc).includes('s3cret'));
});

test('approver keys: the passphrase decrypts, a wrong one or a renamed file does not', () => {
  const reread = parseEncryptedKey(JSON.stringify(alice.encrypted));
  assert.equal(decryptApproverKey(reread, 'correct horse battery').asymmetricKeyType, 'ed25519');
  assert.throws(
    () => decryptApproverKey(reread, 'wrong'),
    (e: KeyError) => e.code === 'bad-passphrase',
  );
  assert.throws(
    () => decryptApproverKey({ ...reread, name: 'bob' }, 'correct horse battery'),
    (e: KeyError) => e.code === 'bad-passphrase',
  );
  assert.ok(
    !JSON.stringify(alice.encrypted).includes(
      aliceKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    ),
  );
  for (const bad of [
    'x',
    '{}',
    JSON.stringify({ ...alice.encrypted, kdf: { ...alice.encrypted.kdf, N: 1 << 30 } }),
  ]) {
    assert.throws(
      () => parseEncryptedKey(bad),
      (e: KeyError) => e.code === 'malformed-key',
    );
  }
});
