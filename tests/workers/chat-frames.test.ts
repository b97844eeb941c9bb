import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../protocol/frames";
import { member } from "./friends-fixtures";
import { BASE } from "./helpers";

/** A raw socket that records frames, for inputs the SDK would never send. */
async function rawSocket(token: string) {
  const res = await SELF.fetch(`${BASE}/v1/ws?device=raw`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
  const ws = res.webSocket!;
  ws.accept();
  const frames: Record<string, unknown>[] = [];
  const closed = new Promise<{ code: number }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code })));
  ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data)) as Record<string, unknown>));
  const next = async (type: string) => {
    for (let i = 0; i < 100; i++) {
      const found = frames.find((f) => f.type === type);
      if (found) return frames.splice(frames.indexOf(found), 1)[0]!;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`no ${type} frame`);
  };
  await next("hello");
  return { ws, next, closed };
}

describe("bad frames", () => {
  it("answers malformed, unknown, invalid and binary frames with typed errors and stays usable", async () => {
    const u = await member();
    const s = await rawSocket(u.token);
    const cases: [string | ArrayBuffer, string][] = [
      ["{not json", "INVALID_JSON"],
      [JSON.stringify({ type: "teleport", id: "t1" }), "UNKNOWN_FRAME_TYPE"],
      [JSON.stringify({ type: "send", id: "s1", to: "x" }), "INVALID_FRAME"],
      [JSON.stringify({ type: "send", id: "s2", to: u.id, clientMsgId: "c", body: "x".repeat(4001) }), "INVALID_FRAME"],
      [JSON.stringify([1, 2, 3]), "UNKNOWN_FRAME_TYPE"],
      [new Uint8Array([1, 2, 3]).buffer, "BINARY_NOT_SUPPORTED"],
    ];
    for (const [frame, code] of cases) {
      s.ws.send(frame);
      expect(await s.next("error"), String(frame).slice(0, 40)).toMatchObject({ code });
    }
    s.ws.send(JSON.stringify({ type: "presence", id: "p1", status: "busy" }));
    expect(await s.next("ok")).toEqual({ type: "ok", id: "p1" });
    s.ws.close();
  });

  it("closes the socket with 1009 on a frame over 64 KiB", async () => {
    const u = await member();
    const s = await rawSocket(u.token);
    s.ws.send(JSON.stringify({ type: "send", body: "x".repeat(70_000) }));
    expect((await s.closed).code).toBe(CLOSE.TOO_LARGE);
  });
});
