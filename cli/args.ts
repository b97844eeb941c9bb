// The command line split into the command, its arguments and the options every command shares
// (node:util parseArgs: unknown options are errors, `-o` is --output).
import { parseArgs } from "node:util";
import type { Flags } from "./context";

/** Throws on an unknown option or a missing option value (the caller prints usage). */
export function parseCommandLine(argv: string[]): { command: string | undefined; args: string[]; flags: Flags & { help?: boolean } } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      api: { type: "string" },
      profile: { type: "string" },
      mailbox: { type: "string" },
      code: { type: "string" },
      username: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      members: { type: "string" },
      ttl: { type: "string" },
      caption: { type: "string" },
      in: { type: "string" },
      output: { type: "string", short: "o" },
      out: { type: "string" },
      limit: { type: "string" },
      more: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...args] = positionals;
  return { command, args, flags: values };
}
