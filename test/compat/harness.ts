/**
 * Runs one kubectl command line both ways — the real kubectl 1.32.3 and the whole `iddio
 * kubectl` binary — and compares what a caller sees: stdout, stderr and exit code, after
 * normalising only what differs with wall time (ages, timestamps) and generated names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runIddio, runProcess, tempDir, type RunResult } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';

/** T0–T3 run without a human, so every command the suite sends reaches the cluster. */
const POLICY = 'version: 1\ndefault: { 0: allow, 1: allow, 2: allow, 3: allow, 4: deny }\n';

export interface Side {
  kubeconfig: string;
  /** HOME for this side (kubectl's ~/.kube cache; never the user's). */
  home: string;
}

export interface IddioSide extends Side {
  iddioHome: string;
}

export function kubectlSide(kubeconfig: string): Side {
  return { kubeconfig, home: tempDir('iddio-compat-kc-') };
}

export function iddioSide(kubeconfig: string): IddioSide {
  const iddioHome = tempDir('iddio-compat-home-');
  writeFileSync(join(iddioHome, 'policy.yaml'), POLICY);
  return { kubeconfig, home: tempDir('iddio-compat-h-'), iddioHome };
}

export function iddioEnv(side: IddioSide): NodeJS.ProcessEnv {
  return {
    HOME: side.home,
    IDDIO_HOME: side.iddioHome,
    IDDIO_AGENT: 'compat',
    KUBECONFIG: side.kubeconfig,
  };
}

export function viaKubectl(argv: string[], side: Side): Promise<RunResult> {
  return runProcess(kubectlPath(), argv, {
    env: { PATH: process.env.PATH, HOME: side.home, KUBECONFIG: side.kubeconfig },
  });
}

export function viaIddio(argv: string[], side: IddioSide): Promise<RunResult> {
  return runIddio(['kubectl', ...argv], { env: iddioEnv(side) });
}

const AGE = /\b\d+[smhdy](?:\d+[smhd])?\b/g;

/**
 * Ages ("3d", "5m10s", "(3d ago)"), RFC 3339 timestamps, and the random suffixes the API
 * server gives generated names (pod-template-hash and pod suffixes of objects created during
 * the run, e.g. after a rollout restart), which differ between two sandboxes.
 */
export function normalise(text: string): string {
  return text
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)\b/g, '<time>')
    .replace(AGE, '<age>')
    .replace(
      /\b([a-z0-9]+(?:-[a-z0-9]+)*)-[bcdfghjklmnpqrstvwxz2-9]{8,10}-[bcdfghjklmnpqrstvwxz2-9]{5}\b/g,
      '$1-<rs>-<pod>',
    )
    .replace(/\b([a-z0-9]+(?:-[a-z0-9]+)*)-[bcdfghjklmnpqrstvwxz2-9]{8,10}\b/g, '$1-<rs>')
    .replace(/\b([a-z0-9-]+)\.[0-9a-f]{16}\b/g, '$1.<event>');
}

/**
 * kubectl drain evicts in parallel goroutines, so its "evicting pod" and "pod/x evicted" lines
 * come in a different order from run to run: each run of such lines is sorted, for drain only.
 */
function sortDrainLines(text: string): string {
  const lines = text.split('\n');
  const key = (line: string): string =>
    line.startsWith('evicting pod ')
      ? 'evicting'
      : /^pod\/\S+ evicted$/.test(line)
        ? 'evicted'
        : '';
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    const k = key(lines[i] as string);
    let j = i + 1;
    if (k !== '') while (j < lines.length && key(lines[j] as string) === k) j++;
    out.push(...lines.slice(i, j).sort());
    i = j;
  }
  return out.join('\n');
}

export function compare(argv: string[], real: RunResult, ours: RunResult): string | undefined {
  if (argv[0] === 'drain') {
    real = { ...real, stdout: sortDrainLines(real.stdout) };
    ours = { ...ours, stdout: sortDrainLines(ours.stdout) };
  }
  const parts: string[] = [];
  if (real.code !== ours.code) parts.push(`exit ${real.code} vs ${ours.code}`);
  if (!sameOutput(real.stdout, ours.stdout))
    parts.push(`stdout\n--- kubectl\n${real.stdout}--- iddio\n${ours.stdout}`);
  if (normalise(real.stderr) !== normalise(ours.stderr))
    parts.push(`stderr\n--- kubectl\n${real.stderr}--- iddio\n${ours.stderr}`);
  return parts.length === 0 ? undefined : `${argv.join(' ')}: ${parts.join('\n')}`;
}

