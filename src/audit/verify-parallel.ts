/**
 * The fast path of verify for big logs. Worker threads check whole chunks of lines — each
 * line on its own (JSON, canonical form, schema, hash: the expensive part) and the links
 * between the lines of the chunk — and return only the chunk's two ends; the main thread reads
 * the files and joins the chunks. It only answers "intact": at the first anomaly of any kind it
 * gives up (returns undefined) and the caller re-runs the sequential verifier, which names the
 * failure exactly. Memory stays bounded: a few 256 KiB chunks in flight.
 *
 * The worker runs this same module (the esbuild chunk, or the .ts file under tsx) and starts
 * its message loop when it finds itself in a worker, so no extra bundle entry point is needed.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { GENESIS_HASH } from './event.js';
import { checkLine } from './line.js';
import type { VerifyLogOptions, VerifyReport } from './verify-log.js';

const WORKER_TAG = 'iddio-audit-verify-worker';
const CHUNK = 256 * 1024;

interface Job {
  id: number;
  buffer: ArrayBuffer;
  length: number;
  checkpoint?: { seq: number; hash: string };
}

/** A chunk that is intact inside: its first event's (seq, prev_hash) and last event's (seq, hash). */
interface JobResult {
  id: number;
  ok: boolean;
  count: number;
  firstSeq: number;
  firstPrev: string;
  lastSeq: number;
  lastHash: string;
  checkpointSeen: boolean;
}

function checkChunk(job: Job): JobResult {
  const result: JobResult = {
    id: job.id,
    ok: false,
    count: 0,
    firstSeq: -1,
    firstPrev: '',
    lastSeq: -1,
    lastHash: '',
    checkpointSeen: false,
  };
  const text = Buffer.from(job.buffer, 0, job.length).toString('utf8');
  // A replacement character may hide bytes that are not UTF-8: leave it to the sequential path.
  if (text.includes('\uFFFD')) return result;
  const cp = job.checkpoint;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    const check = checkLine(text.slice(start, end));
    if (!check.ok) return result;
    const { seq, prev_hash: prev, hash } = check.event;
    if (result.count === 0) {
      result.firstSeq = seq;
      result.firstPrev = prev;
    } else if (seq !== result.lastSeq + 1 || prev !== result.lastHash) {
      return result;
    }
    if (cp && seq === cp.seq) {
      if (hash !== cp.hash) return result;
      result.checkpointSeen = true;
    }
    result.count++;
    result.lastSeq = seq;
    result.lastHash = hash;
    start = end + 1;
  }
  result.ok = start === text.length;
  return result;
}

if (!isMainThread && workerData === WORKER_TAG && parentPort) {
  const port = parentPort;
  port.on('message', (job: Job) => port.postMessage(checkChunk(job)));
}

/**
 * The worker runs this very module. Shipped, that is a .js chunk of the bundle; from source
 * (tests and benches run under tsx) the worker must register tsx before importing the .ts file.
 */
function workerEntry(): [URL] | [string, { eval: true }] {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith('.ts')) return [self];
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(self.href)}); });`;
  return [code, { eval: true }];
}

class Pool {
  private readonly workers: Worker[];
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: JobResult) => void; reject: (e: unknown) => void }
  >();

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const [entry, extra] = workerEntry();
      const worker = new Worker(entry, {
        ...extra,
        workerData: WORKER_TAG,
        resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
      });
      worker.on('message', (result: JobResult) => {
        this.waiting.get(result.id)?.resolve(result);
        this.waiting.delete(result.id);
      });
      worker.on('error', (error) => {
        for (const entry of this.waiting.values()) entry.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  run(job: Job): Promise<JobResult> {
    const worker = this.workers[this.next++ % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      worker.postMessage(job, [job.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** Worker start-up costs ~50 ms: only worth it for logs of 16 MiB (~25,000 events) and more. */
export function parallelWorth(totalBytes: number, minBytes = 64 * CHUNK): boolean {
  return totalBytes >= minBytes && availableParallelism() >= 2;
}

/**
 * Cuts a file into jobs that end on a line boundary, reading straight into buffers that are
 * then transferred to the workers (no copy). Yields undefined for a file whose end is not a
 * newline (an incomplete final line) or a line longer than a chunk: both go sequential.
 */
function* fileJobs(file: string): Generator<{ buffer: ArrayBuffer; length: number } | undefined> {
  const fd = openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (;;) {
      const buffer = new ArrayBuffer(CHUNK);
      const view = Buffer.from(buffer);
      carry.copy(view);
      const read = readSync(fd, view, carry.length, CHUNK - carry.length, null);
      const filled = carry.length + read;
      if (read === 0) {
        if (filled > 0) yield undefined;
        return;
      }
      const last = view.subarray(0, filled).lastIndexOf(0x0a);
      if (last < 0) {
        yield undefined;
        return;
      }
      carry = Buffer.from(view.subarray(last + 1, filled));
      yield { buffer, length: last + 1 };
    }
  } finally {
    closeSync(fd);
  }
}

/** Verifies `files` in parallel; undefined means "not intact, or not sure": run the sequential verifier. */
export async function verifyParallel(
  files: string[],
  totalBytes: number,
  options: VerifyLogOptions = {},
): Promise<VerifyReport | undefined> {
  const pool = new Pool(Math.min(availableParallelism(), 3));
  const cp = options.checkpoint;
  const queue: Array<{ promise: Promise<JobResult>; file: string; bytes: number }> = [];
  let id = 0;
  let expected = 0;
  let prevHash = GENESIS_HASH;
  let lastFile: string | undefined;
  let checkpointSeen = false;
  let done = 0;

  // Joins the oldest chunk in flight onto the chain; false at the first anomaly.
  const joinNext = async (): Promise<boolean> => {
    const head = queue.shift() as (typeof queue)[number];
    const result = await head.promise;
    if (!result.ok) return false;
    if (result.count > 0) {
      if (result.firstSeq !== expected || result.firstPrev !== prevHash) return false;
      expected = result.lastSeq + 1;
      prevHash = result.lastHash;
      lastFile = head.file;
      checkpointSeen ||= result.checkpointSeen;
    }
    done += head.bytes;
    options.onProgress?.(Math.min(1, done / (totalBytes || 1)), expected);
    return true;
  };

  try {
    for (const file of files) {
      for (const job of fileJobs(file)) {
        if (!job) return undefined;
        queue.push({
          promise: pool.run({ id: id++, ...job, checkpoint: cp }),
          file,
          bytes: job.length,
        });
        if (queue.length >= 6 && !(await joinNext())) return undefined;
      }
      while (queue.length > 0) if (!(await joinNext())) return undefined;
    }
    if (cp && !checkpointSeen) return undefined;
    return {
      ok: true,
      events: expected,
      files,
      lastSeq: expected > 0 ? expected - 1 : undefined,
      lastHash: expected > 0 ? prevHash : undefined,
      lastFile,
      checkpoint: cp,
    };
  } finally {
    await Promise.allSettled(queue.map((entry) => entry.promise));
    await pool.close();
  }
}
