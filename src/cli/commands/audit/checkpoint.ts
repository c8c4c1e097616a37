/**
 * `iddio audit checkpoint`: verify the log, then record its last event (signed when a
 * checkpoint key exists). `--init-key` creates that key and does nothing else.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { IddioError } from '../../../common/errors.js';
import { EXIT } from '../../../common/exit-codes.js';
import { stripControlLine } from '../../../common/sanitize.js';
import {
  checkpointKeyPaths,
  initCheckpointKey,
  makeCheckpoint,
  readKeyIfPresent,
} from '../../../audit/checkpoint.js';
import { verifyLog } from '../../../audit/verify-log.js';
import { iddioPaths } from '../../env.js';
import { refuseAgentEnvironment } from '../../../approval/self-approval.js';

export async function runCheckpoint(options: {
  out?: string;
  file?: string;
  initKey?: boolean;
}): Promise<void> {
  const paths = iddioPaths();
  const keys = checkpointKeyPaths(paths.home);
  if (options.initKey) {
    refuseAgentEnvironment(process.env, 'create the checkpoint key');
    const created = initCheckpointKey(paths.home);
    process.stdout.write(
      created
        ? `created checkpoint key ${keys.privateKey} (public key ${keys.publicKey})\n`
        : `kept the existing checkpoint key ${keys.privateKey}\n`,
    );
    return;
  }
  const logPath = options.file ?? paths.auditLog;
  const report = await verifyLog(logPath);
  if (!report.ok || report.lastSeq === undefined || report.lastHash === undefined) {
    const why = report.failure ? stripControlLine(report.failure.message) : 'the log has no events';
    throw new IddioError(`no checkpoint written: ${why}`, {
      code: 'audit-checkpoint',
      exitCode: EXIT.audit,
    });
  }
  const privateKey = readKeyIfPresent(keys.privateKey);
  const checkpoint = makeCheckpoint(
    { file: basename(report.lastFile ?? logPath), seq: report.lastSeq, hash: report.lastHash },
    new Date(),
    privateKey,
  );
  const text = `${JSON.stringify(checkpoint)}\n`;
  if (options.out === undefined) {
    process.stdout.write(text);
    return;
  }
  const staging = `${options.out}.tmp-${process.pid}`;
  writeFileSync(staging, text, { mode: 0o644 });
  renameSync(staging, options.out);
  process.stderr.write(
    `checkpoint: seq ${checkpoint.seq} hash ${checkpoint.hash.slice(0, 16)}… ${checkpoint.sig ? 'signed' : 'unsigned'} → ${options.out}\n`,
  );
}
