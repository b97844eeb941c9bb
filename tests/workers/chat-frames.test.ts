import { describe, expect, it } from "vitest";
import { CLOSE } from "../../protocol/frames";
import { member } from "./friends-fixtures";
import { rawSocket } from "./chat-fixtures";

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
