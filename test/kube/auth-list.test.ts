/**
 * `auth can-i --list` rule handling: breakdown, compaction, kubectl's sort by the Go String()
 * form, resource.group naming, Go-style lists; and the sandbox's SelfSubjectRulesReview.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newRequestId } from '../../src/audit/request-id.js';
import { startSandbox, VIEWER_CONTEXT, type Sandbox } from '../../src/sandbox/index.js';
import {
  accessRows,
  breakdownRule,
  combineResourceGroup,
  compactRules,
  goList,
  ruleString,
  sortRules,
  type PolicyRule,
} from '../../src/kube/verbs/auth-rules.js';
import { tempDir } from '../helpers/cli.js';
import { runExecutor } from './helpers.js';

const rule = (p: Partial<PolicyRule>): PolicyRule => ({
  verbs: [],
  apiGroups: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  ...p,
});
const same = (s: string): string => s;

describe('auth can-i --list rules', () => {
  it('breaks a rule down per group, resource, verb and name, then per URL and verb', () => {
    const parts = breakdownRule(
      rule({
        verbs: ['get', 'list'],
        apiGroups: ['', 'apps'],
        resources: ['pods'],
        resourceNames: ['a', 'b'],
      }),
    );
    assert.equal(parts.length, 8);
    assert.deepEqual(
      parts[0],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }),
    );
    assert.deepEqual(
      parts[1],
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['b'] }),
    );
    assert.deepEqual(parts[2]?.verbs, ['list']);
    assert.deepEqual(parts[4]?.apiGroups, ['apps']);
    const urls = breakdownRule(rule({ verbs: ['get', 'post'], nonResourceURLs: ['/a', '/b'] }));
    assert.deepEqual(
      urls.map((r) => `${r.nonResourceURLs[0]} ${r.verbs[0]}`),
      ['/a get', '/a post', '/b get', '/b post'],
    );
    assert.deepEqual(breakdownRule(rule({ verbs: ['get'], apiGroups: [''] })), []);
  });

  it('merges verbs of the same resource in the order met, keeps URL rules and their duplicates', () => {
    const broken = [
      rule({ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }),
      rule({ nonResourceURLs: ['/x'], verbs: ['get'] }),
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
      rule({ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }),
      rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }),
      rule({ nonResourceURLs: ['/x'], verbs: ['get'] }),
    ];
    const compacted = compactRules(broken);
    assert.equal(compacted.length, 4);
    assert.deepEqual(compacted[0], rule({ nonResourceURLs: ['/x'], verbs: ['get'] }));
    assert.deepEqual(compacted[1], compacted[0]);
    assert.deepEqual(compacted[2]?.verbs, ['watch', 'get']);
    assert.deepEqual(compacted[3]?.resourceNames, ['a']);
    // The input is not changed.
    assert.deepEqual(broken[0]?.verbs, ['watch']);
  });

  it('sorts by the Go String() form, verbs first, bytewise', () => {
    const a = rule({ verbs: ['get'], nonResourceURLs: ['/api'] });
    const b = rule({ verbs: ['get'], nonResourceURLs: ['/api/*'] });
    const c = rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    const d = rule({ verbs: ['create'], apiGroups: ['z'], resources: ['a'] });
    assert.equal(
      ruleString(c),
      '&PolicyRule{Verbs:[*],APIGroups:[*],Resources:[*],ResourceNames:[],NonResourceURLs:[],}',
    );
    assert.deepEqual(sortRules([a, b, d, c]), [c, d, b, a]);
    // In UTF-16 units U+1F600 (a surrogate pair, 0xD83D…) sorts before U+FF5E; in Go's bytes after.
    const e = rule({ verbs: ['\u{1F600}'] });
    const f = rule({ verbs: ['\uFF5E'] });
    assert.deepEqual(sortRules([e, f]), [f, e]);
  });

  it('names resources as resource.group/subresource and prints lists as Go does', () => {
    assert.equal(
      combineResourceGroup(['deployments/scale', 'x'], ['apps', 'y']),
      'deployments.apps/scale',
    );
    assert.equal(combineResourceGroup(['pods'], ['']), 'pods');
    assert.equal(combineResourceGroup(['*'], ['*']), '*.*');
    assert.equal(combineResourceGroup([], ['apps']), '');
    assert.equal(goList([]), '[]');
    assert.equal(goList(['get', 'list']), '[get list]');
  });

  it('builds the rows from a review status', () => {
    const rows = accessRows(
      {
        resourceRules: [
          {
            verbs: ['get', 'list'],
            apiGroups: ['apps'],
            resources: ['deployments', 'deployments/scale'],
          },
          { verbs: ['watch'], apiGroups: ['apps'], resources: ['deployments'] },
          { verbs: ['get'], resources: ['ignored'] },
        ],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      },
      same,
    );
    assert.deepEqual(rows, [
      ['deployments.apps', '[]', '[]', '[get list watch]'],
      ['deployments.apps/scale', '[]', '[]', '[get list]'],
      ['', '[/healthz]', '[]', '[get]'],
    ]);
  });
});

describe('auth can-i --list against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  const run = (argv: string[]) =>
    runExecutor(argv, {
      requestId: newRequestId(),
      cacheDir: tempDir('iddio-authlist-cache-'),
      env: { HOME: tempDir('iddio-authlist-'), KUBECONFIG: sandbox.kubeconfigPath },
    });

  it('lists the viewer’s reads without secrets, and the bootstrap rules', async () => {
    const result = await run(['auth', 'can-i', '--list', '--context', VIEWER_CONTEXT]);
    assert.equal(result.exitCode, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0] ?? '', /^Resources +Non-Resource URLs +Resource Names +Verbs$/);
    assert.ok(lines.some((l) => /^pods +\[\] +\[\] +\[get list watch\]$/.test(l)));
    assert.ok(
      lines.some((l) => /^deployments\.apps\/scale +\[\] +\[\] +\[get list watch\]$/.test(l)),
    );
    assert.ok(!lines.some((l) => l.startsWith('secrets ')));
    assert.ok(
      lines.some((l) =>
        /^selfsubjectrulesreviews\.authorization\.k8s\.io +\[\] +\[\] +\[create\]$/.test(l),
      ),
    );
    const post = result.apiRequests.find((r) => r.path.includes('selfsubjectrulesreviews'));
    assert.equal(post?.method, 'POST');
  });

  it('refuses arguments and -A before any request', async () => {
    const args = await run(['auth', 'can-i', '--list', 'get']);
    assert.equal(args.exitCode, 1);
    assert.equal(args.stderr, 'error: list option must be specified with no arguments\n');
    const all = await run(['auth', 'can-i', '--list', '-A']);
    assert.match(all.stderr, /list option can't be specified with neither quiet/);
    assert.equal(all.apiRequests.length, 0);
  });
});
