/**
 * The audit record says what happened (hostile-agent review): a human's decline, a timeout, a
 * Ctrl-C, a rejected decision and a channel error were all `decision: "escalate"` with the
 * outcome only in `reason`, so `audit log --decision deny` missed them. Each escalation's
 * `decided` event now carries `outcome`; `--decision deny|allow` and `--outcome` find them; an
 * `approve`/`deny` admin event shares the request_id of the request it decides.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decisionPath } from '../../src/approval/inbox.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runIddio } from '../helpers/cli.js';
import { agentEnv, events, home, pendingRequest, spawnHeadless } from './fixtures.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

interface Case {
  outcome: string;
  exit: number;
  timeout?: string;
  channel?: string;
  /** What the human (or the clock, or a signal) does once the request is pending. */
  act?: (
    dir: string,
    id: string,
    child: import('node:child_process').ChildProcess,
  ) => Promise<void>;
}

const human = (dir: string, args: string[]) =>
  runIddio(args, { env: { IDDIO_HOME: dir, HOME: dir } });

const CASES: Case[] = [
  {
    outcome: 'approved',
    exit: 0,
    act: async (dir, id) => assert.equal((await human(dir, ['approve', id])).code, 0),
  },
  {
    outcome: 'declined',
    exit: 4,
    act: async (dir, id) => assert.equal((await human(dir, ['deny', id])).code, 0),
  },
  { outcome: 'timed_out', exit: 4, timeout: '1s' },
  {
    outcome: 'interrupted',
    exit: 4,
    act: async (_dir, _id, child) => {
      child.kill('SIGTERM');
    },
  },
  {
    outcome: 'rejected',
    exit: 4,
    act: async (dir, id) =>
      writeFileSync(decisionPath(join(dir, 'inbox'), id), '{"not":"a decision"}'),
  },
  // The policy asks for the terminal and there is none: nobody could be asked.
  { outcome: 'error', exit: 4, channel: 'tty' },
];

describe('every escalation ends with a structured outcome', () => {
  for (const c of CASES) {
    it(`${c.outcome}: decided.outcome, --decision and --outcome find it`, async () => {
      const dir = home({ channel: c.channel ?? 'inbox', timeout: c.timeout ?? '30s' });
      const run = spawnHeadless(
        ['kubectl', 'scale', 'deployment/api', '-n', 'payments', '--replicas=3'],
        agentEnv(dir, sandbox.kubeconfigPath),
        { timeoutMs: 30_000 },
      );
      if (c.act) await c.act(dir, await pendingRequest(dir), run.child);
      const result = await run.done;
      assert.equal(result.code, c.exit, result.stderr);
      const decided = events(dir).find((e) => e.stage === 'decided') as
        (Record<string, unknown> & { request_id: string }) | undefined;
      assert.ok(decided);
      assert.equal(decided.decision, 'escalate');
      assert.equal(decided.outcome, c.outcome);
      assert.equal(decided.approved_by !== undefined, c.outcome === 'approved');

      const log = async (...flags: string[]) => {
        const listed = await human(dir, ['audit', 'log', '--json', ...flags]);
        assert.equal(listed.code, 0, listed.stderr);
        return listed.stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((e) => e.stage === 'decided');
      };
      const effective = c.outcome === 'approved' ? 'allow' : 'deny';
      const other = c.outcome === 'approved' ? 'deny' : 'allow';
      assert.equal((await log('--decision', effective)).length, 1, `--decision ${effective}`);
      assert.equal((await log('--decision', other)).length, 0, `--decision ${other}`);
      assert.equal((await log('--decision', 'escalate')).length, 1);
      assert.equal((await log('--outcome', c.outcome)).length, 1);
      const elsewhere = c.outcome === 'declined' ? 'approved' : 'declined';
      assert.equal((await log('--outcome', elsewhere)).length, 0);

      if (c.outcome === 'approved' || c.outcome === 'declined') {
        const admin = events(dir).find((e) => e.stage === 'admin');
        assert.equal(admin?.request_id, decided.request_id, 'the admin event names the request');
      }
    });
  }

  it('--outcome refuses a value it does not know', async () => {
    const bad = await runIddio(['audit', 'log', '--outcome', 'maybe']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^iddio: invalid --outcome "maybe": use approved, declined/);
  });
});
