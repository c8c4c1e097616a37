/**
 * The kubeconfig codec and writer in isolation: Go's base64 decoding, go-yaml's scalar
 * resolution, and the writer's guarantees (locks released on failure, mode and symlinks kept,
 * nothing half-written when a file cannot be encoded). The byte-for-byte comparison with
 * kubectl is in config-use-context.test.ts.
 */
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KubeError } from '../../src/kube/errors.js';
import {
  decodeKubeconfig,
  encodeKubeconfig,
  goBase64Decode,
  readKubeconfigYaml,
} from '../../src/kube/verbs/config-codec.js';
import {
  configAccess,
  setContext,
  setCurrentContext,
  withKubeconfigLocks,
  writeKubeconfigFile,
} from '../../src/kube/verbs/config-write.js';
import { KubeconfigFormatError, resolvePlain } from '../../src/kube/verbs/config-yaml.js';
import { tempDir } from '../helpers/cli.js';

const load = (text: string) => decodeKubeconfig(readKubeconfigYaml(Buffer.from(text)));

describe('goBase64Decode', () => {
  it('decodes what base64 encodes, newlines anywhere ignored', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(80), (bytes, cut) => {
        const text = Buffer.from(bytes).toString('base64');
        const at = Math.min(cut, text.length);
        const wrapped = `${text.slice(0, at)}\r\n${text.slice(at)}`;
        assert.deepEqual(goBase64Decode(wrapped), Buffer.from(bytes));
      }),
    );
  });

  it("reports Go's offsets for corrupt input", () => {
    const offset = (text: string): string => {
      try {
        goBase64Decode(text);
        return 'ok';
      } catch (error) {
        assert.ok(error instanceof KubeconfigFormatError);
        return error.detail;
      }
    };
    assert.equal(offset('YWJj'), 'ok');
    assert.equal(offset('abc'), 'illegal base64 data at input byte 0');
    assert.equal(offset('YWJjZA='), 'illegal base64 data at input byte 7');
    assert.equal(offset('YW*jZA=='), 'illegal base64 data at input byte 2');
    assert.equal(offset('YWJjZA==x'), 'illegal base64 data at input byte 8');
    assert.equal(offset('Y==='), 'illegal base64 data at input byte 1');
  });
});

describe('resolvePlain (go-yaml v2, YAML 1.1)', () => {
  const table: Array<[string, unknown]> = [
    ['yes', true],
    ['Off', false],
    ['yEs', 'yEs'],
    ['~', null],
    ['0755', 493],
    ['08', 8],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['1e6', 1e6],
    ['.5', 0.5],
    ['1e400', '1e400'],
    ['2001-12-14', '2001-12-14'],
    ['1:20', '1:20'],
    ['9223372036854775808', 9223372036854775808n],
    ['<<', '<<'],
  ];
  for (const [text, value] of table) {
    it(`${text} → ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`, () =>
      assert.deepEqual(resolvePlain(text), value));
  }
  it('refuses ±Inf and NaN as json.Marshal does', () => {
    assert.throws(() => resolvePlain('.inf'), /json: unsupported value: \+Inf/);
    assert.throws(() => resolvePlain('.NaN'), /json: unsupported value: NaN/);
  });
});

describe('decode and encode', () => {
  it('an empty file is an empty config, written as kubectl writes one', () => {
    assert.equal(
      encodeKubeconfig(load('')),
      'apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n',
    );
  });

  it('type errors name the innermost struct and the JSON path', () => {
    assert.throws(
      () => load('users:\n- name: u\n  user: {exec: {env: [{name: 5}]}}\n'),
      (e: unknown) =>
        e instanceof KubeconfigFormatError &&
        e.detail ===
          'json: cannot unmarshal number into Go struct field ExecEnvVar.users.user.exec.env.name of type string',
    );
  });

  it('refuses to write an integer it cannot represent exactly', () => {
    const config = load('extensions:\n- name: e\n  extension: {n: 9223372036854775807}\n');
    assert.throws(() => encodeKubeconfig(config), /integers beyond 2\^53/);
  });
});

describe('the writer', () => {
  const listing = (dir: string): string[] => readdirSync(dir).sort();

  it('releases every lock when the body fails, and refuses while one is held', () => {
    const dir = tempDir('iddio-kcw-');
    const access = { paths: [join(dir, 'b'), join(dir, 'a')], explicit: false };
    assert.throws(() =>
      withKubeconfigLocks(access, () => {
        assert.deepEqual(listing(dir), ['a.lock', 'b.lock']);
        throw new Error('boom');
      }),
    );
    assert.deepEqual(listing(dir), []);
    writeFileSync(join(dir, 'b.lock'), '');
    assert.throws(
      () => withKubeconfigLocks(access, () => 'never'),
      (e: unknown) =>
        e instanceof KubeError && e.line === `error: open ${join(dir, 'b.lock')}: file exists`,
    );
    assert.deepEqual(listing(dir), ['b.lock']);
  });

  it('keeps the mode exactly (even bits the umask would drop) and follows symlinks', () => {
    const dir = tempDir('iddio-kcw-');
    const real = join(dir, 'real');
    writeFileSync(real, 'contexts:\n- name: x\n');
    chmodSync(real, 0o666);
    symlinkSync('real', join(dir, 'link'));
    writeKubeconfigFile(join(dir, 'link'), load('contexts:\n- name: why\n'));
    assert.ok(lstatSync(join(dir, 'link')).isSymbolicLink());
    assert.equal(statSync(real).mode & 0o7777, 0o666);
    assert.match(readFileSync(real, 'utf8'), /name: why/);
    assert.deepEqual(listing(dir), ['link', 'real']);
  });

  it('leaves the file untouched when the new content cannot be encoded', () => {
    const dir = tempDir('iddio-kcw-');
    const file = join(dir, 'config');
    const text =
      'current-context: a\ncontexts:\n- name: a\n- name: b\nextensions:\n- name: e\n  extension: 9223372036854775807\n';
    writeFileSync(file, text);
    const access = configAccess(file, {});
    assert.throws(
      () => setCurrentContext(access, 'b'),
      (e: unknown) => e instanceof KubeError && e.exitCode === 2,
    );
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.deepEqual(listing(dir), ['config']);
  });

  it('writes nothing when the context does not change', () => {
    const dir = tempDir('iddio-kcw-');
    const file = join(dir, 'config');
    const text = '# kept\ncontexts:\n- name: a\n  context: {cluster: c, user: u, namespace: ns}\n';
    writeFileSync(file, text);
    setContext(configAccess(file, {}), 'a', {
      cluster: 'c',
      user: 'u',
      namespace: 'ns',
      extensions: null,
    });
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.ok(!existsSync(`${file}.lock`));
  });
});
