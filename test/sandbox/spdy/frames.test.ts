import assert from 'node:assert/strict';
import { deflateSync, constants } from 'node:zlib';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SPDY3_DICTIONARY } from '../../../src/sandbox/streams/spdy/dictionary.js';
import {
  dataFrame,
  FrameError,
  FrameReader,
  goAwayFrame,
  MAX_FRAME,
  pingFrame,
  rstStreamFrame,
  settingsFrame,
  synReplyFrame,
  synStreamFrame,
  windowUpdateFrame,
} from '../../../src/sandbox/streams/spdy/frames.js';
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderDeflater,
  HeaderInflater,
  MAX_HEADER_BLOCK,
} from '../../../src/sandbox/streams/spdy/headers.js';

const block = Buffer.from('opaque header block');
const ALL = Buffer.concat([
  dataFrame(1, Buffer.from('hello'), false),
  dataFrame(3, Buffer.alloc(0), true),
  synStreamFrame(5, block, true),
  synReplyFrame(7, block),
  rstStreamFrame(9, 5),
  settingsFrame([
    [4, 100],
    [7, 65536],
  ]),
  pingFrame(11),
  goAwayFrame(13, 1),
  windowUpdateFrame(15, 4096),
]);
const EXPECTED = [
  { kind: 'data', streamId: 1, fin: false, data: Buffer.from('hello') },
  { kind: 'data', streamId: 3, fin: true, data: Buffer.alloc(0) },
  { kind: 'syn_stream', streamId: 5, fin: true, unidirectional: false, block },
  { kind: 'syn_reply', streamId: 7, fin: false, block },
  { kind: 'rst_stream', streamId: 9, status: 5 },
  { kind: 'settings' },
  { kind: 'ping', id: 11 },
  { kind: 'goaway', lastGoodStreamId: 13, status: 1 },
  { kind: 'window_update', streamId: 15, delta: 4096 },
];

describe('SPDY frames', () => {
  it('round-trips every frame type', () => {
    assert.deepEqual(new FrameReader().push(ALL), EXPECTED);
  });

  it('parses the same frames however the bytes are cut', () => {
    for (const size of [1, 3, 7, 8, 9, 64]) {
      const reader = new FrameReader();
      const frames = [];
      for (let at = 0; at < ALL.length; at += size)
        frames.push(...reader.push(ALL.subarray(at, at + size)));
      assert.deepEqual(frames, EXPECTED, `cut every ${size} bytes`);
    }
  });

  it('ignores control frames of unknown types, as the protocol says', () => {
    const noop = Buffer.from([0x80, 3, 0, 5, 0, 0, 0, 0]);
    assert.deepEqual(new FrameReader().push(noop), [{ kind: 'ignored', type: 5 }]);
  });

  const bad: [string, Buffer][] = [
    ['a frame longer than the limit', Buffer.from([0x80, 3, 0, 1, 0, 0x10, 0, 1])],
    ['another SPDY version', Buffer.from([0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1])],
    ['data on stream 0', Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])],
    ['a SYN_STREAM too short for its fields', Buffer.from([0x80, 3, 0, 1, 0, 0, 0, 4, 0, 0, 0, 1])],
    ['a SYN_STREAM for stream 0', synStreamFrame(0, block)],
    ['a RST_STREAM without a status', Buffer.from([0x80, 3, 0, 3, 0, 0, 0, 4, 0, 0, 0, 1])],
    [
      'SETTINGS whose count disagrees with its length',
      Buffer.from([0x80, 3, 0, 4, 0, 0, 0, 4, 0, 0, 0, 9]),
    ],
    ['a PING without an id', Buffer.from([0x80, 3, 0, 6, 0, 0, 0, 0])],
  ];
  for (const [name, bytes] of bad) {
    it(`refuses ${name}`, () => {
      assert.throws(() => new FrameReader().push(bytes), FrameError);
    });
  }

  it('turns any bytes into frames or a FrameError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        (bytes, cut) => {
          const reader = new FrameReader();
          try {
            for (let at = 0; at < bytes.length; at += cut) {
              reader.push(Buffer.from(bytes.subarray(at, at + cut)));
            }
          } catch (error) {
            assert.ok(error instanceof FrameError, String(error));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('parses or refuses every control frame with a well-formed header and any body', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 40 }),
        (type, flags, body) => {
          const head = Buffer.from([0x80, 3, 0, type, flags, 0, 0, body.length]);
          try {
            const frames = new FrameReader().push(Buffer.concat([head, Buffer.from(body)]));
            assert.equal(frames.length, 1);
          } catch (error) {
            assert.ok(error instanceof FrameError, String(error));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses an oversized frame from its header, before the body arrives', () => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(1, 0);
    head.writeUInt32BE(MAX_FRAME + 1, 4);
    assert.throws(() => new FrameReader().push(head), /too large/);
  });
});

