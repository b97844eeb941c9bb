// A live WebSocket console: connect as the signed-in user, pick a client frame whose example is
// filled in from the schema (and from `hello`: a friend's id, a group's id), edit it, send it,
// and watch every frame both ways. Frames are sent as typed, so invalid ones show the server's
// error frames too.
import type { PROTOCOL_NAME } from "../../../protocol/frames";
import { h, replace } from "../dom";
import { describeClose } from "./close-codes";
import { currentSession, freshToken, onSessionChange } from "./docs-session";
import type { FrameDoc } from "./frame-catalog";
import type { Schema } from "./json-schema";
import { exampleOf, type Hints } from "./schema-example";

/** The subprotocol the server selects; a rename in protocol/frames.ts is a compile error here. */
const SUBPROTOCOL: typeof PROTOCOL_NAME = "qchat.v1";
const MAX_LOG_ENTRIES = 200;
const PING = { type: "ping", schema: {} } satisfies FrameDoc;

export function socketConsole(clientFrames: FrameDoc[], doc: Schema): HTMLElement {
  let ws: WebSocket | undefined;
  let requestCount = 0;
  const hints: Hints = {};
  const frames = [PING, ...clientFrames];

  const status = h("p", { class: "console-status", role: "status" });
  const log = h("ol", { class: "console-log", role: "log", "aria-label": "Frames", "aria-live": "polite" });
  const device = h("input", { id: "console-device", name: "device", placeholder: "empty: a throwaway device" });
  const connect = h("button", { type: "button" }, "Connect");
  const disconnect = h("button", { type: "button", class: "secondary", disabled: true }, "Disconnect");
  const picker = h("select", { id: "console-frame" }, ...frames.map((f, i) => h("option", { value: i }, f.type)));
  const editor = h("textarea", { id: "console-editor", rows: 5, spellcheck: false });
  const send = h("button", { type: "submit", disabled: true }, "Send frame");

  const fillExample = () => {
    const frame = frames[Number(picker.value)] ?? PING;
    const value = frame === PING ? { type: "ping" } : exampleOf(frame.schema, doc, { ...hints, id: `r${requestCount + 1}` });
    // Compact, as it goes on the wire: a heartbeat is answered only when it is exactly {"type":"ping"}.
    editor.value = JSON.stringify(value);
  };
  const entry = (direction: "sent" | "received" | "note", text: string) => {
    const arrow = direction === "sent" ? "→ " : direction === "received" ? "← " : "";
    log.append(h("li", { class: `console-${direction}` }, h("pre", {}, `${arrow}${text}`)));
    while (log.childElementCount > MAX_LOG_ENTRIES) log.firstElementChild?.remove();
    log.lastElementChild?.scrollIntoView({ block: "nearest" });
  };
  const setOpen = (open: boolean) => {
    connect.disabled = open || !currentSession();
    disconnect.disabled = !open;
    send.disabled = !open;
  };
  /** Real ids from hello, so a prefilled `send` or `group_read` names someone who exists. */
  const learn = (frame: Record<string, unknown>) => {
    if (frame.type !== "hello") return;
    const friend = (frame.friends as { id?: number }[] | undefined)?.[0];
    const group = (frame.groups as { groupId?: string }[] | undefined)?.[0];
    if (friend?.id) Object.assign(hints, { to: friend.id, peerId: friend.id });
    if (group?.groupId) hints.groupId = group.groupId;
    fillExample();
  };

  connect.addEventListener("click", () => {
    void (async () => {
      const token = await freshToken();
      const session = currentSession();
      if (!token || !session) return void replace(status, "Sign in first (at the top of the page).");
      const url = new URL(session.chatUrl);
      if (device.value.trim()) url.searchParams.set("device", device.value.trim());
      replace(status, `Connecting to ${url.origin}${url.pathname}…`);
      const socket = (ws = new WebSocket(url, [SUBPROTOCOL, `bearer.${token}`]));
      socket.addEventListener("open", () => (replace(status, `Connected (subprotocol ${socket.protocol}).`), setOpen(true)));
      socket.addEventListener("message", (event) => {
        const text = String(event.data);
        try {
          const frame = JSON.parse(text) as Record<string, unknown>;
          entry("received", JSON.stringify(frame, null, 2));
          learn(frame);
        } catch {
          entry("received", text);
        }
      });
      socket.addEventListener("close", (event) => {
        if (ws === socket) ws = undefined;
        setOpen(false);
        replace(status, `Closed: ${describeClose(event.code)}${event.reason ? ` (${event.reason})` : ""}.`);
      });
    })();
  });
  disconnect.addEventListener("click", () => ws?.close(1000, "closed from the docs console"));
  picker.addEventListener("change", fillExample);
  const form = h(
    "form",
    { class: "console-form", "aria-label": "Send a frame" },
    h("label", { for: "console-frame" }, "Frame"),
    picker,
    h("label", { for: "console-editor" }, "JSON to send (edit freely; sent as typed)"),
    editor,
    send,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(editor.value);
    entry("sent", editor.value);
    requestCount += 1;
    fillExample();
  });
  const showSession = () => {
    setOpen(ws?.readyState === WebSocket.OPEN);
    if (!ws) replace(status, currentSession() ? "Not connected." : "Sign in at the top of the page to connect.");
  };
  onSessionChange(showSession);
  showSession();
  fillExample();
  return h(
    "section",
    { class: "console card", id: "console", "aria-labelledby": "console-title" },
    h("h3", { id: "console-title" }, "Socket console"),
    h("div", { class: "console-connect" }, h("label", { for: "console-device" }, "Device (optional)"), device, connect, disconnect),
    status,
    form,
    h("button", { type: "button", class: "secondary small", onclick: () => replace(log) }, "Clear log"),
    log,
  );
}
