/**
 * kubectl get's checks before any request: --raw (Complete/Validate, url.ParseRequestURI),
 * selectors with names (the resource builder), and --request-timeout (clientcmd ParseTimeout).
 * The binary differential suite compares the full command lines with kubectl 1.32.3.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeError } from '../../src/kube/errors.js';
import type { KubeInvocation } from '../../src/kube/types.js';
import {
  isTupleForm,
  rawUsage,
  requestUriError,
  selectorUsage,
} from '../../src/kube/verbs/get-usage.js';
import { parseRequestTimeout } from '../../src/kube/request-timeout.js';

function inv(extra: Partial<KubeInvocation>): KubeInvocation {
  return {
    verb: 'get',
    args: [],
    targets: [],
    allNamespaces: false,
    flags: {},
    flagsSet: [],
    ...extra,
  } as unknown as KubeInvocation;
}

const failsWith = (fn: () => void, line: string): void =>
  assert.throws(fn, (e: unknown) => e instanceof KubeError && e.line === line && e.exitCode === 1);

describe('get --raw refusals', () => {
  it('refuses arguments first, then filters, then -o, then a bad URL', () => {
    failsWith(
      () => rawUsage(inv({ raw: '/api', args: ['pods'], output: 'json' })),
      'error: arguments may not be passed when --raw is specified',
    );
    const filter =
      'error: --raw may not be specified with other flags that filter the server request or alter the output';
    failsWith(() => rawUsage(inv({ raw: '/api', selector: 'a=b', output: 'json' })), filter);
    failsWith(() => rawUsage(inv({ raw: '/api', flags: { watch: ['true'] } })), filter);
    failsWith(() => rawUsage(inv({ raw: '/api', flags: { 'watch-only': ['true'] } })), filter);
    failsWith(
      () => rawUsage(inv({ raw: 'api', output: 'wide' })),
      'error: --raw and --output are mutually exclusive',
    );
    failsWith(
      () => rawUsage(inv({ raw: 'api' })),
      'error: --raw must be a valid URL path: parse "api": invalid URI for request',
    );
    failsWith(
      () => rawUsage(inv({ raw: '/api', flags: { 'output-watch-events': ['true'] } })),
      'error: --output-watch-events option can only be used with --watch or --watch-only',
    );
  });
  it('lets a field selector, -A and an empty -o through', () => {
    rawUsage(inv({ raw: '/api', fieldSelector: 'a=b', allNamespaces: true, output: '' }));
    rawUsage(inv({ raw: '', args: ['pods'] }));
  });
  it('judges the path as Go url.ParseRequestURI', () => {
    assert.equal(requestUriError('/api/v1?x=%zz'), undefined);
    assert.equal(requestUriError('https://h/api'), undefined);
    assert.equal(requestUriError('x:opaque'), undefined);
    assert.equal(requestUriError('/%zz'), 'invalid URL escape "%zz"');
    assert.equal(requestUriError('/a%2'), 'invalid URL escape "%2"');
    assert.equal(requestUriError(':x'), 'missing protocol scheme');
    assert.equal(requestUriError('1:x'), 'invalid URI for request');
    assert.equal(requestUriError('/a\tb'), 'net/url: invalid control character in URL');
  });
});

describe('get selectors with names', () => {
  it('gives the builder message for each form', () => {
    const tuple =
      'error: selectors and the all flag cannot be used when passing resource/name arguments';
    const name = 'error: name cannot be provided when a selector is specified';
    failsWith(() => selectorUsage(inv({ args: ['pods/x'], selector: 'a' })), tuple);
    failsWith(() => selectorUsage(inv({ args: ['pods,svc', 'x'], selector: 'a' })), tuple);
    failsWith(() => selectorUsage(inv({ args: ['pods/x'], fieldSelector: 'a=b' })), tuple);
    failsWith(() => selectorUsage(inv({ args: ['pod', 'x'], selector: 'a' })), name);
    failsWith(() => selectorUsage(inv({ args: ['pods,pods', 'x'], selector: 'a' })), name);
    selectorUsage(inv({ args: ['pods'], selector: 'a' }));
    selectorUsage(inv({ args: ['pod', 'x'], selector: '  ', fieldSelector: '' }));
  });
  it('recognises the resource/name form', () => {
    assert.equal(isTupleForm(['pods/x']), true);
    assert.equal(isTupleForm(['pods,svc', 'x']), true);
    assert.equal(isTupleForm(['pods,svc']), false);
    assert.equal(isTupleForm(['pod', 'x']), false);
  });
});

describe('get --request-timeout', () => {
  it('reads whole seconds, else a Go duration', () => {
    const cases: Array<[string, number | undefined]> = [
      ['5', 5e9],
      ['+5', 5e9],
      ['0', 0],
      ['-0', 0],
      ['1.5h', 5.4e12],
      ['-1s', -1e9],
      ['500ms', 5e8],
      ['1h2m3.5s', 3723.5e9],
      ['-1', undefined],
      ['1x', undefined],
      ['abc', undefined],
      ['0x10', undefined],
      ['1_000', undefined],
      ['1e3s', undefined],
      ['', undefined],
    ];
    for (const [text, ns] of cases) assert.equal(parseRequestTimeout(text), ns, text);
  });
});
