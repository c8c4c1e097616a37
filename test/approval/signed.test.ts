/**
 * Signed decisions under `require_signature: true`: the approver key is made and used through
 * a real terminal (tmux), because the passphrase is only ever read from /dev/tty; forged,
 * unsigned and wrongly-unlocked decisions are rejected and audited.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { newDecision, signDecision } from '../../src/approval/decision.js';
import { decisionPath, requestPath } from '../../src/approval/inbox.js';
import type { RequestFile } from '../../src/approval/request-doc.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import {
  agentEnv,
  events,
  home,
  iddioCommand,
  pendingRequest,
  replicas,
  spawnHeadless,
} from './fixtures.js';
import { requireTmux, TmuxPane } from './tmux.js';

let sandbox: Sandbox;
let dir: string;
const panes: TmuxPane[] = [];
const PASSPHRASE = 'tr0ub4dor and more';

before(async () => {
  requireTmux();
  sandbox = await startSandbox();
  dir = home({ channel: 'inbox', requireSignature: true, timeout: '30s' });
});
after(async () => {
  for (const pane of panes) pane.kill();
  await sandbox.stop();
});

/** Runs `iddio <args>` as the human, in a terminal of their own. */
function humanPane(args: string[]): TmuxPane {
  const pane = TmuxPane.start(iddioCommand(args), {
    IDDIO_HOME: dir,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TERM: 'xterm-256color',
    HOME: dir,
  });
  panes.push(pane);
  return pane;
}

const waitScale = (to: number) =>
  spawnHeadless(
    ['kubectl', 'scale', 'deployment/api', '-n', 'payments', `--replicas=${to}`],
    agentEnv(dir, sandbox.kubeconfigPath),
    { timeoutMs: 40_000 },
  );

const readRequest = (id: string) =>
  JSON.parse(readFileSync(requestPath(join(dir, 'inbox'), id), 'utf8')) as RequestFile;

test('approver add asks for the passphrase twice on the terminal and stores only an encrypted key', async () => {
  const pane = humanPane(['approver', 'add', 'alice']);
  await pane.waitFor(/New passphrase for approver alice/);
  pane.keys('-l', PASSPHRASE);
  pane.keys('Enter');
  await pane.waitFor(/Repeat the passphrase/);
  pane.keys('-l', PASSPHRASE);
  pane.keys('Enter');
  assert.equal(await pane.exitCode(), 0, pane.stderr());
  assert.doesNotMatch(pane.capture(), new RegExp(PASSPHRASE), 'the passphrase is not echoed');
  assert.match(
    readFileSync(join(dir, 'approvers.yaml'), 'utf8'),
    /name: alice\n\s+public_key: \S+/,
  );
  const keyFile = join(dir, 'approver-keys', 'alice.key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  assert.match(readFileSync(keyFile, 'utf8'), /"name": "aes-256-gcm"/);
  assert.ok(events(dir).some((e) => e.stage === 'admin' && e.resource === 'approvers'));
});

test('approve with a wrong passphrase writes nothing; with the right one the signed decision runs the command', async () => {
  const before = await replicas(sandbox, 'api', 'payments');
  const waiting = waitScale(before + 1);
  const id = await pendingRequest(dir);

  const wrong = humanPane(['approve', id]);
  await wrong.waitFor(/Passphrase for approver alice/);
  wrong.keys('-l', 'not the passphrase');
  wrong.keys('Enter');
  assert.equal(await wrong.exitCode(), 3);
  assert.match(wrong.stderr(), /wrong passphrase/);
  assert.ok(!existsSync(decisionPath(join(dir, 'inbox'), id)));

  const right = humanPane(['approve', id, '--reason', 'change 42']);
  await right.waitFor(/Passphrase for approver alice/);
  right.keys('-l', PASSPHRASE);
  right.keys('Enter');
  assert.equal(await right.exitCode(), 0, right.stderr());
  assert.equal(right.stdout(), `approved ${id} (signed by alice)\n`);

  const result = await waiting.done;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(await replicas(sandbox, 'api', 'payments'), before + 1);
  const decided = events(dir).find((e) => e.stage === 'decided' && e.request_id === id);
  assert.equal(decided?.approved_by, 'alice');
  assert.match(decided?.reason ?? '', /approved \(signed inbox decision by alice\): change 42/);
});

test('a forged signature, and an unsigned decision, are rejected and audited', async () => {
  const before = await replicas(sandbox, 'api', 'payments');
  const mallory = generateKeyPairSync('ed25519').privateKey;
  const cases: Array<[string, (id: string, sha: string) => object, RegExp]> = [
    [
      'signed by a key not in approvers.yaml',
      (id, sha) =>
        signDecision(
          newDecision({
            requestId: id,
            requestSha256: sha,
            decision: 'approve',
            approver: 'alice',
            nowMs: Date.now(),
          }),
          mallory,
        ),
      /decision rejected \(bad-signature\)/,
    ],
    [
      'unsigned',
      (id, sha) =>
        newDecision({
          requestId: id,
          requestSha256: sha,
          decision: 'approve',
          approver: 'alice',
          nowMs: Date.now(),
        }),
      /decision rejected \(unsigned\)/,
    ],
  ];
  for (const [name, forge, expected] of cases) {
    const waiting = waitScale(before + 10);
    const id = await pendingRequest(dir);
    writeFileSync(
      decisionPath(join(dir, 'inbox'), id),
      JSON.stringify(forge(id, readRequest(id).sha256)),
    );
    const result = await waiting.done;
    assert.equal(result.code, 4, name);
    assert.match(result.stderr, expected, name);
    const decided = events(dir).find((e) => e.stage === 'decided' && e.request_id === id);
    assert.match(decided?.reason ?? '', expected, name);
    assert.equal(decided?.approved_by, undefined, name);
  }
  assert.equal(await replicas(sandbox, 'api', 'payments'), before);
});

test('without a terminal, iddio approve cannot unlock the key and refuses', async () => {
  const waiting = waitScale(1);
  const id = await pendingRequest(dir);
  const tried = await spawnHeadless(['approve', id], {
    IDDIO_HOME: dir,
    PATH: process.env.PATH ?? '',
  }).done;
  assert.equal(tried.code, 3);
  assert.match(
    tried.stderr,
    /needs the passphrase, asked on the terminal, and there is no terminal/,
  );
  assert.ok(!existsSync(decisionPath(join(dir, 'inbox'), id)));
  waiting.child.kill('SIGINT');
  const result = await waiting.done;
  assert.equal(result.code, 4, 'Ctrl-C while waiting on the inbox denies');
  const decided = events(dir).find((e) => e.stage === 'decided' && e.request_id === id);
  assert.match(decided?.reason ?? '', /interrupted while waiting for approval/);
});
