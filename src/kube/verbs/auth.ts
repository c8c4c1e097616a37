/**
 * `kubectl auth can-i VERB (TYPE[/NAME] | NONRESOURCEURL)` and `kubectl auth whoami`,
 * through SelfSubjectAccessReview and SelfSubjectReview, printed as kubectl prints them.
 */
import { EXIT } from '../../common/exit-codes.js';
import { escapeTerminalUnsafeJson } from '../../common/terminal-json.js';
import { stripControlLine } from '../../common/sanitize.js';
import { usageError } from '../errors.js';
import { flagBool, flagValue, HANDLED_FLAGS, notSupported, requireHandled } from '../flags.js';
import { findResource } from '../resolve.js';
import { printYaml } from '../printers/yaml.js';
import { tabwrite } from '../printers/tabwriter.js';
import { ACCESS_HEADER, accessRows, type RulesReviewStatus } from './auth-rules.js';
import type { VerbContext } from './context.js';

const KNOWN_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
  'approve',
  'sign',
  'escalate',
  'attest',
]);

/** Resources the server accepts in reviews that discovery does not list (for `impersonate`). */
const NON_STANDARD_RESOURCES = new Set(['users', 'groups']);

const NON_RESOURCE_VERBS = new Set([
  'get',
  'put',
  'post',
  'head',
  'options',
  'delete',
  'patch',
  '*',
]);

interface Review {
  status?: { allowed?: boolean; reason?: string; evaluationError?: string };
}

export async function canI(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  requireHandled(inv, HANDLED_FLAGS['auth can-i']);
  if (flagBool(inv, 'list')) return canIList(ctx);
  const args = inv.args ?? [];
  const [verb, what] = args;
  if (verb === undefined || what === undefined || args.length > 2) {
    throw usageError(
      "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
    );
  }
  const quiet = flagBool(inv, 'quiet');
  // kubectl's warning printer writes to stderr even with -q (which only silences stdout).
  let warnings = '';
  const warn = (text: string): void => {
    warnings += `Warning: ${stripControlLine(text)}\n\n`;
  };
  let spec: Record<string, unknown>;
  if (what.startsWith('/')) {
    spec = { nonResourceAttributes: { path: what, verb } };
    if ((flagValue(inv, 'subresource') ?? '') !== '')
      throw usageError('--subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warn(`verb '${verb}' is not a known verb`);
  } else {
    const slash = what.indexOf('/');
    const typed = slash >= 0 ? what.slice(0, slash) : what;
    const name = slash >= 0 ? what.slice(slash + 1) : '';
    let resource = { group: '', name: typed, namespaced: true };
    if (typed !== '*') {
      // kubectl lower-cases the argument to look it up; an unknown one is sent as typed.
      const lower = typed.toLowerCase();
      let found = findResource(await ctx.discovery.get(), { resource: lower });
      if (!found && (await ctx.discovery.refresh()))
        found = findResource(await ctx.discovery.get(), { resource: lower });
      if (found) resource = { group: found.group, name: found.name, namespaced: found.namespaced };
      else if (!NON_STANDARD_RESOURCES.has(lower)) {
        const dot = lower.indexOf('.');
        warn(
          dot < 0
            ? `the server doesn't have a resource type '${lower}'`
            : `the server doesn't have a resource type '${lower.slice(0, dot)}' in group '${lower.slice(dot + 1)}'`,
        );
      }
    }
    if (!inv.allNamespaces) {
      if (!resource.namespaced)
        warn(
          resource.group === ''
            ? `resource '${resource.name}' is not namespace scoped`
            : `resource '${resource.name}' is not namespace scoped in group '${resource.group}'`,
        );
      if (!KNOWN_VERBS.has(verb)) warn(`verb '${verb}' is not a known verb`);
    }
    const attributes: Record<string, string> = {};
    const namespace = inv.allNamespaces ? '' : config.namespace;
    if (namespace !== '') attributes.namespace = namespace;
    attributes.verb = verb;
    if (resource.group !== '') attributes.group = resource.group;
    attributes.resource = resource.name;
    const subresource = flagValue(inv, 'subresource') ?? '';
    if (subresource !== '') attributes.subresource = subresource;
    if (name !== '') attributes.name = name;
    spec = { resourceAttributes: attributes };
  }
  output.err(warnings);
  if (flagBool(inv, 'no-headers'))
    throw usageError('--no-headers cannot be set without --list specified');
  const review = await ctx.client.json<Review>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: JSON.stringify({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: false },
    }),
  });
  const allowed = review.status?.allowed === true;
  if (!quiet) {
    let line = allowed ? 'yes' : 'no';
    if (!allowed && review.status?.reason) line += ` - ${stripControlLine(review.status.reason)}`;
    if (!allowed && review.status?.evaluationError)
      line += ` - ${stripControlLine(review.status.evaluationError)}`;
    output.out(`${line}\n`);
  }
  return allowed ? EXIT.ok : EXIT.kubeFailed;
}

