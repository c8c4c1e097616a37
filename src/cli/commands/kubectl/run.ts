/**
 * `iddio kubectl <args...>`: everything after `kubectl` is kubectl's argv, verbatim, so it
 * is dispatched before commander sees it (commander would take `-n`, `--help` and friends
 * as its own). This file only gathers the process's inputs; the pipeline does the rest.
 */
import { readFileSync } from 'node:fs';
import { noApprover } from '../../../approval/none.js';
import { shippedRulesDir } from '../../../classify/load.js';
import { VERSION } from '../../../common/version.js';
import { runKubectl } from '../../../pipeline/run-kubectl.js';
import { iddioPaths } from '../../env.js';

export async function runKubectlCommand(argv: string[]): Promise<number> {
  return runKubectl({
    argv,
    env: { ...process.env },
    paths: iddioPaths(),
    shippedRulesDir: shippedRulesDir(),
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readFileSync(0, 'utf8'),
    approver: noApprover,
    ppid: process.ppid,
    version: VERSION,
  });
}
