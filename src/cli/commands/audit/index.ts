import type { Command } from 'commander';

/** `iddio audit ...` (SPEC §2, §8). Flags only; each action imports its implementation. */
export function registerAudit(program: Command): Command {
  const audit = program
    .command('audit')
    .description('inspect and verify the hash-chained audit log')
    .showHelpAfterError('(run with --help for usage)');

  audit
    .command('verify')
    .description(
      'check the hash chain of the whole log (rotated files included); exit 5 if not intact',
    )
    .option(
      '--file <path>',
      'the log to verify (default: the configured audit log); repeat it for a set of logs, such as one per gateway replica, each its own chain',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--checkpoint <path>', 'also require the log to still hold this checkpoint')
    .option('--format <format>', 'text, json or github (GitHub Actions annotations)', 'text')
    .action(async (options: { file?: string[]; checkpoint?: string; format: string }) => {
      const { runVerify } = await import('./verify.js');
      const files = options.file ?? [];
      if (files.length > 1 && options.checkpoint !== undefined) {
        const { UsageError } = await import('../../../common/errors.js');
        throw new UsageError('--checkpoint names one log: give one --file with it');
      }
      // Every log of the set is verified, each its own chain; any that is not intact is exit 5.
      let failed: unknown;
      for (const file of files.length > 0 ? files : [undefined]) {
        try {
          await runVerify({ ...options, ...(file !== undefined ? { file } : { file: undefined }) });
        } catch (error) {
          failed ??= error;
        }
      }
      if (failed !== undefined) throw failed;
    });

  audit
    .command('checkpoint')
    .description(
      'record the last event of an intact log as {v, file, seq, hash, ts}, signed when a key exists',
    )
    .option('--out <path>', 'write the checkpoint here (default: stdout)')
    .option('--file <path>', 'the log (default: the configured audit log)')
    .option(
      '--init-key',
      'create the Ed25519 checkpoint key under $IDDIO_HOME (never overwrites) and exit',
    )
    .action(async (options: { out?: string; file?: string; initKey?: boolean }) => {
      const { runCheckpoint } = await import('./checkpoint.js');
      await runCheckpoint(options);
    });

  audit
    .command('log')
    .description('list audit events, oldest first')
    .option('--agent <name>', 'only this agent')
    .option('--tier <n>', 'only this tier (0-4)')
    .option('--min-tier <n>', 'only this tier and above')
    .option(
      '--decision <d>',
      'only allow, deny or escalate; deny includes escalations nobody approved, allow approved ones',
    )
    .option(
      '--outcome <o>',
      'only escalations that ended so: approved, declined, timed_out, interrupted, rejected, error',
    )
    .option('--namespace <ns>', 'only this namespace')
    .option('--since <when>', 'a duration back from now (30m, 2h, 7d) or a time (RFC 3339)')
    .option('--file <path>', 'the log (default: the configured audit log)')
    .option('--json', 'NDJSON, one event per line, as recorded')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const { runLog } = await import('./log.js');
      await runLog(options);
    });

  audit
    .command('summary')
    .description('commands per agent (or tier, verb, namespace) by tier, verb and outcome')
    .option('--by <key>', 'agent, tier, verb or namespace', 'agent')
    .option('--file <path>', 'the log (default: the configured audit log)')
    .option('--json', 'one JSON document')
    .action(async (options: { by: string; file?: string; json?: boolean }) => {
      const { runSummary } = await import('./summary.js');
      await runSummary(options);
    });

  audit
    .command('correlate')
    .description(
      "join iddio's log with the cluster's own audit log by auditID; exit 1 when anything is unexplained (bypasses, missing events)",
    )
    .option('--k8s-audit <files...>', 'the cluster audit log(s): audit.k8s.io/v1 Event NDJSON')
    .option('--user <names...>', 'also treat these usernames as credentials iddio uses')
    .option('--file <path>', "iddio's log (default: the configured audit log)")
    .option('--json', 'one JSON document')
    .action(
      async (options: { k8sAudit?: string[]; user?: string[]; file?: string; json?: boolean }) => {
        const { runCorrelate } = await import('./correlate.js');
        await runCorrelate(options);
      },
    );

  audit
    .command('report')
    .description(
      'SOC 2 evidence (CC6.1, CC6.2, CC6.3, CC7.2) drawn from the audit log: html, json, md or csv',
    )
    .option(
      '--from <when>',
      'start of the period: a time (RFC 3339) or a duration back from now (30d)',
    )
    .option('--to <when>', 'end of the period: a time (RFC 3339) or a duration back from now')
    .option(
      '--format <format>',
      'html (one self-contained file), json, md, or csv (one row per command)',
      'html',
    )
    .option('--out <path>', 'write the report here (default: stdout)')
    .option('--k8s-audit <files...>', "join the cluster's audit log; bypasses become anomalies")
    .option('--checkpoint <path>', 'also require the log to still hold this checkpoint')
    .option('--file <path>', 'the log (default: the configured audit log)')
    .action(
      async (options: {
        from?: string;
        to?: string;
        format: string;
        out?: string;
        k8sAudit?: string[];
        checkpoint?: string;
        file?: string;
      }) => {
        const { runReport } = await import('./report.js');
        await runReport(options);
      },
    );

  return audit;
}
