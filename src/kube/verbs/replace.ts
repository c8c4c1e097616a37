/** `kubectl replace -f/-k`: see src/kube/apply/from-files.ts. */
import { fromFiles } from '../apply/from-files.js';
import type { VerbContext } from './context.js';

export async function replace(ctx: VerbContext): Promise<number> {
  return fromFiles(ctx, 'replace');
}
