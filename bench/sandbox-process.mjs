// What the whole-command benches share: the kubectl the tests extract, and `iddio sandbox` in a
// process of its own (as a user runs it), its kubeconfig in a fresh work folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The real kubectl 1.32.3; exits with a clear line when the tests have not extracted it. */
export function kubectlBinary() {
  const kubectl = join(root, '.cache', 'kubectl', 'v1.32.3', 'kubectl');
  if (!existsSync(kubectl)) {
    process.stderr.write(`bench: ${kubectl} is missing; run the tests once (they extract it)\n`);
    process.exit(2);
  }
  return kubectl;
}

/** `--runs N` from the command line, else the fallback. */
export function runsArgument(fallback = '20') {
  const at = process.argv.indexOf('--runs');
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** Starts `iddio sandbox`; resolves once it serves, with its work folder and kubeconfig. */
export async function startSandboxProcess() {
  const work = mkdtempSync(join(tmpdir(), 'iddio-bench-'));
  const kubeconfig = join(work, 'kubeconfig');
  const sandbox = spawn(
    process.execPath,
    [join(root, 'bin', 'iddio.js'), 'sandbox', '--kubeconfig', kubeconfig],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    let seen = '';
    sandbox.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes('serving at')) resolve();
    });
    sandbox.on('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
  });
  return {
    work,
    kubeconfig,
    stop() {
      sandbox.kill();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
