/**
 * The gate a recorded session's client bytes pass through: frames go on exactly as they came,
 * each data frame's payload shown first, however the bytes are cut; anything kubectl would not
 * send (a fragment, a reserved bit, an unmasked frame, a long control frame, an unknown opcode,
 * a frame over the limit) is an error before any of it goes on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientFrameGate } from '../../src/gateway/client-frames.js';

function frame(first: number, payload: Buffer, masked = true): Buffer {
  const mask = Buffer.from([7, 1, 9, 4]);
  const body = masked ? Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!)) : payload;
  const length =
    payload.length < 126
      ? Buffer.from([(masked ? 0x80 : 0) | payload.length])
      : Buffer.from([(masked ? 0x80 : 0) | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([first]), length, masked ? mask : Buffer.alloc(0), body]);
}

/** Writes `bytes` cut every `step` bytes; what went on, what was shown, and any error. */
async function pass(bytes: Buffer, step: number, max = 1 << 20) {
  const shown: Array<[number, string]> = [];
  const gate = new ClientFrameGate(max, (opcode, payload) =>
    shown.push([opcode, payload.toString('latin1')]),
  );
  const out: Buffer[] = [];
  gate.on('data', (chunk: Buffer) => out.push(chunk));
  const error = new Promise<Error | undefined>((resolve) => {
    gate.on('error', resolve);
    gate.on('end', () => resolve(undefined));
  });
  for (let i = 0; i < bytes.length; i += step) gate.write(bytes.subarray(i, i + step));
  gate.end();
  return { out: Buffer.concat(out), shown, error: await error };
}

const STREAM = Buffer.concat([
  frame(0x82, Buffer.from('\u0000ls -l\n')),
  frame(0x89, Buffer.from('ping')),
  frame(0x81, Buffer.from('\u0004{"Width":80,"Height":24}')),
  frame(0x82, Buffer.alloc(300, 0x41)),
  frame(0x88, Buffer.from([0x03, 0xe8])),
]);

describe('the client frame gate', () => {
  for (const step of [1, 2, 3, 7, 64, STREAM.length]) {
    it(`passes frames on unchanged and shows each data frame, cut every ${step} bytes`, async () => {
      const { out, shown, error } = await pass(STREAM, step);
      assert.equal(error, undefined);
      assert.ok(out.equals(STREAM));
      assert.deepEqual(shown, [
        [2, '\u0000ls -l\n'],
        [1, '\u0004{"Width":80,"Height":24}'],
        [2, 'A'.repeat(300)],
      ]);
    });
  }

  const REFUSED: Array<[string, Buffer, RegExp]> = [
    ['a first fragment', frame(0x02, Buffer.from([9])), /fragmented/],
    ['a continuation frame', frame(0x80, Buffer.from('\u0000x')), /fragmented/],
    ['a reserved bit', frame(0xa2, Buffer.from('\u0000x')), /reserved bit/],
    ['an unmasked frame', frame(0x82, Buffer.from('\u0000x'), false), /not masked/],
    ['an unknown opcode', frame(0x83, Buffer.from('x')), /unknown opcode 3/],
    ['a control frame over 125 bytes', frame(0x89, Buffer.alloc(126)), /control frame/],
  ];
  for (const [what, bytes, why] of REFUSED) {
    it(`refuses ${what}, passing nothing of it on`, async () => {
      const visible = frame(0x82, Buffer.from('\u0000ok\n'));
      const { out, shown, error } = await pass(Buffer.concat([visible, bytes, visible]), 1);
      assert.match(error?.message ?? '', why);
      assert.ok(out.equals(visible), 'only the frame before it went on');
      assert.equal(shown.length, 1);
    });
  }

  it('refuses a frame over the size limit from its header alone', async () => {
    const { out, error } = await pass(frame(0x82, Buffer.alloc(200)).subarray(0, 8), 8, 100);
    assert.match(error?.message ?? '', /size limit/);
    assert.equal(out.length, 0);
  });
});
