/**
 * tar as kubectl cp drives it: the argv it sends parsed, archives round-tripped between two
 * containers' files, and damaged or oversized archives refused in one line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extract, pack } from 'tar-stream';
import { Readable } from 'node:stream';
import { MemoryFs } from '../../../src/sandbox/containers/fs.js';
import { parseTarArgs } from '../../../src/sandbox/containers/tar.js';
import { fixedNow, run } from './helpers.js';

async function members(archive: Buffer): Promise<string[]> {
  const reader = extract();
  Readable.from([archive]).pipe(reader as unknown as NodeJS.WritableStream);
  const names: string[] = [];
  for await (const entry of reader) {
    names.push(`${entry.header.type}:${entry.header.name}`);
    entry.resume();
  }
  return names;
}

describe('tar arguments', () => {
  const table: [string[], ReturnType<typeof parseTarArgs>][] = [
    [
      ['cf', '-', '/tmp/foo'],
      { mode: 'c', directory: undefined, paths: ['/tmp/foo'], verbose: false },
    ],
    [['-xmf', '-', '-C', '/tmp'], { mode: 'x', directory: '/tmp', paths: [], verbose: false }],
    [
      ['--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', '/d'],
      { mode: 'x', directory: '/d', paths: [], verbose: false },
    ],
    [['tvf', '-'], { mode: 't', directory: undefined, paths: [], verbose: true }],
    [['-cf', '/tmp/a.tar', 'x'], 'the sandbox keeps archives only on stdin and stdout (use f -)'],
    [['-cx'], 'You may not specify more than one of -ctx'],
    [['-f', '-'], 'You must specify one of the -ctx options'],
    [['--gzip', 'cf', '-'], "unrecognized option '--gzip'"],
    [['-czf', '-'], "invalid option -- 'z'"],
  ];
  for (const [args, want] of table) {
    it(args.join(' '), () => assert.deepEqual(parseTarArgs(args), want));
  }
});

describe('tar archives', () => {
  it('round-trips a tree between two containers (kubectl cp pod → local → pod)', async () => {
    const source = new MemoryFs('a', fixedNow);
    await run(['sh', '-c', 'mkdir -p /data/sub; echo one > /data/a; echo two > /data/sub/b'], {
      fs: source,
    });
    source.writeFile('/data/bin', Buffer.from([0, 255, 1]), 0o755);
    const packed = await run(['tar', 'cf', '-', '/data'], { fs: source });
    assert.equal(packed.code, 0);
    assert.deepEqual(await members(packed.outBytes), [
      'directory:data/',
      'file:data/a',
      'file:data/bin',
      'directory:data/sub/',
      'file:data/sub/b',
    ]);
    const target = new MemoryFs('b', fixedNow);
    await run(['mkdir', '/restore'], { fs: target });
    const unpacked = await run(['tar', '-xmf', '-', '-C', '/restore'], {
      fs: target,
      stdin: packed.outBytes,
    });
    assert.deepEqual([unpacked.code, unpacked.err], [0, '']);
    assert.equal(target.readFile('/restore/data/sub/b').toString(), 'two\n');
    assert.deepEqual(target.readFile('/restore/data/bin'), Buffer.from([0, 255, 1]));
    assert.equal(target.get('/restore/data/bin')?.mode, 0o755);
    const listed = await run(['tar', 'tf', '-'], { stdin: packed.outBytes });
    assert.equal(listed.out, 'data/\ndata/a\ndata/bin\ndata/sub/\ndata/sub/b\n');
  });

  it('names members relative to -C when the path is relative', async () => {
    const fs = new MemoryFs('a', fixedNow);
    const r = await run(['tar', '-c', '-f', '-', '-C', '/etc', 'hostname'], { fs });
    assert.deepEqual(await members(r.outBytes), ['file:hostname']);
  });

  it('a member cannot climb out of the directory with ../', async () => {
    const archive = pack();
    archive.entry({ name: '../../etc/evil', type: 'file', mode: 0o644 }, 'x');
    archive.entry({ name: 'fine', type: 'file', mode: 0o644 }, 'ok');
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    const r = await run(['tar', 'xf', '-', '-C', '/tmp'], { stdin: Buffer.concat(chunks) });
    assert.deepEqual([r.code, r.err], [2, "tar: ../../etc/evil: Member name contains '..'\n"]);
    assert.equal(r.fs.get('/etc/evil'), undefined);
    assert.equal(r.fs.readFile('/tmp/fine').toString(), 'ok');
  });

  it('refuses what it cannot do in one line', async () => {
    const missing = await run(['tar', 'cf', '-', '/nope']);
    assert.deepEqual(
      [missing.code, missing.err],
      [
        2,
        'tar: /nope: Cannot stat: No such file or directory\n' +
          'tar: Exiting with failure status due to previous errors\n',
      ],
    );
    const garbage = await run(['tar', 'xf', '-'], { stdin: Buffer.alloc(1024, 7) });
    assert.equal(garbage.code, 2);
    assert.match(garbage.err, /^tar: .+\n$/);
    const noDir = await run(['tar', 'xf', '-', '-C', '/nope'], { stdin: '' });
    assert.deepEqual(
      [noDir.code, noDir.err],
      [2, 'tar: /nope: Cannot open: No such file or directory\n'],
    );
    const empty = await run(['tar', 'cf', '-']);
    assert.equal(empty.code, 2);
  });
});
