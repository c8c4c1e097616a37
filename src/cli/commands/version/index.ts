import type { Command } from 'commander';
import { VERSION } from '../../../common/version.js';

export function registerVersion(program: Command): void {
  program
    .command('version')
    .description("print iddio's version")
    .option('--json', 'print { "iddio": VERSION } as JSON')
    .action((options: { json?: boolean }) => {
      process.stdout.write(
        options.json ? `${JSON.stringify({ iddio: VERSION })}\n` : `iddio ${VERSION}\n`,
      );
    });
}
