/**
 * Errors from executing a kubectl command, worded as kubectl words them. `line` is the exact
 * text kubectl prints on stderr (without the newline); the executor prints it and exits with
 * `exitCode`. A server's Status body is parsed into the one-line form; the raw response is
 * never printed (SPEC §2).
 */
import { IddioError } from '../common/errors.js';
import { EXIT, type ExitCode } from '../common/exit-codes.js';
import { stripControlLine } from '../common/sanitize.js';

export type KubeErrorCode =
  | 'kubeconfig'
  | 'api-status'
  | 'connection'
  | 'unknown-resource'
  | 'usage'
  | 'not-supported'
  | 'stopped';

export class KubeError extends IddioError {
  readonly line: string;

  constructor(
    line: string,
    options: { code: KubeErrorCode; exitCode?: ExitCode; cause?: unknown } = { code: 'api-status' },
  ) {
    super(line, {
      code: options.code,
      exitCode: options.exitCode ?? EXIT.kubeFailed,
      cause: options.cause,
    });
    this.name = 'KubeError';
    this.line = line;
  }
}

export interface StatusBody {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ field?: string; message?: string }>;
  };
}

/** Generic messages client-go uses when a failed response carries no Status body. */
const GENERIC_BY_CODE: Record<number, [string, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: [
    'TooManyRequests',
    'the server has received too many requests and has asked us to try again later',
  ],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/** Parses a failed response into a Status, as client-go does (a non-Status body becomes a generic one). */
export function statusFromResponse(httpStatus: number, body: Buffer | string): StatusBody {
  try {
    const parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && (parsed as StatusBody).kind === 'Status') {
      return parsed as StatusBody;
    }
  } catch {
    // not JSON: fall through to the generic message
  }
  const generic = GENERIC_BY_CODE[httpStatus];
  if (generic)
    return {
      kind: 'Status',
      status: 'Failure',
      reason: generic[0],
      message: generic[1],
      code: httpStatus,
    };
  return {
    kind: 'Status',
    status: 'Failure',
    message: `an error on the server ("unknown") has prevented the request from succeeding`,
    code: httpStatus,
  };
}

/** kubectl's StandardErrorMessage for an API Status. */
export function statusLine(status: StatusBody): string {
  const message = stripControlLine(status.message ?? '');
  if (status.reason === 'Unauthorized')
    return `error: You must be logged in to the server (${message})`;
  if (status.reason) return `Error from server (${stripControlLine(status.reason)}): ${message}`;
  return `Error from server: ${message}`;
}

/**
 * What kubectl's CheckErr prints when this Status is the command's only error: an Invalid
 * status with details becomes `The Kind "name" is invalid: field: message` (one cause) or a
 * `* `-list (several), without the `error:` prefix; everything else is statusLine().
 */
export function checkErrLine(status: StatusBody): string {
  const details = status.details;
  if (status.reason !== 'Invalid') return statusLine(status);
  let head = 'The request is invalid';
  if (!details) return head;
  const clean = stripControlLine;
  if (details.kind || details.name)
    head = `The ${clean(details.kind ?? '')} ${JSON.stringify(clean(details.name ?? ''))} is invalid`;
  else if (details.group)
    head = `The ${clean(details.group)} ${JSON.stringify(clean(details.name ?? ''))} is invalid`;
  const seen = new Set<string>();
  const causes: string[] = [];
  for (const cause of details.causes ?? []) {
    const text = `${clean(cause.field ?? '')}: ${clean(cause.message ?? '')}`;
    if (!seen.has(text)) causes.push(text);
    seen.add(text);
  }
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}

export function apiError(httpStatus: number, body: Buffer | string): KubeError {
  const status = statusFromResponse(httpStatus, body);
  const error = new KubeError(checkErrLine(status), { code: 'api-status' });
  (error as KubeError & { status?: StatusBody }).status = status;
  return error;
}

export function isNotFound(error: unknown): boolean {
  return (
    error instanceof KubeError &&
    (error as KubeError & { status?: StatusBody }).status?.reason === 'NotFound'
  );
}

export function statusOf(error: unknown): StatusBody | undefined {
  return error instanceof KubeError
    ? (error as KubeError & { status?: StatusBody }).status
    : undefined;
}

export function usageError(message: string): KubeError {
  return new KubeError(`error: ${message}`, { code: 'usage', exitCode: EXIT.kubeFailed });
}

/**
 * Errors collected while visiting several objects, printed as kubectl's ContinueOnError
 * visitor and CheckErr print them: one error alone is `error: <msg>` (API errors keep their
 * `Error from server (...)` form); several are one message per line, without the prefix.
 */
export class ErrorList {
  private readonly items: Array<{ api: boolean; text: string; standard?: string }> = [];

  /** An API failure (a KubeError from the client): alone it prints as CheckErr would, among others in its standard form. */
  addApi(error: KubeError): void {
    const status = statusOf(error);
    this.items.push({
      api: true,
      text: error.line,
      standard: status ? statusLine(status) : error.line,
    });
  }

  /** A client-side failure; `message` is without the "error: " prefix. */
  add(message: string): void {
    this.items.push({ api: false, text: stripControlLine(message) });
  }

  get length(): number {
    return this.items.length;
  }

  render(): string {
    if (this.items.length === 0) return '';
    if (this.items.length === 1) {
      const only = this.items[0] as { api: boolean; text: string };
      return `${only.api ? only.text : `error: ${only.text}`}\n`;
    }
    return this.items.map((item) => `${item.standard ?? item.text}\n`).join('');
  }
}
