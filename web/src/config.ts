// Where the page finds things. The API is always this page's own origin (the Worker serves both);
// the local mailbox exists only in development.

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const MAILBOX_KEY = "qchat.mailbox";

export const API_BASE = location.origin;

/**
 * The local mailbox page (dev/emulators), or undefined outside local development. `npm start`
 * serves it one port above the Worker (8787 -> 8788); `?mailbox=<url>` overrides that for other
 * port layouts (the browser tests use it) and is remembered for the tab.
 */
export function mailboxUrl(): string | undefined {
  if (!LOCAL_HOSTS.has(location.hostname)) return undefined;
  const param = new URLSearchParams(location.search).get("mailbox");
  if (param && /^https?:\/\//.test(param)) sessionStorage.setItem(MAILBOX_KEY, param);
  const saved = sessionStorage.getItem(MAILBOX_KEY);
  if (saved) return saved;
  const port = Number(location.port || 80) + 1;
  return `${location.protocol}//${location.hostname}:${port}/mailbox`;
}
