/** The channel chooser and the prompt's text, without a terminal. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { chooseApprover } from '../../src/approval/choose.js';
import { commandLine, promptLines, timeLeftText } from '../../src/approval/prompt-view.js';
import type { ApprovalRequest } from '../../src/approval/types.js';
import { tempDir } from '../helpers/cli.js';

const REQUEST: ApprovalRequest = {
  requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
  agent: 'claude-code',
  identity: 'detected',
  argv: ['delete', 'pod', 'api', '-n', 'payments'],
  tier: 3,
  tierLabel: 'sensitive',
  rule: 'delete-namespaced',
  timeoutMs: 300,
};

function chooser(openTty: () => undefined) {
  const home = tempDir();
  const notices: string[] = [];
  const approver = chooseApprover({
    env: {},
    inbox: `${home}/inbox`,
    approversPath: `${home}/approvers.yaml`,
    osUser: 'alice',
    notice: (line) => notices.push(line),
    openTty,
  });
  return { approver, notices };
}

test('auto without a terminal uses the inbox, which times out to a no', async () => {
  const { approver, notices } = chooser(() => undefined);
  const outcome = await approver.ask({ ...REQUEST, channel: 'auto' });
  assert.equal(outcome.approved, false);
  assert.equal(outcome.channel, 'inbox');
  assert.equal(outcome.approvedBy, 'timeout');
  assert.ok(outcome.latencyMs >= 280, String(outcome.latencyMs));
  assert.match(notices[0] ?? '', /iddio approve idd_01M8B7E3QSVXRGS6WDVWC5JV4R/);
});

test('tty without a terminal declines at once: nobody can be asked', async () => {
  const { approver, notices } = chooser(() => undefined);
  const outcome = await approver.ask({ ...REQUEST, channel: 'tty' });
  assert.deepEqual(
    [outcome.approved, outcome.channel, outcome.approvedBy],
    [false, 'tty', 'no-approver'],
  );
  assert.deepEqual(notices, []);
});

test('a channel that fails declines instead of throwing', async () => {
  const { approver } = chooser(() => {
    throw new Error('boom');
  });
  const outcome = await approver.ask({ ...REQUEST, channel: 'auto' });
  assert.equal(outcome.approved, false);
  assert.match(outcome.reason, /approval channel failed.*boom/);
});

test('the prompt text: every field, cleaned values flagged, colour only when asked for', () => {
  const evil = {
    ...REQUEST,
    argv: ['delete', 'pod', 'a\u001b[2Jb', '-n', 'payments'],
    context: 'c\u0007tx',
  };
  const plain = promptLines(evil, new Chalk({ level: 0 }), 61_000).join('\n');
  // Only the joining newlines remain: no escape, no BEL, no other control character.
  assert.doesNotMatch(plain, /[\u0000-\u0009\u000b-\u001f\u007f]/);
  assert.match(plain, /command\s+kubectl delete pod ab -n payments \[control characters removed\]/);
  assert.match(plain, /context\s+ctx \[control characters removed\]/);
  assert.match(plain, /tier\s+T3 sensitive/);
  assert.match(plain, /time left\s+1m01s/);
  const coloured = promptLines(REQUEST, new Chalk({ level: 1 }), 5_000).join('\n');
  assert.match(coloured, /\u001b\[31m\u001b\[1mT3 sensitive/);
  assert.equal(timeLeftText(0), '0s');
  assert.equal(
    commandLine(['get', 'pods', '-l', 'app in (a,b)']).text,
    "kubectl get pods -l 'app in (a,b)'",
  );
});

test('with require_signature, even an open terminal is not asked: the signed inbox is', async () => {
  let opened = 0;
  const { approver } = chooser(() => {
    opened++;
    return undefined;
  });
  for (const channel of ['auto', 'tty'] as const) {
    const outcome = await approver.ask({ ...REQUEST, channel, requireSignature: true });
    assert.equal(outcome.channel, 'inbox', channel);
    assert.equal(outcome.approved, false);
  }
  assert.equal(opened, 0, 'the terminal was never opened');
});

test('the prompt hides credentials in the command, as the audit log does', () => {
  const request = {
    ...REQUEST,
    argv: [
      'create',
      'secret',
      'generic',
      'db',
      '--from-literal=password=hunter2',
      '-n',
      'payments',
    ],
  };
  const text = promptLines(request, new Chalk({ level: 0 }), 5_000).join('\n');
  assert.doesNotMatch(text, /hunter2/);
  assert.match(text, /--from-literal=password=\[REDACTED\]/);
});