describe('SPDY header blocks', () => {
  it('encode and decode name/value pairs, several values NUL-separated', () => {
    const plain = encodeHeaderBlock({ StreamType: 'stdout', port: ['80', '8080'] });
    assert.deepEqual(
      [...decodeHeaderBlock(plain)],
      [
        ['streamtype', ['stdout']],
        ['port', ['80', '8080']],
      ],
    );
  });

  it('share one zlib context per direction: later blocks depend on earlier ones', async () => {
    const deflater = new HeaderDeflater();
    const inflater = new HeaderInflater();
    const headers = { streamtype: 'data', port: '8080', requestid: '0' };
    const first = await deflater.write(headers);
    const second = await deflater.write({ ...headers, requestid: '1' });
    assert.ok(second.length < first.length / 2, 'the second block reuses the first');
    assert.equal((await inflater.read(first)).get('requestid')?.[0], '0');
    assert.equal((await inflater.read(second)).get('requestid')?.[0], '1');
    // Out of its context the second block means nothing.
    await assert.rejects(new HeaderInflater().read(second), FrameError);
    deflater.close();
    inflater.close();
  });

  it('read what another zlib writes with the SPDY dictionary and a sync flush', async () => {
    const plain = encodeHeaderBlock({ streamtype: 'error' });
    const compressed = deflateSync(plain, {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    assert.equal((await new HeaderInflater().read(compressed)).get('streamtype')?.[0], 'error');
  });

  const pairs = (...blocks: Record<string, string>[]): Buffer =>
    Buffer.concat(blocks.map((h) => encodeHeaderBlock(h).subarray(4)));
  const count = (n: number): Buffer => Buffer.from([0, 0, 0, n]);
  const badBlocks: [string, Buffer][] = [
    ['truncated', encodeHeaderBlock({ streamtype: 'data' }).subarray(0, 10)],
    ['with trailing bytes', Buffer.concat([encodeHeaderBlock({ a: 'b' }), Buffer.from([0])])],
    [
      'with an upper-case name',
      Buffer.concat([count(1), Buffer.from([0, 0, 0, 1, 0x41]), count(0)]),
    ],
    ['with an empty name', Buffer.concat([count(1), count(0), count(0)])],
    ['naming a header twice', Buffer.concat([count(2), pairs({ a: 'b' }, { a: 'c' })])],
    ['with too many pairs', Buffer.from([0, 0, 0x10, 0])],
  ];
  for (const [name, plain] of badBlocks) {
    it(`refuse a block ${name}`, () => {
      assert.throws(() => decodeHeaderBlock(plain), FrameError);
    });
  }

  it('decode any bytes to a block or a FrameError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeHeaderBlock(Buffer.from(bytes));
        } catch (error) {
          assert.ok(error instanceof FrameError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse a block that is not zlib, and one that inflates past the limit', async () => {
    await assert.rejects(new HeaderInflater().read(Buffer.from('not zlib at all')), FrameError);
    const bomb = deflateSync(Buffer.alloc(MAX_HEADER_BLOCK * 4), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    assert.ok(bomb.length < 1024);
    await assert.rejects(new HeaderInflater().read(bomb), /past its limit/);
  });
});
