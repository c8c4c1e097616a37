import type { Stats } from 'node:fs';
import { EXIT } from '../common/exit-codes.js';
import { IddioError } from '../common/errors.js';
import { stripControlLine } from '../common/sanitize.js';
import type { KubeconfigDoc } from './kubeconfig.js';

const isObj = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A kubeconfig user with an `exec` credential plugin, or an `auth-provider` (whose `cmd-path`
 * client-node also runs), makes iddio run a program as whoever runs iddio. From a file that
 * this user owns and nobody else can write, that program is this user's own choice: allowed.
 * From a file another user owns or may write (an agent running as its own OS user, a file in
 * /tmp), it would be that user's program running as this one: refused (exit 3, on record).
 */
export function refuseForeignPrograms(
  path: string,
  stat: Pick<Stats, 'uid' | 'mode'>,
  doc: KubeconfigDoc,
  uid: number | undefined = process.getuid?.(),
): void {
  if (uid === undefined) return; // no POSIX owners here
  const runs = doc.users.find(
    (u) => isObj(u.user) && ('exec' in u.user || 'auth-provider' in u.user),
  );
  if (!runs) return;
  const foreign =
    stat.uid !== uid
      ? `owned by uid ${stat.uid}`
      : (stat.mode & 0o022) !== 0
        ? 'writable by others'
        : undefined;
  if (foreign === undefined) return;
  throw new IddioError(
    `refusing the kubeconfig ${stripControlLine(path)}: its user "${stripControlLine(runs.name)}" runs a credential program, and the file is ${foreign}`,
    { code: 'kubeconfig-foreign-program', exitCode: EXIT.denied },
  );
}
