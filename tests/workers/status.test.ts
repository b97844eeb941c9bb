import { describe, expect, it } from "vitest";
import { call } from "./helpers";

describe("GET /v1/status", () => {
  it("reports MySQL and Redis up and the online counters", async () => {
    const res = await call("GET", "/v1/status");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, services: { mysql: "up", redis: "up" } });
    expect(res.body.online.users).toBeGreaterThanOrEqual(0);
    expect(res.body.online.sockets).toBeGreaterThanOrEqual(0);
  });
});

describe("errors outside routes", () => {
  it("answers unknown routes with the error envelope", async () => {
    const res = await call("GET", "/v1/nope");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });

  it("refuses bodies over 16 KiB with 413", async () => {
    const res = await call("POST", "/v1/auth/login", { raw: JSON.stringify({ login: "x".repeat(20_000), password: "y" }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});