/** `auth can-i --list`: the SelfSubjectRulesReview for the namespace, as kubectl's table. */
async function canIList(ctx: VerbContext): Promise<number> {
  const { inv, output, config } = ctx;
  if ((inv.args ?? []).length !== 0)
    throw usageError('list option must be specified with no arguments');
  if (flagBool(inv, 'quiet') || inv.allNamespaces || (flagValue(inv, 'subresource') ?? '') !== '')
    throw usageError(
      "list option can't be specified with neither quiet, all-namespaces nor subresource options",
    );
  const review = await ctx.client.json<{ status?: RulesReviewStatus }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    body: JSON.stringify({
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: config.namespace === '' ? {} : { namespace: config.namespace },
      status: { resourceRules: null, nonResourceRules: null, incomplete: false },
    }),
  });
  const status = review.status ?? {};
  if (status.incomplete === true)
    output.err(
      `Warning: the list may be incomplete: ${stripControlLine(status.evaluationError ?? '')}\n`,
    );
  const rows = accessRows(status, stripControlLine);
  output.out(tabwrite(flagBool(inv, 'no-headers') ? rows : [ACCESS_HEADER, ...rows]));
  return EXIT.ok;
}

interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export async function whoami(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS['auth whoami']);
  const format = inv.output ?? '';
  if (format !== '' && format !== 'json' && format !== 'yaml')
    throw notSupported(`auth whoami -o ${format}`);
  const review = await ctx.client.json<{ status?: { userInfo?: UserInfo } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: JSON.stringify({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: {} },
    }),
  });
  const info = review.status?.userInfo ?? {};
  // The typed object kubectl decodes into, in its field order; empty fields omitted.
  const userInfo: Record<string, unknown> = {};
  if (info.username) userInfo.username = info.username;
  if (info.uid) userInfo.uid = info.uid;
  if (info.groups && info.groups.length > 0) userInfo.groups = info.groups;
  if (info.extra && Object.keys(info.extra).length > 0) userInfo.extra = info.extra;
  const typed = {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo },
  };
  if (format === 'json') {
    output.out(
      // Go's encoder escapes <, > and &; the terminal-unsafe characters are escaped as in -o json.
      `${escapeTerminalUnsafeJson(JSON.stringify(typed, null, 4)).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`,
    );
    return EXIT.ok;
  }
  if (format === 'yaml') {
    output.out(printYaml(typed));
    return EXIT.ok;
  }
  const clean = stripControlLine;
  const lines: string[][] = [['ATTRIBUTE', 'VALUE']];
  if (info.username) lines.push(['Username', clean(info.username)]);
  if (info.uid) lines.push(['UID', clean(info.uid)]);
  if (info.groups && info.groups.length > 0)
    lines.push(['Groups', `[${info.groups.map(clean).join(' ')}]`]);
  for (const key of Object.keys(info.extra ?? {}).sort()) {
    lines.push([`Extra: ${clean(key)}`, `[${(info.extra?.[key] ?? []).map(clean).join(' ')}]`]);
  }
  output.out(tabwrite(lines));
  return EXIT.ok;
}
