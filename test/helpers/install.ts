/**
 * A private copy of the installed layout (bin/, dist/ and links to node_modules, rules and
 * package.json) in a temporary directory, so a test can damage or replace its start-up
 * caches without touching the ones other tests share.
 */
import { copyFileSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './cli.js';

export interface PrivateInstall {
  bin: string;
  dist: string;
}

export function privateInstall(): PrivateInstall {
  const root = tempDir('iddio-install-');
  for (const dir of ['bin', 'dist']) mkdirSync(join(root, dir));
  copyFileSync(join(ROOT, 'bin', 'iddio.js'), join(root, 'bin', 'iddio.js'));
  // The bundles and their chunks; not source maps, nor the caches of the shared dist/.
  for (const file of readdirSync(join(ROOT, 'dist'))) {
    if (file.endsWith('.js') || file.endsWith('.cjs')) {
      copyFileSync(join(ROOT, 'dist', file), join(root, 'dist', file));
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  symlinkSync(join(ROOT, 'rules'), join(root, 'rules'));
  symlinkSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  return { bin: join(root, 'bin', 'iddio.js'), dist: join(root, 'dist') };
}
