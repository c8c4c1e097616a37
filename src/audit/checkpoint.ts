/**
 * Checkpoints (SPEC §8): `{v, file, seq, hash, ts}` naming the last event of an intact log,
 * optionally signed with an Ed25519 key kept under $IDDIO_HOME. Kept where the writer cannot
 * rewrite it, a checkpoint lets verify catch truncation and wholesale rewrites, which a bare
 * hash chain cannot. The signature covers JCS of every member but `sig`.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { makeStateDir } from '../common/make-dirs.js';
import { join } from 'node:path';
import { canonicalize } from './canonical.js';
import { readRegularFile } from '../common/read-regular.js';

export interface Checkpoint {
  v: 1;
  /** Name of the file that held the event when the checkpoint was taken (informational). */
  file: string;
  seq: number;
  hash: string;
  /** When the checkpoint was taken. */
  ts: string;
  /** SHA-256 (hex) of the signing public key, DER SPKI. */
  key_id?: string;
  /** Base64 Ed25519 signature over JCS(checkpoint without "sig"). */
  sig?: string;
}

export interface CheckpointKeyPaths {
  privateKey: string;
  publicKey: string;
}

export function checkpointKeyPaths(home: string): CheckpointKeyPaths {
  return {
    privateKey: join(home, 'checkpoint-key.pem'),
    publicKey: join(home, 'checkpoint-key.pub.pem'),
  };
}

/** Creates the key pair; never overwrites one. Returns false when a key already existed. */
export function initCheckpointKey(home: string): boolean {
  const paths = checkpointKeyPaths(home);
  if (existsSync(paths.privateKey)) return false;
  makeStateDir(home, 'the iddio home');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(paths.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  writeFileSync(paths.publicKey, publicKey.export({ type: 'spki', format: 'pem' }), {
    mode: 0o644,
  });
  return true;
}

function keyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

export function makeCheckpoint(
  head: { file: string; seq: number; hash: string },
  now: Date,
  privateKeyPem?: string,
): Checkpoint {
  const body: Checkpoint = {
    v: 1,
    file: head.file,
    seq: head.seq,
    hash: head.hash,
    ts: now.toISOString(),
  };
  if (privateKeyPem === undefined) return body;
  const key = createPrivateKey(privateKeyPem);
  const signed = {
    ...body,
    key_id: keyId(createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string),
  };
  const sig = sign(null, Buffer.from(canonicalize(signed), 'utf8'), key).toString('base64');
  return { ...signed, sig };
}

/** Parses a checkpoint file's text; returns a reason when it is not one. */
export function parseCheckpoint(text: string): Checkpoint | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the checkpoint is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'the checkpoint is not a JSON object';
  const cp = value as Record<string, unknown>;
  if (cp.v !== 1) return `unknown checkpoint version ${JSON.stringify(cp.v)}`;
  if (typeof cp.file !== 'string') return 'checkpoint field "file" must be a string';
  if (!Number.isSafeInteger(cp.seq) || (cp.seq as number) < 0)
    return 'checkpoint field "seq" must be an integer ≥ 0';
  if (typeof cp.hash !== 'string' || !/^[0-9a-f]{64}$/.test(cp.hash))
    return 'checkpoint field "hash" must be 64 lowercase hex digits';
  if (typeof cp.ts !== 'string') return 'checkpoint field "ts" must be a string';
  if (cp.sig !== undefined && typeof cp.sig !== 'string')
    return 'checkpoint field "sig" must be a string';
  if (cp.key_id !== undefined && typeof cp.key_id !== 'string')
    return 'checkpoint field "key_id" must be a string';
  return cp as unknown as Checkpoint;
}

/**
 * Checks a checkpoint's signature against the configured public key. Returns a problem, or
 * undefined when it is good (or unsigned while no key is configured). An unsigned checkpoint
 * is refused once a key exists: stripping the signature must not be a way around it.
 */
export function checkCheckpointSignature(
  cp: Checkpoint,
  publicKeyPem: string | undefined,
): string | undefined {
  if (cp.sig === undefined) {
    return publicKeyPem === undefined
      ? undefined
      : 'the checkpoint is not signed, but a checkpoint key is configured';
  }
  if (publicKeyPem === undefined)
    return 'the checkpoint is signed, but no checkpoint public key is configured to check it';
  const id = keyId(publicKeyPem);
  if (cp.key_id !== id) return 'the checkpoint was signed with a different key';
  const { sig, ...body } = cp;
  const good = verify(
    null,
    Buffer.from(canonicalize(body), 'utf8'),
    createPublicKey(publicKeyPem),
    Buffer.from(sig, 'base64'),
  );
  return good ? undefined : 'bad checkpoint signature: the checkpoint was altered or forged';
}

export function readKeyIfPresent(path: string): string | undefined {
  try {
    return readRegularFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
