import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { REDACTED, redactArgv } from '../../src/kubectl/index.js';
import { redactParsed } from '../../src/kubectl/redact.js';
import { runIddio } from '../helpers/cli.js';

test('credential flag values are redacted in both forms; everything else is kept', () => {
  assert.deepEqual(
    redactArgv([
      'get',
      'pods',
      '--token=s3cret',
      '--password',
      'pw',
      '-n',
      'x',
      '--username=u',
      '--client-key',
      'k.pem',
    ]),
    [
      'get',
      'pods',
      `--token=${REDACTED}`,
      '--password',
      REDACTED,
      '-n',
      'x',
      `--username=${REDACTED}`,
      '--client-key',
      REDACTED,
    ],
  );
});

test('secret literals keep their key and lose their value', () => {
  assert.deepEqual(
    redactArgv([
      'create',
      'secret',
      'generic',
      's',
      '--from-literal=password=hunter2',
      '--from-literal',
      'k=v',
      '--docker-password=p',
    ]),
    [
      'create',
      'secret',
      'generic',
      's',
      `--from-literal=password=${REDACTED}`,
      '--from-literal',
      `k=${REDACTED}`,
      `--docker-password=${REDACTED}`,
    ],
  );
});

test('nothing after -- is touched (it is the container command), and the input is not mutated', () => {
  const argv = ['exec', 'p', '--', 'login', '--password', 'x'];
  assert.deepEqual(redactArgv(argv), argv);
  const input = ['get', '--token', 't'];
  redactArgv(input);
  assert.deepEqual(input, ['get', '--token', 't']);
});

test('a flag whose value is missing at the end is kept as is', () => {
  assert.deepEqual(redactArgv(['get', '--token']), ['get', '--token']);
});

/** Every word of the redacted argv, checked for any trace of the secret. */
function assertGone(argv: string[], secret: string): string[] {
  const out = redactArgv(argv);
  for (const word of out)
    assert.ok(!word.includes(secret), `${secret} survived in ${JSON.stringify(out)}`);
  return out;
}

test('config set: a credential property keeps its name and loses its value', () => {
  for (const prop of [
    'users.admin.token',
    'users.admin.password',
    'users.admin.client-key-data',
    'users.admin.token-file',
    'users.admin.auth-provider.config.client-secret',
    'users.admin.username',
  ]) {
    assert.deepEqual(assertGone(['config', 'set', prop, 'VALUE-s3cret'], 's3cret'), [
      'config',
      'set',
      prop,
      REDACTED,
    ]);
  }
  // Not a credential: kept, it is what the audit reader needs.
  const server = ['config', 'set', 'clusters.dev.server', 'https://10.0.0.1'];
  assert.deepEqual(redactArgv(server), server);
});

test('config set-credentials: every credential flag, in every form', () => {
  assert.deepEqual(
    assertGone(
      [
        'config',
        'set-credentials',
        'admin',
        '--token=s3cret1',
        '--password',
        's3cret2',
        '--client-key=/k.pem',
        '--auth-provider-arg=client-secret=s3cret3',
        '--exec-env=API_KEY=s3cret4',
        '--username',
        'bob',
      ],
      's3cret',
    ),
    [
      'config',
      'set-credentials',
      'admin',
      `--token=${REDACTED}`,
      '--password',
      REDACTED,
      `--client-key=${REDACTED}`,
      `--auth-provider-arg=${REDACTED}`,
      `--exec-env=${REDACTED}`,
      '--username',
      REDACTED,
    ],
  );
});

test('patch of a secret (or of a -f target of unknown kind) loses the whole patch value', () => {
  const body = '{"stringData":{"password":"s3cret"}}';
  for (const argv of [
    ['patch', 'secret', 'db', '-p', body],
    ['patch', 'secrets/db', `--patch=${body}`],
    ['patch', 'Secret', 'db', `-p${body}`],
    ['patch', 'secret', 'db', `-p=${body}`, '--type', 'merge'],
    ['-n', 'prod', 'patch', '-f', 'db.yaml', '--patch', body],
  ]) {
    const out = assertGone(argv, 's3cret');
    assert.ok(
      out.some((w) => w.endsWith(REDACTED)),
      JSON.stringify(out),
    );
  }
  // A deployment patch is kept: it explains the change and carries no secret by kind.
  const deploy = ['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":2}}'];
  assert.deepEqual(redactArgv(deploy), deploy);
});

