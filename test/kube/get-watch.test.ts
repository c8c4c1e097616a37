/**
 * `get -w` in-process: the pieces that make its output kubectl's (remembered column widths,
 * Go durations and compact JSON), the requests it makes, and how it ends — quietly at
 * --request-timeout (exit 0), with 130 when aborted, with kubectl's errors for what it refuses.
 * test/compat/watch.test.ts compares whole runs with the real kubectl.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { goDuration, parseRequestTimeout } from '../../src/kube/request-timeout.js';
import { RememberingTabwriter, compactJson } from '../../src/kube/verbs/get-watch-print.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

describe('get -w pieces', () => {
  it('formats durations as Go does for the timeout query', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [2e9, '2s'],
      [1.5e9, '1.5s'],
      [90e9, '1m30s'],
      [3600e9, '1h0m0s'],
      [5400.25e9, '1h30m0.25s'],
      [500e6, '500ms'],
      [1500, '1.5µs'],
      [999, '999ns'],
      [-1e9, '-1s'],
    ];
    for (const [ns, text] of cases) assert.equal(goDuration(ns), text, String(ns));
  });

  it('reads --request-timeout as clientcmd does: whole seconds or a Go duration', () => {
    const cases: Array<[string, number | undefined]> = [
      ['5', 5e9],
      ['0', 0],
      ['2m', 120e9],
      ['1h30m', 5400e9],
      ['1.5s', 1.5e9],
      ['250ms', 250e6],
      ['-1s', -1e9],
      ['-1', undefined],
      ['abc', undefined],
      ['5x', undefined],
      ['s', undefined],
      ['', undefined],
    ];
    for (const [text, ns] of cases) assert.equal(parseRequestTimeout(text), ns, text);
  });

  it('remembers column widths across flushes, and grows them', () => {
    const tabs = new RememberingTabwriter();
    assert.equal(
      tabs.write([
        ['NAME', 'AGE'],
        ['a-long-name', '1d'],
      ]),
      'NAME          AGE\na-long-name   1d\n',
    );
    // A narrower row later is still aligned under the header (plain tabwriter: "b      2d").
    assert.equal(tabs.write([['b', '2d']]), 'b             2d\n');
    assert.equal(tabs.write([['a-much-longer-name', '3d']]), 'a-much-longer-name   3d\n');
    assert.equal(tabs.write([['c', '4d']]), 'c                    4d\n');
  });

  it('marshals event wrappers compactly with sorted keys and Go escapes', () => {
    assert.equal(
      compactJson({ b: [1, true, null], a: { y: '<&>', x: 'é\n' }, u: undefined }),
      '{"a":{"x":"é\\n","y":"\\u003c\\u0026\\u003e"},"b":[1,true,null]}',
    );
  });
});

describe('get -w against the sandbox', () => {
  let sandbox: Sandbox;
  let env: Record<string, string | undefined>;
  let cacheDir: string;
  const run = (argv: string[], signal?: AbortSignal) =>
    runExecutor(argv, { requestId: newRequestId(), cacheDir, env, signal });

  before(async () => {
    sandbox = await startSandbox();
    env = { HOME: tempDir('iddio-watch-'), KUBECONFIG: sandbox.kubeconfigPath };
    cacheDir = tempDir('iddio-watch-cache-');
  });
  after(async () => {
    await sandbox.stop();
  });

  it('lists, then watches from the list resourceVersion until --request-timeout, exit 0', async () => {
    const started = Date.now();
    const result = await run(['get', 'pods', '-n', 'payments', '-w', '--request-timeout=1s']);
    const took = Date.now() - started;
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.ok(took >= 1000 && took < 5000, `took ${took} ms`);
    assert.match(result.stdout, /^NAME +READY +STATUS +RESTARTS +AGE\n(api|worker)-/);
    const [list, watch] = result.apiRequests.slice(-2);
    assert.match(list?.path ?? '', /\/namespaces\/payments\/pods\?limit=500&timeout=1s$/);
    assert.match(
      watch?.path ?? '',
      /\/namespaces\/payments\/pods\?resourceVersion=\d+&timeout=1s&watch=true$/,
    );
    assert.equal(watch?.status, 200);
  });

  it('watches a named object from "0" by field selector and stops with 130 when aborted', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 800);
    const result = await run(
      ['get', 'nodes', 'sandbox-worker', '-w', '-o', 'name'],
      controller.signal,
    );
    clearTimeout(timer);
    assert.equal(result.exitCode, 130);
    // The synthetic ADDED that opens a named watch is not printed again.
    assert.equal(result.stdout, 'node/sandbox-worker\n');
    assert.match(
      result.apiRequests.at(-1)?.path ?? '',
      /\/api\/v1\/nodes\?fieldSelector=metadata.name%3Dsandbox-worker&resourceVersion=0&watch=true$/,
    );
  });

  it('refuses what kubectl refuses, in its words, before watching', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [
        ['get', 'pods', '--output-watch-events'],
        1,
        /^error: --output-watch-events option can only be used with --watch or --watch-only\n$/,
      ],
      [['get', 'pods', '-w', '--request-timeout=soon'], 1, /^error: Invalid timeout value\. /],
      [
        ['get', 'pods,svc', '-n', 'payments', '-w'],
        1,
        /^error: you may only specify a single resource type\n$/,
      ],
      [
        ['get', '-w'],
        1,
        /^error: You must provide one or more resources by argument or filename\.\n/,
      ],
      [
        ['get', 'pods', 'a', 'b', '-l', 'app=api', '-w'],
        1,
        /^error: name cannot be provided when a selector is specified\n$/,
      ],
      [
        ['get', 'pods', '--request-timeout=abc'],
        1,
        /^error: Invalid timeout value\. Timeout must be a single integer in seconds/,
      ],
      [
        ['get', 'pods', '-w', '-o', 'jsonpath={.kind}'],
        2,
        /^iddio: get --watch -o jsonpath is not supported yet\n$/,
      ],
    ];
    for (const [argv, code, stderr] of cases) {
      const result = await run(argv);
      assert.equal(result.exitCode, code, `${argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, stderr, argv.join(' '));
      assert.equal(result.stdout, '', argv.join(' '));
      assert.ok(!result.apiRequests.some((r) => r.path.includes('watch=true')), argv.join(' '));
    }
  });

  it('prints both named objects, then refuses to watch two', async () => {
    const result = await run(['get', 'nodes', 'sandbox-worker', 'sandbox-worker2', '-w']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stdout, /^NAME .*\nsandbox-worker .*\nsandbox-worker2 .*\n$/);
    assert.equal(
      result.stderr,
      'error: you may only watch a single resource or type of resource at a time\n',
    );
  });
});
