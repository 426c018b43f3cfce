import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** How the setup guide talks to the person running it. */
export interface SetupIo {
  /** Resolves with the answer, trimmed ('' for a bare Enter). A secret answer is not echoed. */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  say(text: string): void;
}

export class InputEndedError extends Error {
  override name = 'InputEndedError';
  constructor() {
    super('The input ended before every question was answered.');
  }
}

/** Questions on the terminal (or piped lines); a secret's keystrokes are not echoed. */
export const terminalIo = (
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stdout,
): SetupIo & { close(): void } => {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const terminal = input.isTTY === true;
  const reader = createInterface({ input, output: echo, terminal });
  // Lines are read through the iterator, which buffers those piped in before their question.
  const lines = reader[Symbol.asyncIterator]();
  return {
    async ask(question, { secret = false } = {}) {
      output.write(question);
      muted = secret;
      const next = await lines.next();
      muted = false;
      // Neither a secret's Enter nor a piped answer was echoed: end the question's line.
      if (secret || !terminal) output.write('\n');
      if (next.done === true) throw new InputEndedError();
      return next.value.trim();
    },
    say(text) {
      output.write(`${text}\n`);
    },
    close() {
      reader.close();
    },
  };
};
