/** What every handler and controller shares: the store, the clock, and the settle hook. */
import type { SandboxUser } from './auth.js';
import type { Store } from './storage.js';
import type { KubeObject } from './types.js';

export interface SandboxState {
  store: Store;
  /** Bearer tokens minted by `serviceaccounts/token`, each authenticating as its account. */
  issuedTokens: Map<string, SandboxUser>;
  now: () => Date;
  /** A fresh uid for a created object. */
  newUid: (hint: string) => string;
  /** Runs the controllers until the cluster is converged (called after every write). */
  settle: () => void;
  /** Records a core/v1 Event about an object (controllers use it, as real ones do). */
  recordEvent: (
    object: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: string,
  ) => void;
}

export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
