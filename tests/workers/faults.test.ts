import { describe, expect, inject, it } from "vitest";
import { call, newCredentials } from "./helpers";
import { connect, friendPair } from "./chat-fixtures";
import { expectStoredInMysql, type AckedSend } from "./mysql-rows";

const control = (what: string) => fetch(`${inject("controlUrl")}/${what}`, { method: "POST" });
const setFaults = (faults: object) =>
  fetch(`${inject("mailboxUrl").replace(/\/mailbox$/, "")}/__faults`, { method: "POST", body: JSON.stringify(faults) });

describe("Redis outage", () => {
  it("answers login and codes with 503 REDIS_UNAVAILABLE while connected users keep chatting", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    expect((await control("redis/stop")).status).toBe(204);
    try {
      const login = await call("POST", "/v1/auth/login", { body: { login: a.username, password: "correct horse battery" } });
      expect(login.status).toBe(503);
      expect(login.body.error.code).toBe("REDIS_UNAVAILABLE");
      const code = await call("POST", "/v1/auth/code", { body: { email: newCredentials().email, purpose: "register" } });
      expect(code.body.error.code).toBe("REDIS_UNAVAILABLE");
      expect((await call("GET", "/v1/status")).body.services.redis).toBe("down");
      const sent = await ca.send(b.id, "redis is down, chat is not");
      expect((await cb.nextEvent("message")).message.messageId).toBe(sent.messageId);
      expect((await cb.send(a.id, "still here")).seq).toBe(sent.seq + 1);
    } finally {
      expect((await control("redis/start")).status).toBe(204);
    }
    expect((await call("POST", "/v1/auth/login", { body: { login: a.username, password: "correct horse battery" } })).status).toBe(200);
    ca.close();
    cb.close();
  });
});

describe("slow and failing database API", () => {
  it("retries write-behind through latency and 503s without losing or duplicating history", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const sent: AckedSend[] = [];
    expect((await setFaults({ planetscale: { latencyMs: 40, failRate: 0.5 } })).status).toBe(200);
    try {
      for (let i = 1; i <= 12; i++) sent.push({ ack: await ca.send(b.id, `flaky ${i}`), from: a.id, body: `flaky ${i}` });
    } finally {
      await setFaults({});
    }
    // Read from MySQL itself once the queue drains: exactly these 12 rows, none lost or doubled.
    await expectStoredInMysql(a.id, b.id, sent);
    ca.close();
  }, 60_000);
});
