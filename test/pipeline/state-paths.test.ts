/**
 * Every path iddio creates or reads its state from, pointed (by an agent, which controls
 * IDDIO_HOME and IDDIO_AUDIT_LOG) somewhere the kernel will not create or a plain read would
 * block on: each command ends at once with one `iddio:` line and its exit code, never spins or
 * hangs. /proc/self/<missing> is a directory Linux refuses to create with ENOENT, on which
 * Node 20's recursive mkdir loops for ever.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/common/exit-codes.js';
import { runIddio, tempDir } from '../helpers/cli.js';

const NOPE = '/proc/self/iddio-nope';

function kubeconfig(): string {
  const dir = tempDir();
  const path = join(dir, 'config');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: payments}}]',
      'current-context: x',
    ].join('\n'),
  );
  return path;
}

/** A home whose `file` is a FIFO (which nobody ever writes). */
function homeWithFifo(file: string): string {
  const home = tempDir();
  mkdirSync(join(home, 'audit'), { recursive: true });
  execFileSync('mkfifo', [join(home, file)]);
  return home;
}

interface Case {
  name: string;
  args: string[];
  env: () => NodeJS.ProcessEnv;
  code: number;
  message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'IDDIO_AUDIT_LOG in a directory the kernel will not create',
    args: ['kubectl', 'get', 'pods'],
    env: () => ({ IDDIO_AUDIT_LOG: `${NOPE}/audit.ndjson`, KUBECONFIG: kubeconfig() }),
    code: EXIT.audit,
    message: /audit log not written/,
  },
  {
    name: 'IDDIO_HOME there (sessions, cache, audit log)',
    args: ['kubectl', 'get', 'pods'],
    env: () => ({ IDDIO_HOME: NOPE, KUBECONFIG: kubeconfig() }),
    code: EXIT.audit,
    message: /audit log not written/,
  },
  {
    name: 'IDDIO_HOME there, the inbox for an escalation (no terminal)',
    args: ['kubectl', 'scale', 'deployment', 'api', '--replicas=2'],
    env: () => ({
      IDDIO_HOME: NOPE,
      IDDIO_AUDIT_LOG: join(tempDir(), 'audit.ndjson'),
      KUBECONFIG: kubeconfig(),
    }),
    code: EXIT.declined,
    message: /not approved: asking for approval failed|approval channel failed/,
  },
  {
    name: 'IDDIO_HOME there, agent add (agents.yaml and its lock)',
    args: ['agent', 'add', 'bot'],
    env: () => ({ IDDIO_HOME: NOPE }),
    code: EXIT.audit,
    message: /cannot create|audit log not written/,
  },
  {
    name: 'IDDIO_HOME there, audit checkpoint --init-key',
    args: ['audit', 'checkpoint', '--init-key'],
    env: () => ({ IDDIO_HOME: NOPE }),
    code: EXIT.audit,
    message: /cannot create/,
  },
  {
    name: 'IDDIO_HOME there, init',
    args: ['init'],
    env: () => ({ IDDIO_HOME: NOPE }),
    code: EXIT.audit,
    message: /cannot create/,
  },
  {
    name: 'the audit log is a FIFO',
    args: ['kubectl', 'get', 'pods'],
    env: () => {
      const home = homeWithFifo('audit/audit.ndjson');
      return { IDDIO_HOME: home, KUBECONFIG: kubeconfig() };
    },
    code: EXIT.audit,
    message: /not a regular file/,
  },
  {
    name: 'policy.yaml is a FIFO',
    args: ['kubectl', 'get', 'pods'],
    env: () => ({ IDDIO_HOME: homeWithFifo('policy.yaml'), KUBECONFIG: kubeconfig() }),
    code: EXIT.denied,
    message: /not a regular file/,
  },
  {
    name: 'agents.yaml is a FIFO, for the human revoking an agent',
    args: ['agent', 'revoke', 'bot'],
    env: () => ({ IDDIO_HOME: homeWithFifo('agents.yaml') }),
    code: EXIT.denied,
    message: /not a regular file/,
  },
  {
    name: 'approvers.yaml is a FIFO, for approver list',
    args: ['approver', 'list'],
    env: () => ({ IDDIO_HOME: homeWithFifo('approvers.yaml') }),
    code: EXIT.denied,
    message: /not a regular file/,
  },
];

describe('paths iddio creates or reads: refused at once, in one line', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      // A generous kill timer: the old code never ended; the new one ends in well under it.
      const result = await runIddio(c.args, { env: c.env(), timeoutMs: 60_000 });
      assert.equal(result.code, c.code, result.stderr);
      assert.match(result.stderr, c.message);
      assert.match(result.stderr, /^iddio: [^\n]*\n$/m);
      assert.doesNotMatch(result.stderr, /\n {4}at /, 'no stack trace');
    });
  }
});
