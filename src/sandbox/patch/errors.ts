/** Why a patch was refused, in the API server's terms (the server turns it into a `Status`). */
export type PatchErrorReason = 'Invalid' | 'BadRequest' | 'Conflict';

export interface PatchErrorCause {
  type: string;
  message: string;
  field?: string;
}

const STATUS: Record<PatchErrorReason, 400 | 409 | 422> = {
  BadRequest: 400,
  Conflict: 409,
  Invalid: 422,
};

/**
 * A patch the API server would reject. `message` is the server's `Status.message`; `detail`
 * keeps the underlying reason where the server hides it behind a generic message (a JSON
 * patch that does not apply is only "the server rejected our request ..." on the wire).
 */
export class PatchError extends Error {
  readonly code = 'patch';
  readonly reason: PatchErrorReason;
  /** The HTTP status the server answers with. */
  readonly status: 400 | 409 | 422;
  readonly detail: string | undefined;
  /** Status.details.causes, e.g. one FieldManagerConflict per apply conflict. */
  readonly causes: PatchErrorCause[];

  constructor(
    reason: PatchErrorReason,
    message: string,
    options: { detail?: string; causes?: PatchErrorCause[] } = {},
  ) {
    super(message);
    this.name = 'PatchError';
    this.reason = reason;
    this.status = STATUS[reason];
    this.detail = options.detail;
    this.causes = options.causes ?? [];
  }
}
