import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureEvent } from '../../src/recording/capture.js';
import { Capture } from '../../src/recording/capture.js';
import { redactPatterns } from '../../src/recording/patterns.js';
import {
  redactionScope,
  redactRecording,
  type RedactionScope,
} from '../../src/recording/redact.js';

const PASSWORD_B64 = Buffer.from('not-a-real-password').toString('base64');
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n';
const CERT_B64 = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n',
).toString('base64');

function text(events: CaptureEvent[], code: 'o' | 'e' = 'o'): string {
  return events
    .filter((e) => e[1] === code)
    .map((e) => e[2])
    .join('');
}

const yamlSecret = `apiVersion: v1
data:
  DB_PASSWORD: ${PASSWORD_B64}
kind: Secret
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","data":{"DB_PASSWORD":"${PASSWORD_B64}"},"kind":"Secret"}
  name: db
type: Opaque
`;

test('a Secret in -o yaml keeps its formatting; data and last-applied are redacted', () => {
  const out = redactRecording([[0.1, 'o', yamlSecret]], { secrets: true, format: 'yaml' });
  const stored = text(out);
  assert.ok(!stored.includes(PASSWORD_B64), stored);
  assert.match(stored, /^ {2}DB_PASSWORD: <redacted>$/m);
  assert.match(stored, /name: db/);
});

test('a decoded secret value printed elsewhere (stderr) is scrubbed too', () => {
  const out = redactRecording(
    [
      [0.1, 'o', yamlSecret],
      [0.2, 'e', 'warning: not-a-real-password is weak\n'],
    ],
    { secrets: true, format: 'yaml' },
  );
  assert.equal(text(out, 'e'), 'warning: <redacted> is weak\n');
});

test('a SecretList from -o json (items without kind, as the API returns them) is redacted', () => {
  const list = JSON.stringify(
    {
      kind: 'SecretList',
      items: [{ metadata: { name: 'a' }, stringData: { k: 'multi\nline secret' } }],
    },
    null,
    4,
  );
  const out = redactRecording([[0, 'o', `${list}\n`]], { secrets: false, format: 'json' });
  assert.ok(!text(out).includes('multi'), text(out));
  assert.doesNotThrow(() => JSON.parse(text(out)));
});

test('a multi-line stringData block in YAML is re-serialised when in-place replacement cannot prove it gone', () => {
  const doc = 'kind: Secret\nstringData:\n  cert: |\n    line-one-secret\n    line-two-secret\n';
  const out = redactRecording([[0, 'o', doc]], { secrets: true, format: 'yaml' });
  assert.ok(!/line-(one|two)-secret/.test(text(out)), text(out));
});

test('a secret read in jsonpath, custom-columns or a stream that does not parse keeps no stdout', () => {
  for (const scope of [
    { secrets: true, format: 'other' },
    { secrets: true, format: 'json' },
  ] as RedactionScope[]) {
    const out = redactRecording([[0, 'o', `${PASSWORD_B64} {"a":1}{"b":2}`]], scope);
    assert.ok(!text(out).includes(PASSWORD_B64));
    assert.match(text(out), /not kept/);
  }
});

test('table output of secrets (key counts only) is kept as printed, with its timing', () => {
  const events: CaptureEvent[] = [
    [0.1, 'o', 'NAME   TYPE     DATA   AGE\n'],
    [0.2, 'o', 'db     Opaque   1      3d\n'],
  ];
  assert.deepEqual(redactRecording(events, { secrets: true, format: 'safe' }), events);
});

test('credential shapes anywhere: bearer, JWT, PEM keys (plain and base64), iddio tokens, kubeconfig lines', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl';
  const keyB64 = Buffer.from(KEY_PEM).toString('base64');
  const input = [
    'Authorization: Bearer abc.def-123',
    `sa token ${jwt}`,
    KEY_PEM,
    `client-key-data: ${keyB64}`,
    `certificate-authority-data: ${CERT_B64}`,
    'IDDIO_AGENT_TOKEN=iddio_0123456789abcdefghijKLMN',
    '"token": "s3cr3t-value"',
  ].join('\n');
  const out = redactPatterns(input);
  for (const secret of [
    'abc.def-123',
    jwt,
    'MIIEvQIBADANBg',
    keyB64,
    'iddio_0123456789',
    's3cr3t-value',
  ]) {
    assert.ok(!out.includes(secret), `${secret} left in ${out}`);
  }
  assert.ok(out.includes(CERT_B64), 'a certificate is public and kept');
});

test('a private key split across two chunks is still found: the stream is stored as one chunk', () => {
  const [a, b] = [KEY_PEM.slice(0, 20), KEY_PEM.slice(20)];
  const out = redactRecording(
    [
      [0.1, 'o', `log: ${a}`],
      [0.5, 'o', b],
    ],
    { secrets: false, format: 'safe' },
  );
  assert.ok(!text(out).includes('MIIEvQIBADANBg'), text(out));
});

test('the capture keeps at most maxBytes (on a character boundary) and counts the rest', () => {
  let now = 1000;
  const capture = new Capture(1000, 10, () => now);
  capture.write('stdout', 'héllo ');
  now = 1500;
  capture.write('stderr', 'wörld and more');
  assert.equal(capture.bytes <= 10, true);
  assert.equal(capture.bytes + capture.dropped, Buffer.byteLength('héllo wörld and more'));
  assert.deepEqual(capture.events[1]?.slice(0, 2), [0.5, 'e']);
  assert.equal(capture.truncated, true);
});

test('an interactive capture joins chunks of one code that come within coalesceMs', () => {
  let now = 0;
  const capture = new Capture(0, 1000, () => now);
  capture.coalesceMs = 50;
  for (const key of ['l', 's', '\n']) {
    capture.add('i', key);
    now += 10;
  }
  capture.add('o', 'a');
  now += 10;
  capture.add('o', 'b');
  now += 100;
  capture.add('o', 'c');
  assert.deepEqual(capture.events, [
    [0, 'i', 'ls\n'],
    [0.03, 'o', 'ab'],
    [0.14, 'o', 'c'],
  ]);
  assert.equal(capture.bytes, 6);
});

test('redactionScope: secret reads and their output formats', () => {
  const inv = (over: Record<string, unknown>) =>
    ({ verb: 'get', targets: [], manifests: [], flags: {}, ...over }) as Parameters<
      typeof redactionScope
    >[0];
  const secrets = [{ resource: 'secrets', group: '', names: [], known: true, typed: 'secret' }];
  assert.deepEqual(redactionScope(inv({ targets: secrets, output: 'yaml' })), {
    secrets: true,
    format: 'yaml',
  });
  assert.deepEqual(redactionScope(inv({ targets: secrets, output: 'jsonpath={.data}' })), {
    secrets: true,
    format: 'other',
  });
  assert.deepEqual(redactionScope(inv({ targets: secrets })), { secrets: true, format: 'safe' });
  assert.deepEqual(redactionScope(inv({ verb: 'config', subverb: 'view' })), {
    secrets: false,
    format: 'yaml',
  });
  assert.deepEqual(redactionScope(inv({ verb: 'create', subverb: 'secret', output: 'json' })), {
    secrets: true,
    format: 'json',
  });
});
