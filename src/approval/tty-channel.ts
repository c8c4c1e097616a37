/**
 * The terminal channel: shows the request on /dev/tty and asks yes/no with an
 * @inquirer/prompts confirmation whose default is No. The time left counts down on the line
 * just above the question; when it reaches zero the prompt is aborted and the answer is no.
 * Ctrl-C is no as well: in raw mode it reaches readline as a key (ExitPromptError), and as a
 * signal (from `kill`, or before raw mode is on) through listenForInterrupt.
 */
import { Writable } from 'node:stream';
import type tty from 'node:tty';
import { confirm } from '@inquirer/prompts';
import { listenForInterrupt } from './interrupt.js';
import { countdownLine, promptLines } from './prompt-view.js';
import { ttyChalk, type TtyStreams } from './tty.js';
import type { ApprovalChannel, ApprovalOutcome, ApprovalRequest } from './types.js';

export interface TtyChannelOptions {
  open: () => TtyStreams | undefined;
  env: Record<string, string | undefined>;
  /** Who is at the terminal, for approved_by. */
  osUser: string;
  now?: () => number;
}

type Ending = 'approved' | 'declined' | 'timeout' | 'interrupted' | 'no-tty';

export function ttyChannel(options: TtyChannelOptions): ApprovalChannel {
  const now = options.now ?? Date.now;
  return {
    async ask(request: ApprovalRequest): Promise<ApprovalOutcome> {
      const started = now();
      const streams = options.open();
      const ending = streams ? await prompt(streams, request, options, now) : 'no-tty';
      const latencyMs = now() - started;
      const who = options.osUser;
      const base = { channel: 'tty' as const, latencyMs };
      switch (ending) {
        case 'approved':
          return {
            ...base,
            approved: true,
            outcome: 'approved',
            approvedBy: who,
            reason: `approved on the terminal by ${who}`,
          };
        case 'declined':
          return {
            ...base,
            approved: false,
            outcome: 'declined',
            approvedBy: who,
            reason: `declined on the terminal by ${who}`,
          };
        case 'timeout':
          return {
            ...base,
            approved: false,
            outcome: 'timed_out',
            approvedBy: 'timeout',
            reason: 'no answer on the terminal before the timeout',
          };
        case 'interrupted':
          return {
            ...base,
            approved: false,
            outcome: 'interrupted',
            approvedBy: 'interrupted',
            reason: 'interrupted (Ctrl-C) at the approval prompt',
          };
        case 'no-tty':
          return {
            ...base,
            approved: false,
            outcome: 'error',
            approvedBy: 'no-approver',
            reason: 'the policy asks for the terminal, but there is no controlling terminal',
          };
      }
    },
  };
}

async function prompt(
  streams: TtyStreams,
  request: ApprovalRequest,
  options: TtyChannelOptions,
  now: () => number,
): Promise<Ending> {
  const { input, output } = streams;
  const chalk = ttyChalk(output, options.env);
  const deadline = now() + request.timeoutMs;
  output.write(`${promptLines(request, chalk, deadline - now()).join('\n')}\n`);

  // The countdown is the line right above the question: save the cursor, go up one line,
  // rewrite it, restore. A dumb terminal gets the starting figure only.
  const live = options.env.TERM !== 'dumb' && (output.columns ?? 80) >= 40;
  const ticker = live
    ? setInterval(() => {
        output.write(`\u001b7\u001b[1A\r\u001b[2K${countdownLine(chalk, deadline - now())}\u001b8`);
      }, 1000)
    : undefined;
  const interrupt = listenForInterrupt();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort('timeout'), request.timeoutMs);
  // Ctrl-D (end of input) is an answer too: no. Readline would only close, leaving the
  // prompt to wait for the timeout.
  const endOfInput = new AbortController();
  const onKey = (_text: unknown, key?: { ctrl?: boolean; name?: string }): void => {
    if (key?.ctrl === true && key.name === 'd') endOfInput.abort('eof');
  };
  input.on('keypress', onKey);
  // Keys typed before the question is shown (a stray "y", or an agent writing to the
  // terminal while the request was being prepared) must not answer it.
  streams.discardPendingInput();
  let ending: Ending;
  try {
    const approved = await confirm(
      {
        message: 'Approve this command?',
        default: false,
        theme: {
          prefix: { idle: chalk.blue('?'), done: chalk.blue('?') },
          style: {
            answer: chalk.cyan,
            message: (text: string) => chalk.bold(text),
            defaultAnswer: (text: string) => chalk.dim(`(${text})`),
          },
        },
      },
      {
        input,
        output: unendable(output),
        signal: AbortSignal.any([timeout.signal, interrupt.signal, endOfInput.signal]),
      },
    );
    ending = approved ? 'approved' : 'declined';
  } catch {
    // AbortPromptError (our timer or a signal), ExitPromptError (Ctrl-C as a key) or anything
    // else: every way out of the prompt that is not a "yes" is a no.
    ending = timeout.signal.aborted
      ? 'timeout'
      : endOfInput.signal.aborted
        ? 'declined'
        : 'interrupted';
  } finally {
    input.removeListener('keypress', onKey);
    clearInterval(ticker);
    clearTimeout(timer);
    interrupt.dispose();
  }
  const verdict: Record<Ending, string> = {
    approved: chalk.green('approved: the command runs now'),
    declined: chalk.red('declined: the command will not run'),
    timeout: chalk.red('timed out: no answer means no; the command will not run'),
    interrupted: chalk.red('interrupted: the command will not run'),
    'no-tty': '',
  };
  output.write(`\niddio: ${verdict[ending]}\n`);
  streams.close();
  return ending;
}

/**
 * The prompt ends the stream it is given when it is done; the terminal must stay open for the
 * verdict line, so it gets a pass-through that forwards writes and the terminal's width.
 */
function unendable(output: tty.WriteStream): Writable {
  const through = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      output.write(chunk, () => callback());
    },
  });
  Object.defineProperty(through, 'columns', { get: () => output.columns });
  Object.defineProperty(through, 'rows', { get: () => output.rows });
  return through;
}
