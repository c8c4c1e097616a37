/** Runs the executor in-process with captured streams, as the lead's pipeline will. */
import { PassThrough } from 'node:stream';
import { emptyIo } from '../../src/kubectl/node-io.js';
import { parseKubectlArgv } from '../../src/kubectl/parse.js';
import { executeInvocation, type ExecResult } from '../../src/kube/index.js';

export interface Captured extends ExecResult {
  stdout: string;
  stderr: string;
}

export async function runExecutor(
  argv: string[],
  options: {
    requestId: string;
    env: Record<string, string | undefined>;
    cacheDir: string;
    agent?: string;
    now?: () => number;
    signal?: AbortSignal;
  },
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().setEncoding('utf8');
  const err = new PassThrough().setEncoding('utf8');
  out.on('data', (chunk: string) => (stdout += chunk));
  err.on('data', (chunk: string) => (stderr += chunk));
  const result = await executeInvocation(parseKubectlArgv(argv, emptyIo), {
    requestId: options.requestId,
    agent: options.agent ?? 'test-agent',
    version: '0.1.0',
    stdout: out,
    stderr: err,
    cacheDir: options.cacheDir,
    env: options.env,
    now: options.now,
    signal: options.signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { ...result, stdout, stderr };
}
