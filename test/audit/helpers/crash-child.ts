// A writer that dies mid-append: its file system writes half of the event line, tells the test,
// then hangs until the test kills it with SIGKILL (holding the lock, like a real crash).
import * as fs from 'node:fs';
import { appendAuditEvent, type AuditFs } from '../../../src/audit/writer.js';

const [logPath] = process.argv.slice(2) as [string];
const halfWriteFs: AuditFs = {
  ...fs,
  writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
    const half = Math.max(1, Math.floor(length / 2));
    fs.writeSync(fd, buffer, offset, half, null);
    fs.fsyncSync(fd);
    process.stdout.write('torn\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    return half;
  }) as AuditFs['writeSync'],
};
await appendAuditEvent(
  logPath,
  {
    stage: 'decided',
    request_id: 'idd_01JQ2Z3X4Y5V6W7T8S9R0CRASH',
    agent: 'crashy',
    tier: 3,
    decision: 'escalate',
  },
  { fs: halfWriteFs },
);
