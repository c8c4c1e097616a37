import type { Command } from 'commander';

export function registerHook(program: Command): void {
  program
    .command('hook')
    .argument('<tool>', 'the agent tool whose hook protocol to speak: claude-code or cursor')
    .description(
      "a shell-command hook for an agent tool: refuses plain kubectl and tells the agent to run `iddio kubectl` (reads the tool's hook JSON on stdin)",
    )
    .addHelpText(
      'after',
      `
claude-code  a PreToolUse hook on the Bash tool: exit 2 with the reason on stderr refuses
cursor       a beforeShellExecution hook: {"permission":"deny",...} on stdout refuses

\`iddio kubectl ...\` is let through, and so is \`kubectl\` when it resolves to iddio's own shim.
Set-up for each tool: docs/agents.md.`,
    )
    .action(async (tool: string) => {
      const { runHookCommand } = await import('./run.js');
      process.exitCode = await runHookCommand(tool);
    });
}
