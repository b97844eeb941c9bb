import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { connect, friendPair, inUserObject, waitFor } from "./chat-fixtures";

describe("recall", () => {
  it("recalls within the window: both sides see it live and history shows no body", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const m = await ca.send(b.id, "oops");
    await cb.nextEvent("message");
    await ca.recall(m.messageId);
    for (const c of [ca, cb]) expect(await c.nextEvent("recall")).toMatchObject({ messageId: m.messageId, by: a.id, seq: m.seq });
    const history = await waitFor(
      async () => {
        const res = await call("GET", `/v1/conversations/${a.id}/messages`, { token: b.token });
        return res.body.messages?.[0]?.status === "recalled" && res.body.messages;
      },
      10_000,
      "recall written to history",
    );
    expect(history[0]).toMatchObject({ messageId: m.messageId, body: null, status: "recalled" });
    ca.close();
    cb.close();
  });

  it("queues the recall for an offline recipient", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const m = await ca.send(b.id, "take it back");
    await ca.recall(m.messageId);
    const cb = await connect(b);
    const types = await waitFor(() => {
      const t = cb.events().flatMap((e) => (e.type === "message" || e.type === "recall" ? [e.type] : []));
      return t.length >= 2 && t;
    });
    expect(types).toEqual(["message", "recall"]);
    ca.close();
    cb.close();
  });

  it("refuses a recall after the window, measured on the server's clock", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const m = await ca.send(b.id, "too late");
    // Age the message in its owner's log by 3 minutes (the window is 2).
    const owner = Math.min(a.id, b.id);
    await inUserObject(owner, (sql) => sql.exec("UPDATE conv_log SET sent_at = sent_at - 180000 WHERE message_id = ?", m.messageId));
    await expect(ca.recall(m.messageId)).rejects.toMatchObject({ code: "RECALL_WINDOW_PASSED" });
    ca.close();
  });

  it("refuses recalling someone else's message", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const m = await ca.send(b.id, "mine");
    await cb.nextEvent("message");
    await expect(cb.recall(m.messageId)).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    ca.close();
    cb.close();
  });
});
