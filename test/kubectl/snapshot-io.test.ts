import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubectlIo } from '../../src/kubectl/invocation.js';
import { snapshotIo } from '../../src/kubectl/snapshot-io.js';

function changingIo(): KubectlIo & { reads: number } {
  const io = {
    reads: 0,
    readFile: () => `version ${++io.reads}`,
    readDir: () => ['a.yaml'],
    isDirectory: (path: string) => path.endsWith('dir'),
    exists: () => true,
    stdin: () => `stdin ${++io.reads}`,
  };
  return io;
}

test('the replay answers what the parser was answered, never asking the base again', () => {
  const base = changingIo();
  const snapshot = snapshotIo(base);
  assert.equal(snapshot.io.readFile('./m.yaml'), 'version 1');
  assert.equal(snapshot.io.stdin(), 'stdin 2');
  assert.deepEqual(snapshot.io.readDir('dir'), ['a.yaml']);
  assert.equal(snapshot.io.isDirectory('dir'), true);
  const replay = snapshot.replay();
  assert.equal(replay.readFile('m.yaml'), 'version 1', 'same file, path spelled differently');
  assert.equal(replay.stdin(), 'stdin 2');
  assert.deepEqual(replay.readDir('./dir'), ['a.yaml']);
  assert.equal(replay.isDirectory('dir'), true);
  assert.equal(base.reads, 2, 'the replay read nothing');
});

test('the replay refuses what was not read when classifying', () => {
  const replay = snapshotIo(changingIo()).replay();
  assert.throws(
    () => replay.readFile('other.yaml'),
    /was not read when the command was classified/,
  );
  assert.throws(() => replay.readDir('otherdir'), /was not read/);
  assert.equal(replay.exists('other.yaml'), false);
  assert.equal(replay.isDirectory('otherdir'), false);
});
