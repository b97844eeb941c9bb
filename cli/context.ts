// What every command gets: the global options resolved once (API URL, profile and its session
// file, mailbox), the command's flags, and where to write.
import type { SavedSession } from "./session-store";
import { loadSession, sessionPath } from "./session-store";

export const DEFAULT_API = "http://127.0.0.1:8787";
/** The local mailbox of `npm start` with its default ports. */
export const DEFAULT_LOCAL_MAILBOX = "http://127.0.0.1:8788/mailbox";

export interface Flags {
  api?: string;
  profile?: string;
  mailbox?: string;
  code?: string;
  username?: string;
  email?: string;
  password?: string;
  /** group create: friends to add, comma-separated ids, usernames or aliases. */
  members?: string;
  /** group invite: the token's lifetime. */
  ttl?: string;
  /** send-file: text sent with the file. */
  caption?: string;
  /** download: the conversation (friend or group) the file came in. */
  in?: string;
  /** download: where to save (`-` for stdout). */
  output?: string;
  /** account export: where to save (same as --output). */
  out?: string;
  /** search-messages: hits per page (1-50). */
  limit?: string;
  /** search-messages: the cursor of the next page, as the previous page printed it. */
  more?: string;
}

export interface Context {
  /** The API to talk to: --api, else QCHAT_API, else the saved session's, else the default. */
  api: string;
  /** True when --api or QCHAT_API chose it (a saved session for another API is then an error). */
  apiChosen: boolean;
  sessionPath: string;
  flags: Flags;
  args: string[];
  /** Normal output (stdout); errors go to stderr in index.ts. */
  out: (line?: string) => void;
}

export function createContext(flags: Flags, args: string[]): Context {
  const path = sessionPath(flags.profile);
  const chosen = flags.api ?? process.env.QCHAT_API;
  const saved: SavedSession | undefined = chosen ? undefined : loadSession(path);
  const api = (chosen ?? saved?.api ?? DEFAULT_API).replace(/\/+$/, "");
  return { api, apiChosen: chosen !== undefined, sessionPath: path, flags, args, out: (line = "") => console.log(line) };
}

/** True for an API on this machine, where the local mailbox can stand in for email. */
export function isLocalApi(api: string): boolean {
  const host = new URL(api).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}
