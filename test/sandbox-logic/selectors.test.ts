import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatLabelSelector,
  matchLabels,
  parseLabelSelector,
  SelectorError,
} from '../../src/sandbox/selectors/labels.js';
import {
  matchFields,
  parseFieldSelector,
  validateFieldSelector,
} from '../../src/sandbox/selectors/fields.js';
import type { KubeObject } from '../../src/sandbox/types.js';

const labels = { app: 'web', tier: 'frontend', env: 'prod', version: '3' };

const matching: [string, Record<string, string> | undefined, boolean][] = [
  ['', labels, true],
  ['   ', undefined, true],
  ['app=web', labels, true],
  ['app=api', labels, false],
  ['app==web', labels, true],
  ['app!=web', labels, false],
  ['app!=api', labels, true],
  ['missing!=x', labels, true],
  ['app in (api,web)', labels, true],
  ['app in (api, db)', labels, false],
  ['missing in (a)', labels, false],
  ['app notin (api,db)', labels, true],
  ['app notin (web)', labels, false],
  ['missing notin (a)', labels, true],
  ['app', labels, true],
  ['missing', labels, false],
  ['!missing', labels, true],
  ['!app', labels, false],
  ['app=web,tier=frontend', labels, true],
  ['app=web, tier=backend', labels, false],
  ['app=web,!missing,env in (prod),tier', labels, true],
  ['app=web', undefined, false],
  ['!app', undefined, true],
  ['version>2', labels, true],
  ['version<3', labels, false],
  ['app>2', labels, false],
  ['env=', { env: '' }, true],
  ['env=', labels, false],
  ['env in (,prod)', { env: '' }, true],
  ['x in (in)', { x: 'in' }, true],
  ['example.com/role=db', { 'example.com/role': 'db' }, true],
];

for (const [text, set, expected] of matching) {
  test(`label selector ${JSON.stringify(text)} on ${JSON.stringify(set)} → ${expected}`, () => {
    assert.equal(matchLabels(parseLabelSelector(text), set), expected);
  });
}

test('label requirements are sorted by key and values de-duplicated, as the server keeps them', () => {
  const sel = parseLabelSelector('tier in (b,a,b),app=web');
  assert.deepEqual(sel.requirements, [
    { key: 'app', operator: '=', values: ['web'] },
    { key: 'tier', operator: 'in', values: ['a', 'b'] },
  ]);
  assert.equal(formatLabelSelector(sel), 'app=web,tier in (a,b)');
});

const QNAME_DETAIL =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_DETAIL =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const errors: [string, string][] = [
  ['app=web=x', "found '=', expected: ',' or 'end of string'"],
  ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
  ['app=a b', "found 'b', expected: ',' or 'end of string'"],
  ['app in web', "unable to parse requirement: found 'web' expected: '('"],
  ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
  ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
  ['app in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
  ['app,', "found '', expected: identifier after ','"],
  [',app', "found ',', expected: !, identifier, or 'end of string'"],
  ['=web', "found '=', expected: !, identifier, or 'end of string'"],
  ['!', "unable to parse requirement: found '', expected: identifier"],
  ['!app=web', "found '=', expected: ',' or 'end of string'"],
  ['app=(', "unable to parse requirement: found '(', expected: identifier"],
  ['-app=web', `unable to parse requirement: <nil>: Invalid value: "-app": ${QNAME_DETAIL}`],
  [
    '/app',
    'unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty',
  ],
  [
    'a/b/c',
    `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
  ],
  [
    `${'k'.repeat(64)}`,
    `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
  ],
  [
    'app=-web',
    `unable to parse requirement: values[0][app]: Invalid value: "-web": ${VALUE_DETAIL}`,
  ],
  [
    `app=${'v'.repeat(64)}`,
    `unable to parse requirement: values[0][app]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
  ],
  [
    'app in (-a,-b)',
    `unable to parse requirement: [values[0][app]: Invalid value: "-a": ${VALUE_DETAIL}, values[1][app]: Invalid value: "-b": ${VALUE_DETAIL}]`,
  ],
  [
    'version>x',
    `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
];

for (const [text, message] of errors) {
  test(`bad label selector ${JSON.stringify(text)} is the server's error`, () => {
    assert.throws(
      () => parseLabelSelector(text),
      (err: unknown) => {
        assert.ok(err instanceof SelectorError);
        assert.equal(err.reason, 'BadRequest');
        assert.equal(err.message, message);
        return true;
      },
    );
  });
}

function obj(apiVersion: string, kind: string, extra: Record<string, unknown>): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'web-1', namespace: 'payments' },
    ...extra,
  };
}

