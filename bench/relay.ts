// The ceiling: a bare Node `ws` relay speaking the subset of QChat's protocol the benchmark
// uses (hello, send -> sent + a message event to the recipient, ping -> pong), with no
// persistence, no auth, no receipts and no echo to the sender. Run as its own process; prints
// {"ready":{"url"}} once listening. The user id comes from `?uid=`.
import { randomUUID } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";
import type { ClientFrame, ServerFrame } from "../protocol/frames";

const sockets = new Map<number, WebSocket>();
const eseqs = new Map<number, number>();
const seqs = new Map<string, number>();
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });

server.on("connection", (ws, req) => {
  const uid = Number(new URL(req.url ?? "/", "http://relay").searchParams.get("uid"));
  sockets.set(uid, ws);
  ws.on("close", () => sockets.get(uid) === ws && sockets.delete(uid));
  const hello = { type: "hello", uid, deviceId: "relay", pending: 0 };
  ws.send(JSON.stringify(hello));
  ws.on("message", (data) => {
    const text = data.toString();
    if (text === '{"type":"ping"}') return ws.send('{"type":"pong"}');
    const frame = JSON.parse(text) as ClientFrame;
    if (frame.type !== "send") return;
    const conversation = uid < frame.to ? `${uid}:${frame.to}` : `${frame.to}:${uid}`;
    const seq = (seqs.get(conversation) ?? 0) + 1;
    seqs.set(conversation, seq);
    const message = {
      messageId: randomUUID(),
      conversation,
      seq,
      from: uid,
      to: frame.to,
      clientMsgId: frame.clientMsgId,
      body: frame.body,
      sentAt: new Date().toISOString(),
    };
    const eseq = (eseqs.get(frame.to) ?? 0) + 1;
    eseqs.set(frame.to, eseq);
    sockets.get(frame.to)?.send(JSON.stringify({ type: "events", events: [{ eseq, type: "message", message }] } satisfies ServerFrame));
    ws.send(
      JSON.stringify({
        type: "sent",
        id: frame.id,
        clientMsgId: frame.clientMsgId,
        messageId: message.messageId,
        seq,
        to: frame.to,
        sentAt: message.sentAt,
      } satisfies ServerFrame),
    );
  });
});

server.on("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: { url: `ws://127.0.0.1:${port}/` } })}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
