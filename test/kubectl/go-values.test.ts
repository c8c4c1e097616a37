/**
 * Typed flag values are refused exactly as pflag refuses them: each value is run through the
 * real kubectl 1.32.3 (flag parsing happens before --help is honoured, so no cluster is
 * needed) and through iddio's argv parser, and the first lines must agree.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { parseArgv } from '../../src/kubectl/argv.js';
import { parseGoDuration, parseGoInt } from '../../src/kubectl/go-values.js';
import { kubectlPath } from '../helpers/kubectl.js';

const run = promisify(execFile);
const env = { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' };

async function kubectlFirstLine(args: string[]): Promise<string> {
  try {
    await run(kubectlPath(), [...args, '--help'], { env, maxBuffer: 1 << 22 });
    return 'accepted';
  } catch (error) {
    return String((error as { stderr: string }).stderr).split('\n')[0] ?? '';
  }
}

function iddioFirstLine(args: string[]): string {
  try {
    parseArgv(args);
    return 'accepted';
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const INTS = [
  '0',
  '7',
  '-1',
  '+3',
  '0x1F',
  '0X1f',
  '0o17',
  '0O17',
  '017',
  '09',
  '0b101',
  '0B1',
  '1_000',
  '0x_f',
  '_1',
  '1_',
  '1__0',
  '0_7',
  'abc',
  '',
  ' 1',
  '1.0',
  '1e3',
  '0x',
  '0b2',
  '٣',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854775809',
  '2147483647',
  '2147483648',
  '-2147483649',
  'a"b',
  'x\\y',
];
const DURATIONS = [
  '0',
  '-0',
  '+0',
  '5',
  '5s',
  '1.5s',
  '.5s',
  '5.s',
  '.s',
  '1h30m',
  '1h-30m',
  '1m0s',
  '100ms',
  '3us',
  '3µs',
  '3μs',
  '2ns',
  '1d',
  'abc',
  '',
  '-',
  '+',
  's',
  '1x',
  '5 s',
  '1.5.s',
  '2562047h47m16.854775807s',
  '2562047h47m16.854775808s',
  '-2562047h47m16.854775808s',
  '9999999999999999999h',
  '1.00000000000000000001s',
  'µs',
  '1h\u00e9',
];

test('integer flags: iddio refuses and accepts exactly what kubectl 1.32.3 does', async () => {
  const cases = [
    ...INTS.map((v) => ['scale', 'deploy/x', `--replicas=${v}`]), // int
    ...INTS.map((v) => ['create', 'deployment', 'x', '--image=y', '-r', v]), // int32, shorthand
  ];
  const expected = await Promise.all(cases.map(kubectlFirstLine));
  const mismatches = cases
    .map((args, i) => ({ args, kubectl: expected[i], iddio: iddioFirstLine(args) }))
    .filter((c) => c.kubectl !== c.iddio);
  assert.deepEqual(mismatches, []);
});

test('duration flags: iddio refuses and accepts exactly what kubectl 1.32.3 does', async () => {
  const cases = [
    ...DURATIONS.map((v) => ['wait', 'pod/x', '--for=delete', `--timeout=${v}`]),
    ...['abc', '5', '5s'].map((v) => ['get', 'pods', `--log-flush-frequency=${v}`]),
    ...['abc', '4294967296', '3'].map((v) => ['get', 'pods', `-v=${v}`]), // klog's int32 level
  ];
  const expected = await Promise.all(cases.map(kubectlFirstLine));
  const mismatches = cases
    .map((args, i) => ({ args, kubectl: expected[i], iddio: iddioFirstLine(args) }))
    .filter((c) => c.kubectl !== c.iddio);
  assert.deepEqual(mismatches, []);
});

test('values are read as Go reads them', () => {
  const int = (text: string) => {
    const parsed = parseGoInt(text, 64);
    return parsed.ok ? parsed.value : parsed.error;
  };
  assert.equal(int('0x1F'), 31n);
  assert.equal(int('017'), 15n);
  assert.equal(int('0b101'), 5n);
  assert.equal(int('1_000'), 1000n);
  assert.equal(int('-9223372036854775808'), -(2n ** 63n));
  assert.equal(int('12a'), 'strconv.ParseInt: parsing "12a": invalid syntax');
  const ns = (text: string) => {
    const parsed = parseGoDuration(text);
    return parsed.ok ? parsed.value : parsed.error;
  };
  assert.equal(ns('1h30m'), 5_400_000_000_000n);
  assert.equal(ns('1.5s'), 1_500_000_000n);
  assert.equal(ns('-2m'), -120_000_000_000n);
  assert.equal(ns('.5ms'), 500_000n);
  assert.equal(ns('5'), 'time: missing unit in duration "5"');
  assert.equal(ns('1d'), 'time: unknown unit "d" in duration "1d"');
});
