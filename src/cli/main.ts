/**
 * The entry point of every command but `iddio kubectl` (ESM bundle, dist/main.js): commands
 * are imported only when chosen, so `--version` and `--help` stay fast.
 */
import { EXIT } from '../common/exit-codes.js';
import { runEntry } from './process-entry.js';

async function main(given: string[]): Promise<number> {
  // `iddio help audit verify` is `iddio audit verify --help` (commander's help command takes
  // one word), and `iddio help kubectl` is iddio kubectl's own help.
  const rewrite = given[0] === 'help' && (given.length > 2 || given[1] === 'kubectl');
  const argv = rewrite ? [...given.slice(1), '--help'] : given;
  // Answered before anything heavy is imported.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    const { VERSION } = await import('../common/version.js');
    process.stdout.write(`iddio ${VERSION}\n`);
    return EXIT.ok;
  }
  // bin/iddio.js runs `iddio kubectl` from its own bundle (kubectl-main.ts); this path serves
  // anyone who runs dist/main.js directly.
  if (argv[0] === 'kubectl') {
    const { runKubectlCommand } = await import('./commands/kubectl/run.js');
    return runKubectlCommand(argv.slice(1));
  }
  const { runProgram } = await import('./program.js');
  return runProgram(argv);
}

await runEntry(main);
