/**
 * The entry point of `iddio kubectl`, the command agents run many times a minute. It is
 * bundled on its own as CommonJS (dist/kubectl.cjs) so bin/iddio.js can load it with a V8
 * code cache, which Node 20 offers only to scripts, not to ES modules (see bin/iddio.js).
 */
import { runKubectlCommand } from './commands/kubectl/run.js';
import { runEntry } from './process-entry.js';

void runEntry((argv) => runKubectlCommand(argv.slice(1)));
