// The docs page's sign-in: the login reply's tokens, kept in this tab's sessionStorage only (not
// shared with the chat page's session), and a fetch that adds the bearer token, refreshing it
// first when it has expired.

const STORAGE_KEY = "qchat.docs";
/** Refresh this long before `expiresAt`, so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 5_000;

export interface DocsSession {
  token: string;
  expiresAt: string;
  refreshToken: string;
  username: string;
  /** `chat.url` from the login reply: the socket to open. */
  chatUrl: string;
}

let listeners: Array<(session: DocsSession | undefined) => void> = [];

export function currentSession(): DocsSession | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as DocsSession | null;
    return saved?.token ? saved : undefined;
  } catch {
    return undefined;
  }
}

function store(session: DocsSession | undefined): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(session);
}

export function onSessionChange(listener: (session: DocsSession | undefined) => void): void {
  listeners = [...listeners, listener];
}

async function postJson(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const error = json.error as { code?: string; message?: string } | undefined;
    throw new Error(`${res.status} ${error?.code ?? ""}: ${error?.message ?? res.statusText}`);
  }
  return json;
}

/** POST /v1/auth/login; the reply's tokens become the page's session. */
export async function signIn(login: string, password: string): Promise<DocsSession> {
  const reply = await postJson("/v1/auth/login", { login, password });
  const user = reply.user as { username?: string } | undefined;
  const chat = reply.chat as { url?: string } | undefined;
  const session: DocsSession = {
    token: String(reply.token),
    expiresAt: String(reply.expiresAt),
    refreshToken: String(reply.refreshToken ?? ""),
    username: user?.username ?? login,
    chatUrl: chat?.url ?? `${location.origin.replace(/^http/, "ws")}/v1/ws`,
  };
  store(session);
  return session;
}

/** Forgets the tokens here; the session stays valid on the server until it expires or is logged out. */
export const signOut = (): void => store(undefined);

/** A token good for the next request: refreshed (POST /v1/auth/refresh) when it has expired. */
export async function freshToken(): Promise<string | undefined> {
  const session = currentSession();
  if (!session) return undefined;
  if (Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS > Date.now() || !session.refreshToken) return session.token;
  try {
    const reply = await postJson("/v1/auth/refresh", { refreshToken: session.refreshToken });
    const next = { ...session, token: String(reply.token), expiresAt: String(reply.expiresAt), refreshToken: String(reply.refreshToken) };
    store(next);
    return next.token;
  } catch {
    store(undefined); // the session ended (logout, reset, reuse): sign in again
    return undefined;
  }
}