test('set env keeps every KEY and loses every value; removals and flags are kept', () => {
  assert.deepEqual(
    assertGone(
      [
        'set',
        'env',
        'deploy/x',
        'DB_PASSWORD=s3cret',
        'LOG=debug',
        'OLD-',
        '-e',
        'K=s3cret2',
        '-c',
        'app',
      ],
      's3cret',
    ),
    [
      'set',
      'env',
      'deploy/x',
      `DB_PASSWORD=${REDACTED}`,
      `LOG=${REDACTED}`,
      'OLD-',
      '-e',
      `K=${REDACTED}`,
      '-c',
      'app',
    ],
  );
});

test('run: --env values and the whole --overrides go; the container command after -- stays', () => {
  assert.deepEqual(
    assertGone(
      [
        'run',
        'x',
        '--image=busybox',
        '--env=TOKEN=s3cret',
        '--env',
        'A=s3cret2',
        '--overrides',
        '{"s3cret":1}',
        '--',
        'sh',
      ],
      's3cret',
    ),
    [
      'run',
      'x',
      '--image=busybox',
      `--env=TOKEN=${REDACTED}`,
      '--env',
      `A=${REDACTED}`,
      '--overrides',
      REDACTED,
      '--',
      'sh',
    ],
  );
});

test('create secret: literals, docker passwords and usernames go; tls file paths stay', () => {
  assertGone(
    ['create', 'secret', 'generic', 's', '--from-literal=k=s3cret', '--from-literal', 'k2=s3cret'],
    's3cret',
  );
  assertGone(
    [
      'create',
      'secret',
      'docker-registry',
      'r',
      '--docker-password',
      's3cret',
      '--docker-username=s3cretuser',
    ],
    's3cret',
  );
  const tls = ['create', 'secret', 'tls', 't', '--cert=tls.crt', '--key', 'tls.key'];
  assert.deepEqual(redactArgv(tls), tls);
});

test('an argv that does not parse is redacted conservatively, and redactArgv never throws', () => {
  assert.deepEqual(
    assertGone(
      [
        'get',
        '--no-such-flag',
        '--api-key=s3cret',
        '--my-token',
        's3cret2',
        'A=s3cret3',
        '-p',
        's3cret4',
      ],
      's3cret',
    ),
    [
      'get',
      '--no-such-flag',
      `--api-key=${REDACTED}`,
      '--my-token',
      REDACTED,
      `A=${REDACTED}`,
      '-p',
      REDACTED,
    ],
  );
  // A plugin's argv is not kubectl's grammar either.
  assertGone(
    ['my-plugin', 'config', 'set', 'users.a.token', 's3cret', '--client-secret', 's3cret'],
    's3cret',
  );
  // Bad flag syntax and odd words.
  assertGone(['---token', 's3cret', '--=x', '-', '', '--password=s3cret'], 'password=s3cret');
  assert.deepEqual(redactArgv([]), []);
  assert.deepEqual(redactArgv(null as unknown as string[]), []);
});

const SAFE_WORD = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

/** Noise kubectl accepts anywhere: global flags (whole units, never splitting a pair). */
const NOISE = fc.constantFrom<string[]>(
  ['-n', 'ns1'],
  ['--namespace=ns2'],
  ['--context', 'ctx'],
  ['-v=3'],
  ['--insecure-skip-tls-verify'],
  ['--request-timeout', '5s'],
  ['--unknown-flag'], // makes the argv unparseable: the conservative path must hold too
  ['-q'],
);

