/**
 * Kubernetes `Status` errors. Handlers throw ApiError; the server turns it into the Status body
 * kubectl parses (its reason picks kubectl's "Error from server (Reason): message" line).
 */
import type { ResourceDef } from './resources.js';
import { qualifiedName } from './resources.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'Expired'
  | 'Gone'
  | 'InternalError';

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  Conflict: 409,
  AlreadyExists: 409,
  Expired: 410,
  Gone: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  InternalError: 500,
};

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message: string; field?: string }[];
}

export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly details?: StatusDetails;

  constructor(reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = CODES[reason];
    this.details = details;
  }

  toStatus(): Record<string, unknown> {
    return statusBody(this.reason, this.code, this.message, this.details);
  }
}

export function statusBody(
  reason: string,
  code: number,
  message: string,
  details?: StatusDetails,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details) body.details = details;
  body.code = code;
  return body;
}

export function successStatus(details: StatusDetails): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

function who(def: ResourceDef, name: string): StatusDetails {
  return def.group === ''
    ? { name, kind: def.resource }
    : { name, group: def.group, kind: def.resource };
}

export function notFound(def: ResourceDef, name: string): ApiError {
  return new ApiError('NotFound', `${qualifiedName(def)} "${name}" not found`, who(def, name));
}

export function alreadyExists(def: ResourceDef, name: string): ApiError {
  return new ApiError(
    'AlreadyExists',
    `${qualifiedName(def)} "${name}" already exists`,
    who(def, name),
  );
}

export function conflict(def: ResourceDef, name: string): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(def)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
    who(def, name),
  );
}

export interface FieldCause {
  field: string;
  type:
    'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden';
  message: string;
}

/** A 422 as the API server words it: `Kind.group "name" is invalid: field: message`. */
export function invalid(kind: string, group: string, name: string, causes: FieldCause[]): ApiError {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
  const details: StatusDetails = {
    name,
    kind,
    causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })),
  };
  if (group !== '') details.group = group;
  return new ApiError('Invalid', `${qualified} "${name}" is invalid: ${joined}`, details);
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}
