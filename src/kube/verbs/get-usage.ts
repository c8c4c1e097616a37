/**
 * kubectl 1.32 get's own words: the argument checks it makes before any request (--raw in
 * Complete/Validate, get.go; the resource builder's refusal of names with a selector,
 * cli-runtime visitBySelector, which comes before it resolves a resource type), and how the
 * builder rewords a list the server refused as a bad request or not found.
 */
import { goQuote } from '../../kubectl/go-values.js';
import { stripControlLine } from '../../common/sanitize.js';
import type { ApiResource } from '../discovery.js';
import { KubeError, checkErrLine, statusOf, usageError } from '../errors.js';
import { flagBool } from '../flags.js';
import type { KubeInvocation } from '../types.js';

/** kubectl get's Complete then Validate, for `--raw PATH`. */
export function rawUsage(inv: KubeInvocation): void {
  const raw = inv.raw ?? '';
  if (raw === '') return;
  if ((inv.args ?? []).length > 0)
    throw usageError('arguments may not be passed when --raw is specified');
  // --field-selector is not among them: kubectl sends the raw request without it.
  if (flagBool(inv, 'watch') || flagBool(inv, 'watch-only') || (inv.selector ?? '') !== '')
    throw usageError(
      '--raw may not be specified with other flags that filter the server request or alter the output',
    );
  if ((inv.output ?? '') !== '') throw usageError('--raw and --output are mutually exclusive');
  const invalid = requestUriError(raw);
  if (invalid !== undefined)
    throw usageError(
      `--raw must be a valid URL path: parse ${stripControlLine(goQuote(raw))}: ${invalid}`,
    );
  if (flagBool(inv, 'output-watch-events'))
    throw usageError('--output-watch-events option can only be used with --watch or --watch-only');
}

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/**
 * Why Go's url.ParseRequestURI refuses a URL (undefined: it accepts it). Covers what a --raw
 * path can get wrong: control bytes, a leading colon, a relative path, a bad %-escape in the
 * path. Absolute URLs with a scheme are accepted as Go does for their opaque or path form.
 */
export function requestUriError(raw: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '*') return undefined;
  let scheme = '';
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      scheme = raw.slice(0, i);
      rest = raw.slice(i + 1);
    }
    break;
  }
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  if (!rest.startsWith('/')) return scheme !== '' ? undefined : 'invalid URI for request';
  if (scheme !== '' && rest.startsWith('//')) {
    // The authority is Go's to judge; only the path after it is checked here.
    const slash = rest.indexOf('/', 2);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] !== '%') continue;
    if (i + 2 >= rest.length || !isHex(rest[i + 1] as string) || !isHex(rest[i + 2] as string))
      return `invalid URL escape ${goQuote(rest.slice(i, i + 3))}`;
    i += 2;
  }
  return undefined;
}

/**
 * kubectl's builder, once arguments are split: with a label or field selector, neither names
 * (`TYPE NAME`) nor resource/name tuples (`TYPE/NAME`, or `A,B NAME`, which it turns into
 * tuples) may be given. Blank selectors are no selectors (the builder trims them).
 */
export function selectorUsage(inv: KubeInvocation): void {
  const selector = (inv.selector ?? '').trim() !== '' || (inv.fieldSelector ?? '').trim() !== '';
  if (!selector) return;
  const args = inv.args ?? [];
  if (args.length === 0) return;
  if (isTupleForm(args))
    throw usageError(
      'selectors and the all flag cannot be used when passing resource/name arguments',
    );
  if (args.length > 1) throw usageError('name cannot be provided when a selector is specified');
}

/** The builder's resource/name form: any `TYPE/NAME`, or a comma list of types with names. */
export function isTupleForm(args: readonly string[]): boolean {
  if (args.some((arg) => arg.includes('/'))) return true;
  return args.length >= 2 && new Set((args[0] ?? '').split(',')).size > 1;
}

/**
 * cli-runtime's Selector.Visit: a list answered BadRequest or NotFound keeps its Status, with
 * the message prefixed by what was listed (`Unable to list "apps/v1, Resource=deployments": `,
 * or `Unable to find … that match label selector "…", field selector "…": ` with a selector).
 * Any other error is returned as it is.
 */
export function listFailure(
  error: unknown,
  resource: ApiResource,
  labelSelector: string,
  fieldSelector: string,
): unknown {
  const status = statusOf(error);
  if (!(error instanceof KubeError) || !status) return error;
  if (status.reason !== 'BadRequest' && status.reason !== 'NotFound') return error;
  const gvr = goQuote(`${resource.group}/${resource.version}, Resource=${resource.name}`);
  const label = labelSelector.trim();
  const field = fieldSelector.trim();
  const prefix =
    label === '' && field === ''
      ? `Unable to list ${gvr}`
      : `Unable to find ${gvr} that match label selector ${goQuote(label)}, field selector ${goQuote(field)}`;
  const reworded = { ...status, message: `${prefix}: ${status.message ?? ''}` };
  const wrapped = new KubeError(checkErrLine(reworded), { code: 'api-status' });
  (wrapped as KubeError & { status?: typeof reworded }).status = reworded;
  return wrapped;
}
