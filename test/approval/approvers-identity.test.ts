/**
 * Approver identity (hostile-agent review): an agent that could write approvers.yaml added a
 * second `approver-a` with its own key; the last entry won, and its signed decision was
 * recorded as `approved_by: approver-a`. Duplicate names, duplicate keys and entries that
 * change an existing approver's key are load errors with file:line (exit 3, fail closed), and
 * `approver add` refuses an existing name.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { approverKeys, readApprovers } from '../../src/approval/approvers.js';
import { publicKeyText } from '../../src/approval/keys.js';
import { IddioError } from '../../src/common/errors.js';
import { EXIT } from '../../src/common/exit-codes.js';
import { runIddio, tempDir } from '../helpers/cli.js';

const key = (): string => publicKeyText(generateKeyPairSync('ed25519').publicKey);
const A = key();
const B = key();
const entry = (name: string, publicKey: string) =>
  `  - name: ${name}\n    public_key: ${publicKey}\n    created: "2026-11-26T06:00:00.000Z"\n`;
const file = (...entries: string[]) => `approvers:\n${entries.join('')}`;
// The same key, re-encoded: base64 with a line break inside is the same DER.
const A_SPLIT = `"${A.slice(0, 20)}\\n${A.slice(20)}"`;

const REFUSED: Array<[string, string, RegExp]> = [
  [
    'a second approver-a with the agent key (the review)',
    file(entry('approver-a', A), entry('approver-b', B), entry('approver-a', key())),
    /:8: a second entry for approver "approver-a" would change its key \(first at line 2\)/,
  ],
  [
    'the same approver listed twice with the same key',
    file(entry('approver-a', A), entry('approver-a', A)),
    /:5: approver "approver-a" is listed twice/,
  ],
  [
    'one key under two names',
    file(entry('approver-a', A), entry('agent-bot', A)),
    /:5: approver "agent-bot" has the same key as "approver-a"/,
  ],
  [
    'one key under two names, re-encoded',
    file(entry('approver-a', A), entry('agent-bot', A_SPLIT)),
    /:5: approver "agent-bot" has the same key as "approver-a"/,
  ],
  [
    'a key that is not Ed25519',
    file(entry('approver-a', 'AAAA')),
    /:2: the public key of approver "approver-a" is not an Ed25519 key/,
  ],
  ['a name that is not valid', file(entry('Approver A', A)), /:2: "Approver A" is not a valid/],
  [
    'an entry with an unknown key',
    `approvers:\n  - name: a\n    public_key: ${A}\n    created: x\n    admin: true\n`,
    /:5: unknown key "admin"/,
  ],
  [
    'an entry without a key',
    `approvers:\n  - name: a\n    created: x\n`,
    /:2: .*needs a public_key/,
  ],
  ['not a list', 'approvers: {a: 1}\n', /:1: approvers must be a list/],
  ['a duplicate mapping key', `approvers: []\napprovers: []\n`, /:2: .*[Mm]ap keys must be unique/],
];

describe('approvers.yaml: one key per approver, one approver per key', () => {
  for (const [name, text, message] of REFUSED) {
    it(`refuses ${name}`, () => {
      const path = join(tempDir(), 'approvers.yaml');
      writeFileSync(path, text);
      for (const load of [() => readApprovers(path), () => approverKeys(path)]) {
        assert.throws(load, (error: unknown) => {
          assert.ok(error instanceof IddioError, String(error));
          assert.equal(error.exitCode, EXIT.denied);
          assert.match(
            error.message,
            new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: `),
          );
          assert.match(error.message, message);
          return true;
        });
      }
    });
  }

  it('accepts distinct approvers with distinct keys', () => {
    const path = join(tempDir(), 'approvers.yaml');
    writeFileSync(path, file(entry('approver-a', A), entry('approver-b', B)));
    assert.deepEqual([...approverKeys(path).keys()], ['approver-a', 'approver-b']);
  });

  it('approver add refuses an existing name, and refuses to add to a file it cannot trust', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'approvers.yaml'), file(entry('approver-a', A)));
    const existing = await runIddio(['approver', 'add', 'approver-a'], {
      env: { IDDIO_HOME: home },
    });
    assert.equal(existing.code, EXIT.usage, existing.stderr);
    assert.match(existing.stderr, /^iddio: approver "approver-a" already exists/);
    writeFileSync(
      join(home, 'approvers.yaml'),
      file(entry('approver-a', A), entry('approver-a', B)),
    );
    const broken = await runIddio(['approver', 'add', 'approver-c'], { env: { IDDIO_HOME: home } });
    assert.equal(broken.code, EXIT.denied, broken.stderr);
    assert.match(broken.stderr, /would change its key/);
  });
});
