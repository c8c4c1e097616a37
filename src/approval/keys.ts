/**
 * Approver keys. `iddio approver add <name>` makes an Ed25519 key pair; the public key goes
 * to approvers.yaml (which the waiting command trusts), the private key to
 * `$IDDIO_HOME/approver-keys/<name>.key` (0600), encrypted under the approver's passphrase:
 * scrypt derives a 256-bit key, AES-256-GCM encrypts the PKCS#8 DER with the approver's
 * name as associated data, so a key file renamed to another approver does not decrypt.
 *
 * Encryption is what makes a stolen key file useless without the passphrase; scrypt's cost
 * (N = 2^15, r = 8: about 32 MiB and ~100 ms per guess) is what makes guessing it slow.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  type KeyObject,
} from 'node:crypto';
import { join } from 'node:path';

export const APPROVER_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;
export const APPROVER_NAME_RULE =
  'lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit, at most 63 characters';

const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
const MAXMEM = 128 * 1024 * 1024;

export interface EncryptedKey {
  v: 1;
  name: string;
  public_key: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  ciphertext: string;
}

export class KeyError extends Error {
  constructor(
    readonly code: 'bad-passphrase' | 'malformed-key',
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}

export function keyDir(home: string): string {
  return join(home, 'approver-keys');
}

export function keyPath(home: string, name: string): string {
  return join(keyDir(home), `${name}.key`);
}

/** Public key as base64 SPKI DER: one line, safe in YAML. */
export function publicKeyText(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

export function publicKeyFrom(text: string): KeyObject {
  return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

function derive(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }) {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...kdf, maxmem: MAXMEM });
}

export function generateApproverKey(
  name: string,
  passphrase: string,
): { encrypted: EncryptedKey; publicKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  const pub = publicKeyText(publicKey);
  return {
    publicKey: pub,
    encrypted: {
      v: 1,
      name,
      public_key: pub,
      kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
      cipher: {
        name: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
      },
      ciphertext: ciphertext.toString('base64'),
    },
  };
}

export function parseEncryptedKey(text: string): EncryptedKey {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeyError('malformed-key', 'the key file is not JSON');
  }
  const k = raw as Partial<EncryptedKey> | null;
  const ok =
    typeof k === 'object' &&
    k !== null &&
    k.v === 1 &&
    typeof k.name === 'string' &&
    typeof k.public_key === 'string' &&
    typeof k.ciphertext === 'string' &&
    k.kdf?.name === 'scrypt' &&
    [k.kdf.N, k.kdf.r, k.kdf.p].every((n) => Number.isInteger(n) && n > 0 && n <= 1 << 20) &&
    typeof k.kdf.salt === 'string' &&
    k.cipher?.name === 'aes-256-gcm' &&
    typeof k.cipher.iv === 'string' &&
    typeof k.cipher.tag === 'string';
  if (!ok) throw new KeyError('malformed-key', 'the key file is not an iddio approver key');
  return k as EncryptedKey;
}

/** Decrypts the private key; a wrong passphrase fails GCM authentication. */
export function decryptApproverKey(key: EncryptedKey, passphrase: string): KeyObject {
  let der: Buffer;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      derive(passphrase, Buffer.from(key.kdf.salt, 'base64'), key.kdf),
      Buffer.from(key.cipher.iv, 'base64'),
    );
    decipher.setAAD(Buffer.from(key.name, 'utf8'));
    decipher.setAuthTag(Buffer.from(key.cipher.tag, 'base64'));
    der = Buffer.concat([decipher.update(Buffer.from(key.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new KeyError('bad-passphrase', 'wrong passphrase (the key did not decrypt)');
  }
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new KeyError('malformed-key', 'the decrypted key is not a private key');
  }
}