/**
 * The two sides run on two sandboxes a moment apart, so an age can tick over between them:
 * "2 (10s ago)" on one side, "2 (9s ago)" on the other, and the table's columns then pad
 * differently. Only when the ages themselves differ is column padding ignored; with equal ages
 * (nearly every run) the output must match byte for byte, widths included.
 */
function sameOutput(realRaw: string, oursRaw: string): boolean {
  const real = normalise(realRaw);
  const ours = normalise(oursRaw);
  if (real === ours) return true;
  const ages = (text: string): string => (text.match(AGE) ?? []).join(' ');
  if (ages(realRaw) === ages(oursRaw)) return false;
  const unpadded = (text: string): string => text.replace(/ {2,}/g, '  ');
  return unpadded(real) === unpadded(ours);
}

/** test/compat/allow-list.yaml: command (argv joined with single spaces) → reason. */
export function loadAllowList(path: string): Map<string, string> {
  const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
  const list = new Map<string, string>();
  for (const [command, reason] of Object.entries(doc ?? {})) {
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new Error(`allow-list entry without a reason: ${command}`);
    list.set(command, reason);
  }
  return list;
}

/** Runs fn over items with at most `limit` in flight, keeping result order. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface AuditEvent {
  stage: string;
  request_id: string;
  argv: string[];
  exit_code?: number;
  decision?: string;
}

/**
 * Every iddio run must have left exactly one `decided` and one `completed` event with its
 * exit code. Runs are concurrent, so events are matched by request ID, then the runs by argv
 * (redacted argv cannot be matched word for word, so they are only counted).
 */
export function auditProblems(
  logPath: string,
  runs: Array<{ argv: string[]; code: number | null }>,
): string[] {
  const events = readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
  const byRequest = new Map<string, AuditEvent[]>();
  for (const event of events) {
    byRequest.set(event.request_id, [...(byRequest.get(event.request_id) ?? []), event]);
  }
  const problems: string[] = [];
  const recorded = new Map<string, number[]>();
  const DENIED = -3;
  const ranAs = (code: number | null, audited: number): boolean =>
    audited === DENIED ? code === 2 || code === 3 : audited === code;
  for (const [id, list] of byRequest) {
    const stages = list.map((e) => e.stage).join(',');
    // A refused command never runs: `decided` alone (SPEC §8); iddio exits 3 for a policy
    // denial and 2 for argv kubectl itself would reject.
    const denied = list[0]?.decision === 'deny';
    if (stages !== (denied ? 'decided' : 'decided,completed'))
      problems.push(`${id}: stages ${stages}`);
    const completed = list.find((e) => e.stage === 'completed');
    const key = (list[0]?.argv ?? []).join(' ');
    const code = denied ? DENIED : (completed?.exit_code ?? -1);
    recorded.set(key, [...(recorded.get(key) ?? []), code]);
  }
  if (byRequest.size !== runs.length)
    problems.push(`${runs.length} runs but ${byRequest.size} audited requests`);
  for (const run of runs) {
    let key = run.argv.join(' ');
    if (!recorded.has(key)) {
      // Credentials (and, in argv iddio could not parse, anything that looks like a value) are
      // redacted in the log: match word for word except where the log says [REDACTED].
      const candidate = [...recorded.keys()].find((k) => {
        const words = k.split(' ');
        return (
          k.includes('[REDACTED]') &&
          words.length === run.argv.length &&
          words.every((w, i) => w === run.argv[i] || w.includes('[REDACTED]'))
        );
      });
      if (candidate === undefined) {
        problems.push(`not audited: ${key}`);
        continue;
      }
      key = candidate;
    }
    const codes = recorded.get(key) ?? [];
    const at = codes.findIndex((audited) => ranAs(run.code, audited));
    if (at < 0) problems.push(`audited with exit ${codes.join('/')}, ran with ${run.code}: ${key}`);
    else codes.splice(at, 1);
  }
  return problems;
}
