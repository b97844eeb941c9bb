// A logged-in API client for commands: loads the saved session, refreshes the 15-minute access
// token when it is about to expire (or was refused as expired) and saves the rotated tokens.
import { createHttpClient, QChatError, type HttpClient } from "../client";
import type { Context } from "./context";
import { CLI, CliError, EXIT } from "./errors";
import { deleteSession, loadSession, saveSession, type SavedSession } from "./session-store";

/** Refresh when the access token has less than this left. */
const REFRESH_MARGIN_MS = 60_000;

export interface Authed {
  readonly session: SavedSession;
  /** Runs an API call with a fresh token, retrying once after refreshing on TOKEN_EXPIRED. */
  call<T>(run: (http: HttpClient) => Promise<T>): Promise<T>;
  /** A valid access token, for the chat socket (asked again before every reconnect). */
  freshToken(): Promise<string>;
}

export function openSession(ctx: Context): Authed {
  let current = loadSession(ctx.sessionPath);
  if (!current) throw new CliError(`not logged in: run \`${CLI} login\` first.`, EXIT.AUTH);
  if (current.api !== ctx.api)
    throw new CliError(`you are logged in to ${current.api}, not ${ctx.api}: run \`${CLI} login --api ${ctx.api}\`.`, EXIT.AUTH);
  const http = createHttpClient({ baseUrl: current.api, token: current.token });

  async function refresh(): Promise<void> {
    // Another CLI process may have rotated the tokens already; presenting the old refresh token
    // again would look like theft and revoke the session, so take theirs.
    const onDisk = loadSession(ctx.sessionPath);
    if (onDisk && onDisk.refreshToken !== current!.refreshToken) {
      current = onDisk;
      http.setToken(current.token);
      if (!expiresSoon()) return;
    }
    try {
      const pair = await http.refresh(current!.refreshToken);
      current = { ...current!, ...pair };
      saveSession(ctx.sessionPath, current);
    } catch (err) {
      if (!(err instanceof QChatError) || err.status !== 401) throw err;
      deleteSession(ctx.sessionPath);
      throw new CliError(`your session has ended (${err.code}): log in again with \`${CLI} login\`.`, EXIT.AUTH);
    }
  }
  const expiresSoon = () => Date.parse(current!.expiresAt) - Date.now() < REFRESH_MARGIN_MS;

  async function freshToken(): Promise<string> {
    if (expiresSoon()) await refresh();
    return current!.token;
  }

  return {
    get session() {
      return current!;
    },
    async call(run) {
      await freshToken();
      try {
        return await run(http);
      } catch (err) {
        if (!(err instanceof QChatError) || err.code !== "TOKEN_EXPIRED") throw err;
        await refresh();
        return run(http);
      }
    },
    freshToken,
  };
}
