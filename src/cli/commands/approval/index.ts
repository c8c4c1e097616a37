import type { Command } from 'commander';

// Placeholder until this command group lands: registers nothing.
export function registerApproval(_program: Command): void {}
