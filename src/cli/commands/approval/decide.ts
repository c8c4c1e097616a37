/**
 * `iddio approve|deny <request-id> [--reason] [--approver]`: read the pending request, show
 * it, and write a decision bound to its SHA-256 — signed when the policy requires it or an
 * approver is named, with the passphrase asked on /dev/tty.
 */
import { existsSync, readdirSync } from 'node:fs';
import { REQUEST_ID_PATTERN } from '../../../audit/request-id.js';
import { approverKeys } from '../../../approval/approvers.js';
import { newDecision, signDecision, type Verdict } from '../../../approval/decision.js';
import { readInboxFile, requestPath, writeDecisionFile } from '../../../approval/inbox.js';
import { renderInboxEntry } from '../../../approval/inbox-view.js';
import {
  KeyError,
  decryptApproverKey,
  keyDir,
  keyPath,
  parseEncryptedKey,
  publicKeyText,
} from '../../../approval/keys.js';
import { parseRequestFile, RequestFileError } from '../../../approval/request-doc.js';
import { refuseAgentEnvironment } from '../../../approval/self-approval.js';
import { openTty } from '../../../approval/tty.js';
import { askPassphrase } from '../../../approval/tty-prompts.js';
import { EXIT } from '../../../common/exit-codes.js';
import { IddioError, UsageError } from '../../../common/errors.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { builtinPolicy } from '../../../policy/default.js';
import { readPolicy } from '../../../policy/load.js';
import { iddioPaths } from '../../env.js';
import { osUserName, recordAdmin } from './admin.js';
import { readRegularFile } from '../../../common/read-regular.js';

export async function runDecide(
  verdict: 'approve' | 'deny',
  id: string,
  options: { reason?: string; approver?: string },
): Promise<void> {
  refuseAgentEnvironment(process.env, verdict);
  if (!REQUEST_ID_PATTERN.test(id)) {
    throw new UsageError(
      `"${stripControlLine(id)}" is not a request ID (idd_ followed by 26 characters)`,
    );
  }
  const paths = iddioPaths();
  // Only a regular file is read (a FIFO planted in the inbox must not hang the approver).
  const text = readInboxFile(requestPath(paths.inbox, id));
  if (text === undefined) {
    throw new IddioError(
      `no pending request ${id} in ${paths.inbox} (already decided, expired, or never asked)`,
      {
        code: 'no-request',
        exitCode: EXIT.usage,
      },
    );
  }
  let file;
  try {
    file = parseRequestFile(text);
  } catch (error) {
    const why = error instanceof RequestFileError ? error.message : 'unreadable';
    throw new IddioError(`request ${id}: ${why}; not deciding`, {
      code: 'bad-request-file',
      exitCode: EXIT.denied,
    });
  }
  const now = Date.now();
  if (file.request.request_id !== id) {
    throw new IddioError(`request file ${id} names another request; not deciding`, {
      code: 'bad-request-file',
      exitCode: EXIT.denied,
    });
  }
  if (now > Date.parse(file.expires)) {
    throw new IddioError(
      `request ${id} expired at ${file.expires}; the command was already declined`,
      {
        code: 'expired',
        exitCode: EXIT.declined,
      },
    );
  }
  const policy = existsSync(paths.policy) ? readPolicy(paths.policy) : builtinPolicy();
  const mustSign = policy.approval.require_signature || file.request.require_signature;
  const sign = mustSign || options.approver !== undefined;
  process.stderr.write(renderInboxEntry({ file, expired: false }, now));

  const approver = sign ? (options.approver ?? soleApprover(paths.home)) : osUserName();
  let doc = newDecision({
    requestId: id,
    requestSha256: file.sha256,
    decision: verdict as Verdict,
    approver,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
    nowMs: now,
  });
  if (sign) doc = signDecision(doc, await unlockKey(paths.home, paths.approvers, approver));

  await recordAdmin(
    paths,
    {
      argv: [verdict, id, ...(options.reason !== undefined ? ['--reason', options.reason] : [])],
      verb: verdict,
      resource: 'approvals',
      names: [id],
      reason: `${sign ? 'signed' : 'unsigned'} decision by ${approver} for request sha256 ${file.sha256}${
        options.reason ? `: ${options.reason}` : ''
      }`,
    },
    id,
  );
  if (!writeDecisionFile(paths.inbox, id, `${JSON.stringify(doc, null, 2)}\n`)) {
    throw new IddioError(`request ${id} already has a decision`, {
      code: 'already-decided',
      exitCode: EXIT.usage,
    });
  }
  process.stdout.write(
    `${verdict === 'approve' ? 'approved' : 'denied'} ${id}${sign ? ` (signed by ${approver})` : ''}\n`,
  );
}

function soleApprover(home: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(keyDir(home))
      .filter((n) => n.endsWith('.key'))
      .map((n) => n.slice(0, -4));
  } catch {
    // No keys at all: reported below.
  }
  if (names.length === 1 && names[0] !== undefined) return names[0];
  throw new IddioError(
    names.length === 0
      ? 'a signed decision is required, but there is no approver key here (create one with: iddio approver add <name>)'
      : `a signed decision is required; choose a key with --approver (${names.join(', ')})`,
    { code: 'no-approver-key', exitCode: EXIT.denied },
  );
}

async function unlockKey(home: string, approversPath: string, name: string) {
  let encrypted;
  try {
    encrypted = parseEncryptedKey(readRegularFile(keyPath(home, name)));
  } catch (error) {
    throw new IddioError(
      `cannot read the key of approver "${stripControlLine(name)}": ${error instanceof KeyError ? error.message : 'no such key file'}`,
      { code: 'no-approver-key', exitCode: EXIT.denied },
    );
  }
  const trusted = approverKeys(approversPath).get(name);
  if (!trusted || publicKeyText(trusted) !== encrypted.public_key) {
    throw new IddioError(`approver "${name}" is not listed in approvers.yaml with this key`, {
      code: 'unknown-approver',
      exitCode: EXIT.denied,
    });
  }
  const streams = openTty();
  if (!streams) {
    throw new IddioError(
      'a signed decision needs the passphrase, asked on the terminal, and there is no terminal',
      {
        code: 'no-tty',
        exitCode: EXIT.denied,
      },
    );
  }
  try {
    const passphrase = await askPassphrase(streams, `Passphrase for approver ${name}:`);
    return decryptApproverKey(encrypted, passphrase);
  } catch (error) {
    throw new IddioError(error instanceof KeyError ? error.message : 'no passphrase given', {
      code: 'bad-passphrase',
      exitCode: EXIT.denied,
    });
  } finally {
    streams.close();
  }
}
