// The chat session's terminal: a readline prompt, and printing that never tangles with what the
// user is typing (the half-typed line is redrawn below each printed line). Piped stdin works too:
// no prompt, plain lines.
import { clearLine, createInterface, cursorTo, moveCursor } from "node:readline";

export interface Terminal {
  print(line: string): void;
  /** Removes the line the user just entered from the screen (it is shown again, formatted). */
  eraseEntered(line: string): void;
  onLine(handler: (line: string) => void): void;
  /** Shows the prompt again after handling a line. */
  prompt(): void;
  /** End of input (Ctrl-D, end of a pipe) or Ctrl-C. */
  onEnd(handler: () => void): void;
  close(): void;
}

const PROMPT = "> ";

export function createTerminal(): Terminal {
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  rl.setPrompt(PROMPT);
  let closed = false;
  if (tty) rl.prompt();

  return {
    print(line) {
      if (!tty || closed) return void process.stdout.write(`${line}\n`);
      cursorTo(process.stdout, 0);
      clearLine(process.stdout, 0);
      process.stdout.write(`${line}\n`);
      rl.prompt(true); // redraws the prompt and the half-typed input, cursor kept
    },
    eraseEntered(line) {
      // Only when it fit on one row; a wrapped line would leave pieces behind.
      if (!tty || PROMPT.length + line.length >= (process.stdout.columns ?? 80)) return;
      moveCursor(process.stdout, 0, -1);
      clearLine(process.stdout, 0);
    },
    onLine: (handler) => void rl.on("line", handler),
    prompt: () => void (tty && !closed && rl.prompt()),
    onEnd(handler) {
      rl.on("close", handler);
      rl.on("SIGINT", handler); // without a listener readline only pauses on Ctrl-C
    },
    close() {
      if (closed) return;
      closed = true;
      rl.close();
    },
  };
}
