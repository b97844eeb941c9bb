// The socket seam of the chat client: the minimal WebSocket shape it needs, how the URL and
// subprotocols carry the token and device, and two ways to open one (platform WebSocket, or a
// fetch upgrade for workerd, where tests reach the Worker through SELF.fetch).
import { PROTOCOL_NAME } from "../protocol/frames";
import { CLIENT_ERROR, errorFromReply, QChatError } from "./errors";

/** What the client needs of a socket; the browser, Node 22+ and workerd WebSocket all fit. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "close", listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: "error", listener: (event: unknown) => void): void;
}

/**
 * Opens a socket and resolves once it is open (accepted, in workerd). Frames that arrive before
 * the promise's continuation runs must not be dropped: resolve synchronously after open/accept.
 */
export type OpenSocket = (url: string, protocols: string[]) => Promise<WebSocketLike>;

/** Subprotocol prefix carrying the token: browsers cannot set headers on a WebSocket. */
export const TOKEN_SUBPROTOCOL_PREFIX = "bearer.";

/** `qchat.v1` (the server selects it) plus `bearer.<token>`. */
export function chatProtocols(token: string): string[] {
  return [PROTOCOL_NAME, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
}

export function chatUrl(url: string, deviceId: string | undefined): string {
  const u = new URL(url);
  if (deviceId !== undefined) u.searchParams.set("device", deviceId);
  return u.toString();
}

/** The platform WebSocket (browsers, Node 22+, workerd's outbound `new WebSocket`). */
export const openPlatformSocket: OpenSocket = (url, protocols) =>
  new Promise((resolve, reject) => {
    if (typeof globalThis.WebSocket !== "function") {
      reject(new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, "no global WebSocket here (Node 20): pass openSocket"));
      return;
    }
    const ws = new WebSocket(url, protocols);
    let settled = false;
    ws.addEventListener("open", () => ((settled = true), resolve(ws)));
    // Browsers hide the reason of a refused upgrade; the close code is all there is.
    const fail = (detail: string) => {
      if (!settled) reject(new QChatError(CLIENT_ERROR.UPGRADE_FAILED, 0, `WebSocket to ${url} failed: ${detail}`));
      settled = true;
    };
    ws.addEventListener("error", () => fail("error before open"));
    ws.addEventListener("close", (e) => fail(`closed ${e.code} before open`));
  });

/** A workerd fetch reply to an upgrade: `webSocket` is set on 101. */
export interface UpgradeResponse {
  status: number;
  headers: { get(name: string): string | null };
  webSocket?: (WebSocketLike & { accept(): void }) | null;
  text(): Promise<string>;
}

export type UpgradeFetch = (url: string, init: { headers: Record<string, string> }) => Promise<UpgradeResponse>;

/**
 * Opens the socket with a fetch upgrade, e.g. `openSocketViaFetch((u, i) => SELF.fetch(u, i))` in
 * workerd tests. A refused upgrade rejects with the server's QChatError (TOKEN_INVALID, 401...).
 */
export function openSocketViaFetch(fetchUpgrade: UpgradeFetch): OpenSocket {
  return async (url, protocols) => {
    const httpUrl = url.replace(/^ws(s?):/, "http$1:");
    const res = await fetchUpgrade(httpUrl, { headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": protocols.join(", ") } });
    const ws = res.webSocket;
    if (res.status !== 101 || !ws) throw errorFromReply(res.status, await res.text(), res.headers.get("Retry-After"));
    // Accepting and returning in the same turn: queued frames are dispatched only after the
    // caller's continuation has attached its listeners.
    ws.accept();
    return ws;
  };
}
