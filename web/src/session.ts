// The signed-in session of this tab: access and refresh tokens, profile and socket URL, plus this
// tab's device id.
//
// Why sessionStorage and not localStorage: the tokens are bearer credentials for the whole
// account (the refresh token for 30 days). sessionStorage belongs to this one tab and is wiped
// when the tab closes, so they do not outlive the visit on a shared computer, are not handed to
// every other tab of the origin, and a script injected into some later page load finds nothing
// left over. A reload keeps them (same tab), which is all a chat page needs. It also gives every
// tab its own session, which rotating refresh tokens require: two tabs sharing one refresh token
// would each rotate it, and the server would read the second use as theft and sign both out.
// It does not stop a script running in this tab right now (nothing in the browser does); the
// page's CSP (web/public/_headers) and text-only rendering (dom.ts) guard against that.
import type { LoginReply, TokenPair } from "../../protocol/auth";

const SESSION_KEY = "qchat.session";
const DEVICE_KEY = "qchat.device";

export interface Session extends TokenPair {
  user: LoginReply["user"];
  chatUrl: string;
}

const store = (session: Session): Session => (sessionStorage.setItem(SESSION_KEY, JSON.stringify(session)), session);

export function saveSession(reply: LoginReply): Session {
  const { token, expiresAt, refreshToken, refreshExpiresAt, user, chat } = reply;
  return store({ token, expiresAt, refreshToken, refreshExpiresAt, user, chatUrl: chat.url });
}

/** Keeps the rotated pair from a refresh (the old refresh token no longer works). */
export function saveTokens(session: Session, pair: TokenPair): Session {
  const { token, expiresAt, refreshToken, refreshExpiresAt } = pair;
  return store(Object.assign(session, { token, expiresAt, refreshToken, refreshExpiresAt }));
}

/** The stored session, unless it is missing, unreadable or past its refresh deadline. */
export function loadSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null") as Session | null;
    if (!session?.refreshToken || Date.parse(session.refreshExpiresAt) <= Date.now()) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * One device id per tab, kept across reloads: the server keeps an event cursor per device, so a
 * reload resumes where the tab left off, and two tabs never replace each other's socket (4002).
 */
export function deviceId(): string {
  let id = sessionStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${crypto.randomUUID().slice(0, 18)}`;
    sessionStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}
