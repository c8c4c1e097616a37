/**
 * makeDirs ends whatever the kernel says. Node 20's recursive mkdirSync loops forever when a
 * level keeps answering ENOENT (as /proc does); the fake mkdir below does exactly that, so the
 * table holds on any OS.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeDirs } from '../../src/common/make-dirs.js';
import { tempDir } from '../helpers/cli.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('makeDirs', () => {
  it('creates missing levels with the mode asked for', () => {
    const root = tempDir();
    makeDirs(join(root, 'a', 'b', 'c'), 0o700);
    assert.ok(fs.statSync(join(root, 'a', 'b', 'c')).isDirectory());
    makeDirs(join(root, 'a', 'b', 'c')); // existing: nothing to do
  });

  const REFUSING: Array<[string, (path: string) => never | void, string]> = [
    [
      'a kernel that answers ENOENT for ever (/proc)',
      () => {
        throw errno('ENOENT');
      },
      'ENOENT',
    ],
    [
      'a level that is refused',
      () => {
        throw errno('EACCES');
      },
      'EACCES',
    ],
    [
      'a read-only file system',
      () => {
        throw errno('EROFS');
      },
      'EROFS',
    ],
  ];
  for (const [name, mkdir, code] of REFUSING) {
    it(`ends with the kernel's error on ${name}`, () => {
      let calls = 0;
      assert.throws(
        () =>
          makeDirs('/x/y/z/w', 0o700, (path) => {
            calls++;
            if (calls > 100) throw new Error('looping');
            if (path === '/') throw errno('EEXIST');
            mkdir(path);
          }),
        (error: NodeJS.ErrnoException) => error.code === code,
      );
      assert.ok(calls <= 10, `${calls} mkdir calls`);
    });
  }

  it('ends on the real /proc where Node 20 loops', () => {
    assert.throws(() => makeDirs('/proc/self/iddio-nope/a'), { code: 'ENOENT' });
  });
});
