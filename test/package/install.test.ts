/**
 * The installable package, exactly as a user installs it: `npm pack` of the built tree, then
 * `npm install -g` of the tarball into a temporary prefix, then the installed `iddio` against
 * the sandbox with nothing on PATH but Node and the prefix. The package holds the built
 * dist/ (no code cache), the shipped rules and runtime dependencies only: no dev tools, no
 * kubectl layer. Needs `npm run build` first; the install reads npm's cache first, the
 * registry for what is missing.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ROOT, runProcess, tempDir, type RunResult } from '../helpers/cli.js';

const DEV_ONLY = [
  'esbuild',
  'typescript',
  'tsx',
  'eslint',
  'prettier',
  'c8',
  'fast-check',
  'adm-zip',
];

describe('npm pack → npm install -g (a temporary prefix)', { timeout: 600_000 }, () => {
  let prefix: string;
  let sandbox: Sandbox;
  let onlyNode: NodeJS.ProcessEnv;
  const iddio = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> =>
    runProcess(join(prefix, 'bin', 'iddio'), args, {
      env: { ...onlyNode, ...env },
      timeoutMs: 60_000,
    });

  before(async () => {
    const packDir = tempDir('iddio-pack-');
    prefix = join(tempDir('iddio-prefix-'), 'prefix');
    const npmEnv = { ...process.env, npm_config_update_notifier: 'false' };
    const packed = await runProcess(
      'npm',
      ['pack', '--ignore-scripts', '--pack-destination', packDir],
      { cwd: ROOT, env: npmEnv, timeoutMs: 300_000 },
    );
    assert.equal(packed.code, 0, packed.stderr);
    const tarball = readdirSync(packDir).find((name) => /^iddio-.*\.tgz$/.test(name));
    assert.ok(tarball, `no tarball in ${packDir}`);
    const installed = await runProcess(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        join(packDir, tarball),
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
      ],
      { cwd: packDir, env: npmEnv, timeoutMs: 300_000 },
    );
    assert.equal(installed.code, 0, installed.stderr);
    onlyNode = { PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}`, HOME: tempDir() };
    sandbox = await startSandbox({ kubeconfigPath: join(tempDir(), 'kubeconfig') });
  });
  after(() => sandbox?.stop());

  it('installs runtime dependencies only, with the built dist/ and the rules inside', () => {
    const root = join(prefix, 'lib', 'node_modules', 'iddio');
    assert.ok(existsSync(join(root, 'dist', 'main.js')));
    assert.ok(existsSync(join(root, 'dist', 'kubectl.cjs')));
    assert.ok(existsSync(join(root, 'rules', 'compiled.json')));
    assert.ok(!existsSync(join(root, 'dist', 'kubectl.cjs.cache')), 'a code cache was packed');
    assert.ok(!existsSync(join(root, 'src')), 'sources were packed');
    const modules = readdirSync(join(root, 'node_modules'));
    for (const name of DEV_ONLY) assert.ok(!modules.includes(name), `${name} was installed`);
    assert.ok(
      !existsSync(join(root, 'node_modules', '@aws-cdk')),
      'the kubectl layer was installed',
    );
    assert.ok(existsSync(join(root, 'node_modules', '@inquirer', 'prompts')));
  });

  it('runs against the sandbox with only Node on PATH: a read, a denial, the audit log', async () => {
    const home = tempDir('iddio-installed-home-');
    const env = { IDDIO_HOME: home, IDDIO_AGENT: 'installed', KUBECONFIG: sandbox.kubeconfigPath };
    assert.match((await iddio(['version'])).stdout, /^iddio \d+\.\d+\.\d+/);
    const read = await iddio(['kubectl', 'get', 'pods', '-n', 'payments'], env);
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stdout, /^NAME\s+READY\s+STATUS/);
    assert.match(read.stdout, /^api-\S+\s+1\/1\s+Running/m);
    const denied = await iddio(['kubectl', 'exec', 'api', '--', 'sh'], env);
    assert.equal(denied.code, 3);
    const verified = await iddio(['audit', 'verify'], env);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^audit log intact: 3 events/);
  });

  it('installs the kubectl shim from the installed package', async () => {
    const dir = join(tempDir(), 'shim');
    const installed = await iddio(['shim', 'install', dir]);
    assert.equal(installed.code, 0, installed.stderr);
    const viaShim = await runProcess(join(dir, 'kubectl'), ['get', 'ns'], {
      env: {
        ...onlyNode,
        IDDIO_HOME: tempDir(),
        IDDIO_AGENT: 's',
        KUBECONFIG: sandbox.kubeconfigPath,
      },
    });
    assert.equal(viaShim.code, 0, viaShim.stderr);
    assert.match(viaShim.stdout, /^payments\s+Active/m);
  });
});
