/**
 * Help as a newcomer reaches it: `iddio help <command> [subcommand]` (commander's help command
 * takes one word), `iddio help kubectl`, the environment variables, and no help text that
 * cites a document users do not have. Every command's help is read from the real command tree.
 */
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { describe, it } from 'node:test';
import { buildProgram } from '../../src/cli/program.js';
import { runIddio } from '../helpers/cli.js';

function commands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commands)];
}

describe('help', () => {
  it('iddio help audit verify is verify’s help, not audit’s', async () => {
    const run = await runIddio(['help', 'audit', 'verify']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: iddio audit verify \[options\]/);
    assert.match(run.stdout, /--checkpoint <path>/);
  });

  it('iddio help kubectl explains the entry point, its environment and exit codes', async () => {
    const run = await runIddio(['help', 'kubectl']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: iddio kubectl <kubectl arguments\.\.\.>/);
    for (const name of ['IDDIO_AGENT_TOKEN', 'IDDIO_SESSION', 'IDDIO_AUDIT_LOG', 'IDDIO_DEBUG'])
      assert.match(run.stdout, new RegExp(`\\b${name}\\b`));
    assert.match(run.stdout, /iddio shim install DIR/);
    const same = await runIddio(['kubectl', '--help']);
    assert.equal(same.stdout, run.stdout);
  });

  it('the top-level help lists the environment variables', async () => {
    const run = await runIddio(['--help']);
    for (const name of [
      'IDDIO_HOME',
      'IDDIO_AUDIT_LOG',
      'IDDIO_SESSION',
      'IDDIO_DEBUG',
      'IDDIO_KUBECTL',
    ])
      assert.match(run.stdout, new RegExp(`\\b${name}\\b`));
  });

  it('no command’s help cites SPEC', async () => {
    const { KUBECTL_HELP } = await import('../../src/cli/commands/kubectl/index.js');
    const all = commands(buildProgram());
    assert.ok(all.length > 20, String(all.length));
    for (const command of all)
      assert.doesNotMatch(command.helpInformation(), /\bSPEC\b/, command.name());
    assert.doesNotMatch(KUBECTL_HELP, /\bSPEC\b/);
  });
});
