// CLI failures: exit codes, and QChatError turned into one line that says what to do next.
import { CLIENT_ERROR, QChatError } from "../client";
import { fileAdvice } from "./file-errors";

export const EXIT = {
  OK: 0,
  /** The server refused, or something failed (network, server error). */
  FAILED: 1,
  /** Wrong command line. */
  USAGE: 2,
  /** Not logged in, or the session ended: run `login`. */
  AUTH: 3,
} as const;

/** An error the CLI reports as is, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
  }
}

export const CLI = "npm run cli --";

const AUTH_CODES = new Set(["UNAUTHORIZED", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED"]);

/** Group refusals, with what to do about them. */
const GROUP_ADVICE: Record<string, string> = {
  GROUP_NOT_FOUND: `no such group, or you are not (or no longer) in it: see \`${CLI} group list\`.`,
  GROUP_FORBIDDEN: `your role in this group does not allow it: see who the admins and the owner are with \`${CLI} group members <group>\`.`,
  GROUP_FULL: "the group is full: an admin has to remove someone first.",
  INVITE_INVALID: `this invite token is unknown, expired or revoked: ask a member for a new one (\`${CLI} group invite <group>\`).`,
};

/** The message and exit code for any error a command threw. */
export function explain(err: unknown, api: string): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (!(err instanceof QChatError))
    return { message: `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, exitCode: EXIT.FAILED };
  if (err.code === CLIENT_ERROR.NETWORK_ERROR) {
    return {
      message: `cannot reach the QChat API at ${api}: is it running (\`npm start\`)? Use --api <url> or QCHAT_API for another one.`,
      exitCode: EXIT.FAILED,
    };
  }
  if (AUTH_CODES.has(err.code))
    return { message: `your session has ended (${err.code}): log in again with \`${CLI} login\`.`, exitCode: EXIT.AUTH };
  const advice = GROUP_ADVICE[err.code];
  // A refusal's own message says which rule applied ("the owner must transfer ownership before leaving").
  if (advice)
    return { message: `${err.code === "GROUP_FORBIDDEN" ? `${err.message}; ` : ""}${advice} (${err.code})`, exitCode: EXIT.FAILED };
  const aboutFile = fileAdvice(err);
  if (aboutFile) return { message: `${aboutFile} (${err.code})`, exitCode: EXIT.FAILED };
  if (err.code === "INVALID_CREDENTIALS") return { message: "wrong username/email or password.", exitCode: EXIT.AUTH };
  if (err.code === "VALIDATION_FAILED" && err.issues?.length) {
    return { message: `invalid input: ${err.issues.map((i) => `${i.path || "input"}: ${i.message}`).join("; ")}`, exitCode: EXIT.USAGE };
  }
  const wait = err.retryAfter !== undefined ? ` Try again in ${Math.ceil(err.retryAfter)} s.` : "";
  return { message: `${err.message} (${err.code}).${wait}`, exitCode: EXIT.FAILED };
}
