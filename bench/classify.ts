/**
 * Classifier benchmark (issue 3).
 *   npx tsx bench/classify.ts [--runs N] [--seconds S] [--json]
 * 1. In-process: classifications per second over the argv table of test/classify/cases.ts
 *    (pre-parsed invocations: classify() alone), and parse + classify together.
 * 2. Whole process: `iddio classify` median wall time, measured with bench/compare.mjs
 *    (alternating runs) beside `iddio --version` and the real `kubectl version --client`.
 * Run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { classify } from '../src/classify/classify.js';
import { loadRules, shippedRulesDir } from '../src/classify/load.js';
import { parseKubectlArgv } from '../src/kubectl/parse.js';
import { CASES, parseCases } from '../test/classify/cases.js';
import { FILES, memoryIo } from '../test/classify/memory-io.js';
import { kubectlPath } from '../test/helpers/kubectl.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const runs = option('--runs', 30);
const seconds = option('--seconds', 2);
const json = args.includes('--json');

const rules = loadRules({ shippedDir: shippedRulesDir() });
const cases = parseCases(CASES, FILES).filter((c) => c.expect !== 'usage');
const io = memoryIo();
const invocations = cases.map((c) => parseKubectlArgv(c.argv, memoryIo(c.stdin)));

function rate(fn: (i: number) => void): number {
  for (let i = 0; i < 20_000; i++) fn(i); // warm up the JIT
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 1000; i++) fn(count++);
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

// Argv-only commands (no -f/-k): manifests cost YAML parsing, measured separately.
const usesFiles = (argv: string[]) =>
  argv.some((a) => /^(-f|-k|--filename|--kustomize|-Rf)(=|$)/.test(a));
const plain = cases.filter((c) => c.stdin === undefined && !usesFiles(c.argv)).map((c) => c.argv);
const withFiles = cases
  .filter((c) => c.stdin === undefined && usesFiles(c.argv))
  .map((c) => c.argv);
const classifyRate = rate((i) => classify(invocations[i % invocations.length]!, rules));
const parseClassifyRate = rate((i) =>
  classify(parseKubectlArgv(plain[i % plain.length]!, io), rules),
);
const manifestRate = rate((i) =>
  classify(parseKubectlArgv(withFiles[i % withFiles.length]!, io), rules),
);

const compare = JSON.parse(
  execFileSync(
    process.execPath,
    [
      'bench/compare.mjs',
      '--runs',
      String(runs),
      '--json',
      '--',
      'node bin/iddio.js classify -- get pods -n payments',
      '--',
      'node bin/iddio.js classify --json -- -n payments delete pod api-1 --as=x',
      '--',
      'node bin/iddio.js --version',
      '--',
      `${kubectlPath()} version --client`,
    ],
    { encoding: 'utf8' },
  ),
) as { command: string; median_ms: number; p10_ms: number; p90_ms: number }[];

const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  nproc: cpus().length,
  node: process.version,
};
const result = {
  machine,
  in_process: {
    cases: invocations.length,
    classify_per_second: Math.round(classifyRate),
    parse_and_classify_per_second: Math.round(parseClassifyRate),
    parse_and_classify_with_manifests_per_second: Math.round(manifestRate),
  },
  whole_process: compare,
};
if (json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  process.stdout.write(
    `${machine.date}  ${machine.cpu}  nproc=${machine.nproc}  node ${machine.node}\n`,
  );
  process.stdout.write(
    `classify():           ${Math.round(classifyRate).toLocaleString('en')} /s  (${invocations.length} table cases)\n`,
  );
  process.stdout.write(
    `parse + classify():   ${Math.round(parseClassifyRate).toLocaleString('en')} /s  (${plain.length} argv-only cases)\n`,
  );
  process.stdout.write(
    `  with -f/-k files:   ${Math.round(manifestRate).toLocaleString('en')} /s  (${withFiles.length} cases, in-memory files)\n`,
  );
  for (const r of compare) {
    process.stdout.write(
      `${r.median_ms.toFixed(1).padStart(7)} ms median (p10 ${r.p10_ms.toFixed(1)}, p90 ${r.p90_ms.toFixed(1)})  ${r.command}\n`,
    );
  }
}