const pod = obj('v1', 'Pod', {
  spec: { nodeName: 'node-a', restartPolicy: 'Always', serviceAccountName: 'default' },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
});
const event = obj('v1', 'Event', {
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'payments', uid: 'u-1' },
  reason: 'BackOff',
  type: 'Warning',
  source: { component: 'kubelet' },
});
const node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-a' },
  spec: { unschedulable: true },
};

const fieldCases: [string, KubeObject, boolean][] = [
  ['', pod, true],
  ['metadata.name=web-1', pod, true],
  ['metadata.name==web-1', pod, true],
  ['metadata.name!=web-1', pod, false],
  ['metadata.namespace=payments,status.phase=Running', pod, true],
  ['status.phase!=Running', pod, false],
  ['status.phase=Pending', pod, false],
  ['spec.nodeName=node-a', pod, true],
  ['spec.host=node-a', pod, true],
  ['spec.nodeName=', pod, false],
  ['status.podIP=10.0.0.5', pod, true],
  ['spec.hostNetwork=false', pod, true],
  ['involvedObject.kind=Pod,involvedObject.name=web-1', event, true],
  ['involvedObject.uid=u-2', event, false],
  ['involvedObject.namespace=payments', event, true],
  ['involvedObject.fieldPath=', event, true],
  ['type=Warning,reason=BackOff', event, true],
  ['source=kubelet', event, true],
  ['spec.unschedulable=true', node, true],
  ['spec.unschedulable=false', node, false],
  ['metadata.name=node-a', node, true],
  ['metadata.name=a\\,b', obj('v1', 'ConfigMap', { metadata: { name: 'a,b' } }), true],
];

for (const [text, object, expected] of fieldCases) {
  test(`field selector ${JSON.stringify(text)} on ${object.kind} → ${expected}`, () => {
    assert.equal(matchFields(parseFieldSelector(text), object), expected);
  });
}

const fieldErrors: [string, string | undefined, string][] = [
  [
    'metadata.name',
    undefined,
    "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
  ],
  [
    'a=b,metadata.name',
    undefined,
    "invalid selector: 'a=b,metadata.name'; can't understand 'metadata.name'",
  ],
  ['metadata.name=a\\b', undefined, 'invalid field selector: invalid escape sequence: \\b'],
  ['metadata.name=a\\', undefined, 'invalid field selector: invalid escape sequence: \\'],
  ['metadata.name=a=b', undefined, 'invalid field selector: unescaped character in value: 61'],
  ['spec.foo=x', 'Pod', 'field label not supported: spec.foo'],
  ['metadata.namespace=x', 'Node', 'field label not supported: metadata.namespace'],
  ['spec.type=x', 'Pod', 'field label not supported: spec.type'],
  ['status.phase=x', 'v1/Service', 'field label not supported: status.phase'],
  [
    'spec.replicas=1',
    'apps/v1/Deployment',
    '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
  ],
  ['status.active=1', 'batch/v1/Job', 'field label "status.active" not supported for batchv1.Job'],
];

for (const [text, kind, message] of fieldErrors) {
  test(`bad field selector ${JSON.stringify(text)} (${kind ?? 'any kind'}) is the server's error`, () => {
    assert.throws(
      () => parseFieldSelector(text, kind),
      (err: unknown) => err instanceof SelectorError && err.message === message,
    );
  });
}

test('field selector terms are sorted and unescaped; kind support is checked per kind', () => {
  const sel = parseFieldSelector('status.phase=Running,metadata.name=a\\=b');
  assert.deepEqual(sel.terms, [
    { field: 'metadata.name', operator: '=', value: 'a=b' },
    { field: 'status.phase', operator: '=', value: 'Running' },
  ]);
  assert.doesNotThrow(() => validateFieldSelector(sel, 'Pod'));
  assert.throws(() => validateFieldSelector(sel, 'ConfigMap'), SelectorError);
  // matchFields refuses an unsupported field instead of silently matching nothing.
  assert.throws(() => matchFields(sel, obj('v1', 'ConfigMap', {})), /is not a known field/);
  // Events in events.k8s.io are not core events: no involvedObject fields there.
  const sel2 = parseFieldSelector('type=Warning');
  assert.throws(() => matchFields(sel2, obj('events.k8s.io/v1', 'Event', {})), SelectorError);
});
