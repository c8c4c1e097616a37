import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redactArgv } from '../../src/kubectl/index.js';

test('credential flag values are redacted in both forms; everything else is kept', () => {
  assert.deepEqual(
    redactArgv([
      'get',
      'pods',
      '--token=s3cret',
      '--password',
      'pw',
      '-n',
      'x',
      '--username=u',
      '--client-key',
      'k.pem',
    ]),
    [
      'get',
      'pods',
      `--token=${REDACTED}`,
      '--password',
      REDACTED,
      '-n',
      'x',
      `--username=${REDACTED}`,
      '--client-key',
      REDACTED,
    ],
  );
});

test('secret literals keep their key and lose their value', () => {
  assert.deepEqual(
    redactArgv([
      'create',
      'secret',
      'generic',
      's',
      '--from-literal=password=hunter2',
      '--from-literal',
      'k=v',
      '--docker-password=p',
    ]),
    [
      'create',
      'secret',
      'generic',
      's',
      `--from-literal=password=${REDACTED}`,
      '--from-literal',
      `k=${REDACTED}`,
      `--docker-password=${REDACTED}`,
    ],
  );
});

test('nothing after -- is touched (it is the container command), and the input is not mutated', () => {
  const argv = ['exec', 'p', '--', 'login', '--password', 'x'];
  assert.deepEqual(redactArgv(argv), argv);
  const input = ['get', '--token', 't'];
  redactArgv(input);
  assert.deepEqual(input, ['get', '--token', 't']);
});

test('a flag whose value is missing at the end is kept as is', () => {
  assert.deepEqual(redactArgv(['get', '--token']), ['get', '--token']);
});
