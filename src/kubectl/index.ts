/** The kubectl argv grammar: the public surface other modules use. */
export type {
  DryRun,
  Invocation,
  KubectlIo,
  ManifestObject,
  Target,
  UnreadableSource,
} from './invocation.js';
export { parseKubectlArgv, type ParseOptions } from './parse.js';
export { KubectlUsageError } from './argv.js';
export { nodeIo, emptyIo } from './node-io.js';
export { redactArgv, REDACTED } from './redact.js';
export { effectOf, type Effect } from './verbs.js';
export {
  buildVocabulary,
  builtinVocabulary,
  type ResourceInfo,
  type Vocabulary,
} from './resources.js';
