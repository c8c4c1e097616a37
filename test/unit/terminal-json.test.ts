/**
 * Hostile strings (an 8-bit CSI, a bidi override, ESC) are escaped, not stripped, in every
 * JSON iddio prints: the text is inert on a terminal and parses back to the same data.
 * The CLI cases run the built binary (`npm run build` first).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { requestDoc, requestFile } from '../../src/approval/request-doc.js';
import { writeRequestFile } from '../../src/approval/inbox.js';
import { toTerminalJson } from '../../src/common/terminal-json.js';
import { runIddio, tempDir } from '../helpers/cli.js';
import { buildEvents, sampleInput, writeLog } from '../audit/helpers/log.js';

const HOSTILE = 'a\u009b31mred\u202eevil\u001b[2Jz\u2067\u007f\u0085';
// Anything a terminal could act on or that reorders text: C0 but \n, DEL, C1, bidi controls.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertInert(text: string): void {
  assert.doesNotMatch(text, UNSAFE, `raw control in ${JSON.stringify(text)}`);
}

describe('toTerminalJson', () => {
  it('escapes C1, DEL, bidi and ESC as \\uXXXX and parses back to the same value', () => {
    const value = { [HOSTILE]: [HOSTILE, 1, null, { k: HOSTILE }] };
    for (const indent of [undefined, 2]) {
      const text = toTerminalJson(value, indent);
      assertInert(text);
      assert.match(text, /\\u009b31m/);
      assert.match(text, /\\u202e/);
      assert.match(text, /\\u001b\[2J/);
      assert.deepEqual(JSON.parse(text), value);
    }
  });

  it('equals JSON.stringify for ordinary data, and is null for undefined', () => {
    const value = { a: 'é ✓ 日本 "q" \\', n: [1, 2.5, true] };
    assert.equal(toTerminalJson(value, 2), JSON.stringify(value, null, 2));
    assert.equal(toTerminalJson(undefined), 'null');
  });

  it('property: any string survives the round trip and prints inert', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, s) => {
        const doc = { value, s, [s]: s };
        const text = toTerminalJson(doc);
        assertInert(text);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(doc)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('CLI --json output is inert and lossless', () => {
  it('audit log --json', async () => {
    const home = tempDir();
    mkdirSync(join(home, 'audit'), { recursive: true });
    const { lines } = buildEvents(2, {
      input: (i) => ({ ...sampleInput(i), argv: ['get', 'pods', HOSTILE], reason: HOSTILE }),
    });
    writeLog(join(home, 'audit', 'audit.ndjson'), lines);
    const run = await runIddio(['audit', 'log', '--json'], { env: { IDDIO_HOME: home } });
    assert.equal(run.code, 0, run.stderr);
    assertInert(run.stdout);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; reason: string });
    assert.equal(events.length, 2);
    for (const event of events) {
      assert.equal(event.argv[2], HOSTILE);
      assert.equal(event.reason, HOSTILE);
    }
  });

  it('classify --json', async () => {
    const run = await runIddio(['classify', '--json', '--', 'get', 'pods', HOSTILE]);
    assert.equal(run.code, 0, run.stderr);
    assertInert(run.stdout);
    const doc = JSON.parse(run.stdout) as { invocation: { argv: string[] } };
    assert.equal(doc.invocation.argv.length, 3);
  });

  it('inbox --json', async () => {
    const home = tempDir();
    const doc = requestDoc(
      {
        requestId: 'idd_01M8B7E3QSVXRGS6WDVWC5JV4R',
        agent: HOSTILE,
        identity: 'declared',
        argv: ['delete', 'pod', HOSTILE],
        tier: 3,
        tierLabel: 'sensitive',
        rule: 'r',
        reason: HOSTILE,
        timeoutMs: 600_000,
      },
      Date.now(),
    );
    writeRequestFile(join(home, 'inbox'), requestFile(doc));
    const run = await runIddio(['inbox', '--json'], { env: { IDDIO_HOME: home } });
    assert.equal(run.code, 0, run.stderr);
    assertInert(run.stdout);
    const listed = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    assert.equal(listed.length, 1);
    const text = JSON.stringify(listed[0]);
    assert.ok(text.includes(JSON.stringify(HOSTILE)), `hostile text kept: ${text}`);
  });
});