/** A command with the secret S in a credential position, as [command words, argument units]. */
function planted(s: string, name: string): fc.Arbitrary<[string[], string[][]]> {
  return fc.constantFrom<[string[], string[][]]>(
    [['get', 'pods'], [['--token', s]]],
    [['get', 'pods'], [[`--token=${s}`]]],
    [['delete', 'pod', name], [['--password', s]]],
    [['config', 'set'], [[`users.${name}.token`, s]]],
    [['config', 'set'], [[`users.${name}.client-key-data`, s]]],
    [['config', 'set'], [[`users.${name}.password`, s]]],
    [
      ['config', 'set-credentials'],
      [[name], [`--token=${s}`]],
    ],
    [
      ['config', 'set-credentials'],
      [[name], ['--password', s]],
    ],
    [
      ['patch'],
      [
        ['secret', name],
        ['-p', `{"data":{"k":"${s}"}}`],
      ],
    ],
    [['patch'], [[`secrets/${name}`], [`--patch={"stringData":{"password":"${s}"}}`]]],
    [
      ['set', 'env'],
      [[`deploy/${name}`], [`DB_PASSWORD=${s}`]],
    ],
    [
      ['set', 'env'],
      [[`deploy/${name}`], ['-e', `K=${s}`]],
    ],
    [
      ['run', name],
      [['--image=nginx'], [`--env=K=${s}`]],
    ],
    [
      ['run', name],
      [['--image=nginx'], ['--overrides', `{"x":"${s}"}`]],
    ],
    [['create', 'secret', 'generic', name], [[`--from-literal=k=${s}`]]],
    [['create', 'secret', 'docker-registry', name], [['--docker-password', s]]],
  );
}

test('property: a planted secret in a credential position never survives, whatever the noise', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9+/_]{6,20}$/).map((t) => `Zq${t}`);
  fc.assert(
    fc.property(
      secret.chain((s) =>
        fc.tuple(
          fc.constant(s),
          SAFE_WORD.chain((name) => planted(s, name)),
          fc.array(fc.tuple(NOISE, fc.nat()), { maxLength: 4 }),
        ),
      ),
      ([s, [command, units], noise]) => {
        // Noise units go anywhere between whole units (command words keep their order).
        const all: string[][] = [...command.map((w) => [w]), ...units];
        for (const [unit, at] of noise) all.splice(at % (all.length + 1), 0, unit);
        const argv = all.flat();
        for (const word of redactArgv(argv)) {
          assert.ok(
            !word.includes(s),
            `${s} survived in ${JSON.stringify(redactArgv(argv))} from ${JSON.stringify(argv)}`,
          );
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('redactParsed: an Invocation-style args/flags view gets the same rules', () => {
  const { args, flags } = redactParsed(['config', 'set'], ['users.a.token', 's3cret'], {
    'set-raw-bytes': ['true'],
  });
  assert.deepEqual(args, ['users.a.token', REDACTED]);
  assert.deepEqual(flags, { 'set-raw-bytes': ['true'] });
  const patch = redactParsed(['patch'], ['secret', 'db'], {
    patch: ['{"s3cret":1}'],
    type: ['merge'],
  });
  assert.deepEqual(patch.flags, { patch: [REDACTED], type: ['merge'] });
  const env = redactParsed(['set', 'env'], ['deploy/x', 'A=s3cret', 'B-'], { env: ['C=s3cret'] });
  assert.deepEqual(env, {
    args: ['deploy/x', `A=${REDACTED}`, 'B-'],
    flags: { env: [`C=${REDACTED}`] },
  });
});

test('iddio classify (json and human) prints no secret from args or flags', async () => {
  for (const argv of [
    ['patch', 'secret', 'db', '-p', '{"stringData":{"password":"s3cretP"}}'],
    ['config', 'set', 'users.admin.token', 's3cretT'],
    ['run', 'x', '--image=i', '--env=A=s3cretE', '--overrides', '{"a":"s3cretO"}'],
  ]) {
    for (const json of [['--json'], []]) {
      const run = await runIddio(['classify', ...json, '--', ...argv]);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /s3cret/, run.stdout);
      assert.match(run.stdout, /\[REDACTED\]/);
    }
  }
});
