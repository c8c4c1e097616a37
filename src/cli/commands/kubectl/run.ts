/**
 * `iddio kubectl <args...>`: everything after `kubectl` is kubectl's argv, verbatim, so it
 * is dispatched before commander sees it (commander would take `-n`, `--help` and friends
 * as its own). This file only gathers the process's inputs; the pipeline does the rest.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { shippedRulesDir } from '../../../classify/load.js';
import { ExitError } from '../../../common/errors.js';
import { EXIT } from '../../../common/exit-codes.js';
import { stripControlLine } from '../../../common/sanitize.js';
import { VERSION } from '../../../common/version.js';
import { KubeError } from '../../../kube/errors.js';
import { KubectlUsageError } from '../../../kubectl/argv.js';
import { UnknownCommandError } from '../../../kubectl/unknown-command.js';
import { runKubectl } from '../../../pipeline/run-kubectl.js';
import { iddioPaths } from '../../env.js';

export async function runKubectlCommand(argv: string[]): Promise<number> {
  // Help about iddio's entry point itself: no kubectl command, nothing to classify or run.
  if (argv.length === 0 || (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h'))) {
    const { KUBECTL_HELP } = await import('./index.js');
    process.stdout.write(KUBECTL_HELP);
    return EXIT.ok;
  }
  try {
    const code = await runPipeline(argv);
    // Interrupted, or nobody reads the output: the completed event is written; do not wait for
    // calls still in flight.
    if (code === EXIT.interrupted || code === EXIT.outputClosed) process.exit(code);
    return code;
  } catch (error) {
    // An argv kubectl itself would reject is worded as kubectl words it (`error: unknown
    // flag: --x`); iddio keeps its own exit code for it, 2, where kubectl says 1.
    if (error instanceof KubectlUsageError) {
      process.stderr.write(`error: ${stripControlLine(error.message)}\n`);
      throw new ExitError(EXIT.usage);
    }
    // A typo, not a command and not a plugin: kubectl's message and suggestions, exit 1.
    if (error instanceof UnknownCommandError) {
      process.stderr.write(`${error.line}\n`);
      throw new ExitError(error.exitCode);
    }
    // A kubeconfig that cannot be read: kubectl's own line and exit code.
    if (error instanceof KubeError) {
      process.stderr.write(`${stripControlLine(error.line)}\n`);
      throw new ExitError(error.exitCode);
    }
    throw error;
  }
}

function runPipeline(argv: string[]): Promise<number> {
  const paths = iddioPaths();
  const env = { ...process.env };
  return runKubectl({
    argv,
    env,
    paths,
    shippedRulesDir: shippedRulesDir(),
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readFileSync(0, 'utf8'),
    // The policy (loaded in the pipeline) names the channel; the chooser opens /dev/tty or
    // the inbox when asked, never stdin. Loaded only when a command escalates: the prompt
    // library is a large part of the bundle, and most commands never need it.
    approver: {
      ask: async (request) => {
        const { chooseApprover } = await import('../../../approval/choose.js');
        const channel = chooseApprover({
          env,
          inbox: paths.inbox,
          approversPath: paths.approvers,
          osUser: osUser(),
          notice: (line) => process.stderr.write(`${line}\n`),
        });
        return channel.ask(request);
      },
    },
    ppid: process.ppid,
    version: VERSION,
  });
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}
