import { inject, describe, expect, it } from "vitest";
import { call } from "./helpers";
import { connect, friendPair, userStub, waitFor } from "./chat-fixtures";

const control = (action: "stop" | "start") => fetch(`${inject("controlUrl")}/mariadb/${action}`, { method: "POST" });

describe("MariaDB outage", () => {
  it("keeps chat going while MariaDB is down and completes history when it returns", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const sent = [];
    for (let i = 1; i <= 3; i++) sent.push(await ca.send(b.id, `before ${i}`));
    expect((await control("stop")).status).toBe(204);
    try {
      for (let i = 1; i <= 5; i++) sent.push(await (i % 2 ? cb.send(a.id, `during ${i}`) : ca.send(b.id, `during ${i}`)));
      await waitFor(() => cb.events().filter((e) => e.type === "message").length === 8, 5000, "delivery during the outage");
      expect((await call("GET", "/v1/status")).body.services.mysql).toBe("down");
    } finally {
      expect((await control("start")).status).toBe(204);
    }
    for (let i = 1; i <= 2; i++) sent.push(await ca.send(b.id, `after ${i}`));
    const history = await waitFor(async () => {
      const res = await call("GET", `/v1/conversations/${b.id}/messages?limit=100`, { token: a.token });
      return res.status === 200 && res.body.messages.length === sent.length && res.body.messages;
    }, 40_000, "history to catch up");
    expect(history.map((m: { seq: number }) => m.seq)).toEqual(sent.map((s) => s.seq).sort((x, y) => y - x));
    expect(new Set(history.map((m: { messageId: string }) => m.messageId)).size).toBe(sent.length);
    // Receipt updates queued behind the inserts drain too: nothing stays behind.
    for (const uid of [a.id, b.id]) await waitFor(async () => (await userStub(uid).stats()).mysqlBacklog === 0, 40_000, "write-behind backlog to drain");
    ca.close();
    cb.close();
  });
});
