/**
 * `iddio classify`: read the argv (and any manifests), load the rules, classify, print.
 * The parse and the classification are the pure cores in src/kubectl and src/classify.
 */
import { classify } from '../../../classify/classify.js';
import { loadRules, shippedRulesDir } from '../../../classify/load.js';
import { ExitError, UsageError } from '../../../common/errors.js';
import { EXIT } from '../../../common/exit-codes.js';
import { KubectlUsageError } from '../../../kubectl/argv.js';
import { nodeIo } from '../../../kubectl/node-io.js';
import { parseKubectlArgv } from '../../../kubectl/parse.js';
import { iddioPaths } from '../../env.js';
import { formatHuman, formatJson, formatRules } from './format.js';

export async function runClassify(
  args: string[],
  options: { json?: boolean; rules?: boolean; defaultNamespace?: string },
): Promise<void> {
  const rules = loadRules({ shippedDir: shippedRulesDir(), userDir: iddioPaths().rulesDir });
  if (options.rules) {
    process.stdout.write(formatRules(rules, options.json === true));
    return;
  }
  if (args.length === 0) {
    throw new UsageError('nothing to classify: iddio classify [--json] -- <kubectl args...>');
  }
  const argv = args[0] === 'kubectl' ? args.slice(1) : args;
  let invocation;
  try {
    invocation = parseKubectlArgv(argv, nodeIo());
  } catch (error) {
    if (error instanceof KubectlUsageError) {
      // kubectl's own wording, as `iddio kubectl` prints it.
      process.stderr.write(
        `error: ${error.message.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}\n`,
      );
      throw new ExitError(EXIT.usage);
    }
    throw error;
  }
  const ctx = options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {};
  const result = classify(invocation, rules, ctx);
  process.stdout.write(
    options.json ? formatJson(result, invocation) : formatHuman(result, invocation, rules, ctx),
  );
}
