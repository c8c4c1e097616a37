/** Passphrase entry on /dev/tty (never stdin, which a script or an agent may control). */
import { Writable } from 'node:stream';
import { password } from '@inquirer/prompts';
import type { TtyStreams } from './tty.js';

export async function askPassphrase(streams: TtyStreams, message: string): Promise<string> {
  // The prompt ends the stream it writes to; the terminal stays open for the next question.
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      streams.output.write(chunk, () => callback());
    },
  });
  return password({ message, mask: false }, { input: streams.input, output });
}
