/** `iddio approver add <name> | list`: approver signing keys. */
import { createHash } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { addApproverRecord, readApprovers } from '../../../approval/approvers.js';
import {
  APPROVER_NAME,
  APPROVER_NAME_RULE,
  generateApproverKey,
  keyDir,
  keyPath,
} from '../../../approval/keys.js';
import { openTty } from '../../../approval/tty.js';
import { askPassphrase } from '../../../approval/tty-prompts.js';
import { EXIT } from '../../../common/exit-codes.js';
import { IddioError, UsageError } from '../../../common/errors.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { makeStateDir } from '../../../common/make-dirs.js';
import { iddioPaths } from '../../env.js';
import { recordAdmin } from './admin.js';
import { refuseAgentEnvironment } from '../../../approval/self-approval.js';

const MIN_PASSPHRASE = 8;

export function fingerprintOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}

export async function runApproverAdd(name: string): Promise<void> {
  if (!APPROVER_NAME.test(name)) {
    throw new UsageError(
      `"${stripControlLine(name)}" is not a valid approver name (${APPROVER_NAME_RULE})`,
    );
  }
  refuseAgentEnvironment(process.env, 'add an approver');
  const paths = iddioPaths();
  if (readApprovers(paths.approvers).some((a) => a.name === name)) {
    throw new IddioError(`approver "${name}" already exists in approvers.yaml`, {
      code: 'approver-exists',
      exitCode: EXIT.usage,
    });
  }
  const streams = openTty();
  if (!streams) {
    throw new IddioError(
      'iddio approver add asks for the passphrase on the terminal, and there is no terminal',
      {
        code: 'no-tty',
        exitCode: EXIT.usage,
      },
    );
  }
  let passphrase: string;
  try {
    passphrase = await askPassphrase(
      streams,
      `New passphrase for approver ${name} (at least ${MIN_PASSPHRASE} characters):`,
    );
    const again = await askPassphrase(streams, 'Repeat the passphrase:');
    if (passphrase !== again) throw new UsageError('the passphrases do not match');
    if ([...passphrase].length < MIN_PASSPHRASE)
      throw new UsageError(`the passphrase is shorter than ${MIN_PASSPHRASE} characters`);
  } catch (error) {
    if (error instanceof IddioError) throw error;
    throw new UsageError('no passphrase given');
  } finally {
    streams.close();
  }
  const { encrypted, publicKey } = generateApproverKey(name, passphrase);
  makeStateDir(keyDir(paths.home), 'approver keys');
  const path = keyPath(paths.home, name);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch {
    throw new IddioError(`a key file for "${name}" already exists: ${path}`, {
      code: 'approver-exists',
      exitCode: EXIT.usage,
    });
  }
  try {
    writeSync(fd, `${JSON.stringify(encrypted, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  const created = new Date().toISOString();
  try {
    await recordAdmin(paths, {
      argv: ['approver', 'add', name],
      verb: 'add',
      resource: 'approvers',
      names: [name],
      reason: `approver key created (sha256 ${fingerprintOf(publicKey)}...)`,
    });
    await addApproverRecord(paths.approvers, { name, public_key: publicKey, created });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  process.stdout.write(
    `approver ${name} added: public key in ${paths.approvers} (sha256 ${fingerprintOf(publicKey)}...), ` +
      `encrypted private key in ${path}\n`,
  );
}

export function runApproverList(options: { json?: boolean }): void {
  const approvers = readApprovers(iddioPaths().approvers);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(approvers.map((a) => ({ ...a, fingerprint: fingerprintOf(a.public_key) })))}\n`,
    );
    return;
  }
  if (approvers.length === 0) {
    process.stdout.write('no approvers (add one with: iddio approver add <name>)\n');
    return;
  }
  process.stdout.write(`${'NAME'.padEnd(20)} ${'FINGERPRINT'.padEnd(18)} CREATED\n`);
  for (const a of approvers) {
    process.stdout.write(
      `${a.name.padEnd(20)} ${fingerprintOf(a.public_key).padEnd(18)} ${a.created}\n`,
    );
  }
}
