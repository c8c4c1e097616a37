/**
 * The passthrough gateway's kept TLS pair: made once, reused while it is sound, and made again
 * when the kept file is damaged, belongs to another key, or is about to expire.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateTls } from '../../src/common/tls.js';
import { passthroughTls } from '../../src/pipeline/passthrough-tls.js';
import { tempDir } from '../helpers/cli.js';

describe('the passthrough gateway TLS pair', () => {
  it('is made once, kept 0600, and reused', async () => {
    const cache = join(tempDir('iddio-ptls-'), 'cache');
    const first = await passthroughTls(cache);
    const file = join(cache, 'passthrough-tls.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = await passthroughTls(cache);
    assert.equal(second.cert, first.cert);
    assert.equal(second.key, first.key);
  });

  for (const [what, damage] of [
    ['not JSON', () => 'garbage{'],
    [
      'a field missing',
      (kept: Record<string, string>) => JSON.stringify({ ...kept, key: undefined }),
    ],
    [
      'a certificate that is not PEM',
      (kept: Record<string, string>) => JSON.stringify({ ...kept, cert: 'x' }),
    ],
  ] as const) {
    it(`is made again when the kept file has ${what}`, async () => {
      const cache = tempDir('iddio-ptls-');
      const first = await passthroughTls(cache);
      const file = join(cache, 'passthrough-tls.json');
      writeFileSync(file, damage(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
      const again = await passthroughTls(cache);
      assert.notEqual(again.cert, first.cert);
    });
  }

  it('is made again when the key belongs to another pair', async () => {
    const cache = tempDir('iddio-ptls-');
    const first = await passthroughTls(cache);
    const other = await generateTls(new Date(), { name: 'x', hosts: ['127.0.0.1'] });
    const file = join(cache, 'passthrough-tls.json');
    writeFileSync(file, JSON.stringify({ ...first, key: other.key }));
    const again = await passthroughTls(cache);
    assert.notEqual(again.cert, first.cert);
  });

  it('is made again a day before it expires', async () => {
    const cache = tempDir('iddio-ptls-');
    const now = new Date();
    const first = await passthroughTls(cache, now);
    const late = new Date(now.getTime() + 29.5 * 24 * 60 * 60 * 1000);
    const again = await passthroughTls(cache, late);
    assert.notEqual(again.cert, first.cert);
    assert.equal((await passthroughTls(cache, late)).cert, again.cert);
  });
});
