/**
 * `kubectl version`. iddio presents itself as the kubectl release whose output it reproduces
 * (v1.32.3, kustomize v5.5.0), so agents that parse the client version keep working; iddio's
 * own version is in the User-Agent of every request and in `iddio version`.
 */
import { arch, platform } from 'node:os';
import { EXIT } from '../../common/exit-codes.js';
import { KubeError } from '../errors.js';
import { flagBool, notSupported, HANDLED_FLAGS, requireHandled } from '../flags.js';
import { printYaml } from '../printers/yaml.js';
import type { VerbContext } from './context.js';

const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  s390x: 's390x',
  ppc64: 'ppc64le',
};

export const EMULATED_KUBECTL = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3',
  gitCommit: '32cc146f75aad04beaaa245a7157eb35063a9f99',
  gitTreeState: 'clean',
  buildDate: '2025-03-11T19:58:53Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: `${platform()}/${GO_ARCH[arch()] ?? arch()}`,
};
const KUSTOMIZE = 'v5.5.0';
const INFO_FIELDS = [
  'major',
  'minor',
  'gitVersion',
  'gitCommit',
  'gitTreeState',
  'buildDate',
  'goVersion',
  'compiler',
  'platform',
];

/** Go's version.Info: these fields, in this order, "" when absent. */
function versionInfo(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    INFO_FIELDS.map((key) => [key, typeof raw[key] === 'string' ? (raw[key] as string) : '']),
  );
}

function minorOf(info: Record<string, string>): number | undefined {
  const match = /^v?\d+\.(\d+)/.exec(info.gitVersion ?? '');
  return match ? Number(match[1]) : undefined;
}

export async function version(ctx: VerbContext): Promise<number> {
  const { inv, output } = ctx;
  requireHandled(inv, HANDLED_FLAGS.version);
  const format = inv.output ?? '';
  if (format !== '' && format !== 'json' && format !== 'yaml') {
    throw new KubeError(`error: --output must be 'yaml' or 'json'`, {
      code: 'usage',
      exitCode: EXIT.kubeFailed,
    });
  }
  const clientOnly = flagBool(inv, 'client');
  let server: Record<string, string> | undefined;
  let failure: KubeError | undefined;
  if (!clientOnly) {
    try {
      server = versionInfo(await ctx.client.json<Record<string, unknown>>({ path: '/version' }));
    } catch (error) {
      if (!(error instanceof KubeError)) throw error;
      failure = error;
    }
  }
  const doc: Record<string, unknown> = {
    clientVersion: EMULATED_KUBECTL,
    kustomizeVersion: KUSTOMIZE,
  };
  if (server) doc.serverVersion = server;
  if (format === 'json') output.out(`${JSON.stringify(doc, null, 2)}\n`);
  else if (format === 'yaml')
    output.out(`${printYaml(doc)}\n`); // kubectl Println()s the YAML, which already ends in \n
  else {
    output.out(`Client Version: ${EMULATED_KUBECTL.gitVersion}\nKustomize Version: ${KUSTOMIZE}\n`);
    if (server) output.out(`Server Version: ${server.gitVersion}\n`);
  }
  if (server) {
    const minor = minorOf(server);
    if (minor !== undefined && Math.abs(minor - Number(EMULATED_KUBECTL.minor)) > 1) {
      output.err(
        `WARNING: version difference between client (1.${EMULATED_KUBECTL.minor}) and server (${server.major}.${minor}) exceeds the supported minor version skew of +/-1\n`,
      );
    }
  }
  if (failure) throw failure;
  void notSupported;
  return EXIT.ok;
}
