// Questions on the terminal for the account commands: one shared line reader (so piped input
// is never lost between questions), with typed characters hidden for passwords on a TTY.
import { createInterface, type Interface } from "node:readline";
import { Writable } from "node:stream";
import { CliError, EXIT } from "./errors";

let reader: { rl: Interface; lines: string[]; waiting: ((line: string | undefined) => void)[]; ended: boolean } | undefined;
/** While true, readline's echo of what is typed is swallowed (password entry). */
let muted = false;

function lineReader() {
  if (reader) return reader;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
  const state = { rl, lines: [] as string[], waiting: [] as ((line: string | undefined) => void)[], ended: false };
  rl.on("line", (line) => {
    const waiter = state.waiting.shift();
    if (waiter) waiter(line);
    else state.lines.push(line);
  });
  rl.on("close", () => {
    state.ended = true;
    for (const waiter of state.waiting.splice(0)) waiter(undefined);
  });
  reader = state;
  return state;
}

/** Asks `question` and resolves with the answer, trimmed unless hidden. */
export async function ask(question: string, opts: { hidden?: boolean } = {}): Promise<string> {
  const r = lineReader();
  process.stdout.write(question);
  muted = opts.hidden === true && process.stdin.isTTY === true;
  const line = r.lines.shift() ?? (r.ended ? undefined : await new Promise<string | undefined>((resolve) => r.waiting.push(resolve)));
  // A muted TTY swallowed the Enter's echo, and piped input is never echoed: end the line.
  if (muted || process.stdin.isTTY !== true) process.stdout.write("\n");
  muted = false;
  if (line === undefined) throw new CliError(`\ninput ended before an answer to "${question.trim()}"`, EXIT.USAGE);
  return opts.hidden ? line : line.trim();
}

/** Asks until the answer is not empty. */
export async function askRequired(question: string, opts: { hidden?: boolean } = {}): Promise<string> {
  for (;;) {
    const answer = await ask(question, opts);
    if (answer) return answer;
  }
}

/** Releases stdin so the process can exit. */
export function closePrompts(): void {
  reader?.rl.close();
  reader = undefined;
}
