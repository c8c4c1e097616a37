/**
 * The fast path of verify for big logs: worker threads check lines on their own (JSON,
 * canonical form, schema, hash — the expensive part) while the main thread reads the files and
 * links the chain (seq and prev_hash, cheap). It only answers "intact"; at the first anomaly of
 * any kind it gives up (returns undefined) and the caller re-runs the sequential verifier,
 * which names the failure exactly. Memory stays bounded: at most 2 chunks per worker in flight.
 *
 * The worker runs this same module (the esbuild chunk or the .ts file under tsx) and starts its
 * message loop when it finds itself in a worker, so no extra bundle entry point is needed.
 */
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkLine } from './line.js';
import type { VerifyReport, VerifyLogOptions } from './verify-log.js';
import { GENESIS_HASH } from './event.js';

const WORKER_TAG = 'iddio-audit-verify-worker';
const CHUNK = 256 * 1024;

interface Job {
  id: number;
  buffer: ArrayBuffer;
}

interface JobResult {
  id: number;
  lines: number;
  ok: number;
  seqs: Float64Array;
  prevs: string[];
  hashes: string[];
}

function checkChunk(job: Job): JobResult {
  const text = Buffer.from(job.buffer).toString('utf8');
  const prevs: string[] = [];
  const hashes: string[] = [];
  const seqs: number[] = [];
  let lines = 0;
  // A replacement character may hide bytes that are not UTF-8: leave it to the sequential path.
  if (!text.includes('\uFFFD')) {
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      lines++;
      const check = checkLine(text.slice(start, end));
      if (!check.ok) break;
      seqs.push(check.event.seq);
      prevs.push(check.event.prev_hash);
      hashes.push(check.event.hash);
      start = end + 1;
    }
  } else {
    lines = 1;
  }
  return { id: job.id, lines, ok: seqs.length, seqs: Float64Array.from(seqs), prevs, hashes };
}

if (!isMainThread && workerData === WORKER_TAG && parentPort) {
  const port = parentPort;
  port.on('message', (job: Job) => {
    const result = checkChunk(job);
    port.postMessage(result, [result.seqs.buffer as ArrayBuffer]);
  });
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
        resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 },
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

/** Verifies `files` in parallel; undefined means "not intact, or not sure": run the sequential verifier. */
export async function verifyParallel(
  files: string[],
  totalBytes: number,
  options: VerifyLogOptions = {},
): Promise<VerifyReport | undefined> {
  const pool = new Pool(Math.min(availableParallelism(), 3));
  const inFlight: Promise<JobResult>[] = [];
  const maxInFlight = 6;
  let id = 0;
  let expected = 0;
  let prevHash = GENESIS_HASH;
  let lastFile: string | undefined;
  let checkpointSeen = false;
  let readBytes = 0;
  const cp = options.checkpoint;

  // Links one chunk's results onto the chain; false at the first anomaly.
  const link = (result: JobResult, file: string): boolean => {
    if (result.ok < result.lines) return false;
    for (let i = 0; i < result.ok; i++) {
      const prev = result.prevs[i];
      if (result.seqs[i] !== expected || prev !== prevHash) return false;
      prevHash = result.hashes[i] as string;
      if (cp && expected === cp.seq) {
        if (prevHash !== cp.hash) return false;
        checkpointSeen = true;
      }
      expected++;
    }
    if (result.ok > 0) lastFile = file;
    return true;
  };

  try {
    const queue: Array<{ promise: Promise<JobResult>; file: string; bytes: number }> = [];
    const drainOne = async (): Promise<boolean> => {
      const head = queue.shift();
      if (!head) return true;
      inFlight.shift();
      const ok = link(await head.promise, head.file);
      readBytes += head.bytes;
      options.onProgress?.(Math.min(1, readBytes / (totalBytes || 1)), expected);
      return ok;
    };
    for (const file of files) {
      let carry: Buffer | undefined;
      for await (const chunk of createReadStream(file, {
        highWaterMark: CHUNK,
      }) as AsyncIterable<Buffer>) {
        const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
        const last = bytes.lastIndexOf(0x0a);
        if (last < 0) {
          carry = bytes;
          continue;
        }
        const body = new Uint8Array(last + 1);
        body.set(bytes.subarray(0, last + 1));
        carry = last + 1 < bytes.length ? Buffer.from(bytes.subarray(last + 1)) : undefined;
        const promise = pool.run({ id: id++, buffer: body.buffer });
        inFlight.push(promise);
        queue.push({ promise, file, bytes: body.length });
        while (queue.length >= maxInFlight) if (!(await drainOne())) return undefined;
      }
      // An incomplete final line: the sequential verifier reports it.
      if (carry && carry.length > 0) return undefined;
      while (queue.length > 0) if (!(await drainOne())) return undefined;
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
    await Promise.allSettled(inFlight);
    await pool.close();
  }
}
