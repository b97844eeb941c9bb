import { inject, describe, expect, it } from "vitest";
import { call } from "./helpers";
import { connect, friendPair, waitFor } from "./chat-fixtures";
import { expectStoredInMysql, mysqlRows, type AckedSend } from "./mysql-rows";

const control = (action: "stop" | "start") => fetch(`${inject("controlUrl")}/mariadb/${action}`, { method: "POST" });

describe("MariaDB outage", () => {
  it("keeps chat going while MariaDB is down and completes history when it returns", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const sent: AckedSend[] = [];
    const send = async (from: typeof a, to: typeof b, body: string) =>
      sent.push({ ack: await (from === a ? ca : cb).send(to.id, body), from: from.id, body });
    for (let i = 1; i <= 3; i++) await send(a, b, `before ${i}`);
    expect((await control("stop")).status).toBe(204);
    try {
      for (let i = 1; i <= 5; i++) await (i % 2 ? send(b, a, `during ${i}`) : send(a, b, `during ${i}`));
      await waitFor(() => cb.events().filter((e) => e.type === "message").length === 8, 5000, "delivery during the outage");
      expect((await call("GET", "/v1/status")).body.services.mysql).toBe("down");
    } finally {
      expect((await control("start")).status).toBe(204);
    }
    for (let i = 1; i <= 2; i++) await send(a, b, `after ${i}`);
    // MySQL itself, not the history route (which answers from the owner's log while writes are
    // queued): every acked message is a row with its id, seq, sender and body once the queue
    // drains, and the rows' statuses and receipt times match the owner's log.
    await expectStoredInMysql(a.id, b.id, sent);
    expect(await mysqlRows(a.id, b.id)).toHaveLength(10);
    ca.close();
    cb.close();
  }, 60_000);
});
