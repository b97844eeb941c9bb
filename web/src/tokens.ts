// Keeps the 15-minute access token fresh: refreshed (one request at a time) shortly before it
// expires, before any API call or socket connection needs it, and once more when the server
// still says TOKEN_EXPIRED (clock skew). A refused refresh means the session is over.
import { QChatError, type HttpClient } from "../../client";
import { saveTokens, type Session } from "./session";

/** Refresh when less than this is left, so a request never leaves with a dying token. */
const MARGIN_MS = 60_000;

export interface Tokens {
  /** A valid access token (refreshing first if needed); also set on `http`. */
  fresh(force?: boolean): Promise<string>;
  /** Runs an API call with a fresh token, refreshing and retrying once on TOKEN_EXPIRED. */
  call<T>(run: () => Promise<T>): Promise<T>;
}

export function createTokens(http: HttpClient, session: Session): Tokens {
  let refreshing: Promise<string> | undefined;

  function fresh(force = false): Promise<string> {
    if (!force && Date.parse(session.expiresAt) - Date.now() > MARGIN_MS) return Promise.resolve(session.token);
    refreshing ??= http
      .refresh(session.refreshToken)
      .then((pair) => saveTokens(session, pair).token)
      .finally(() => (refreshing = undefined));
    return refreshing;
  }

  return {
    fresh,
    async call(run) {
      await fresh();
      try {
        return await run();
      } catch (err) {
        if (!(err instanceof QChatError && err.code === "TOKEN_EXPIRED")) throw err;
        await fresh(true);
        return run();
      }
    },
  };
}
