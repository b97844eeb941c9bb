import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { signToken } from "../../workers/status/token";
import { describe, expect, it } from "vitest";
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, PROTOCOL_NAME, serverFrame } from "../../protocol/frames";
import { BASE, call, login, seedUser } from "./helpers";

function nextFrame(ws: WebSocket, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no frame within timeout")), timeoutMs);
    ws.addEventListener("message", (e) => (clearTimeout(timer), resolve(String(e.data))), { once: true });
  });
}

async function open(headers: Record<string, string>, query = "") {
  const res = await SELF.fetch(`${BASE}/v1/ws${query}`, { headers: { Upgrade: "websocket", ...headers } });
  return res;
}

describe("GET /v1/ws", () => {
  it("refuses an upgrade without a valid token before any socket exists", async () => {
    const none = await open({});
    expect(none.status).toBe(401);
    expect(none.webSocket).toBeNull();
    const bad = await open({ Authorization: "Bearer not.a.token" });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("TOKEN_INVALID");
  });

  it("accepts a bearer token, says hello and answers heartbeats", async () => {
    const u = await seedUser();
    const { token } = await login(u.username, u.password);
    const res = await open({ Authorization: `Bearer ${token}` }, "?device=phone-1");
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const hello = serverFrame.parse(JSON.parse(await nextFrame(ws)));
    expect(hello).toMatchObject({ type: "hello", uid: u.profile.id, deviceId: "phone-1", protocolVersion: 1 });
    ws.send(HEARTBEAT_REQUEST);
    expect(await nextFrame(ws)).toBe(HEARTBEAT_RESPONSE);
    ws.close(1000, "bye");
  });

  it("takes the token from the subprotocol or the query and selects qchat.v1", async () => {
    const u = await seedUser();
    const { token } = await login(u.username, u.password);
    const viaProtocol = await open({ "Sec-WebSocket-Protocol": `${PROTOCOL_NAME}, bearer.${token}` });
    expect(viaProtocol.status).toBe(101);
    expect(viaProtocol.headers.get("Sec-WebSocket-Protocol")).toBe(PROTOCOL_NAME);
    viaProtocol.webSocket!.accept();
    viaProtocol.webSocket!.close();
    const viaQuery = await open({}, `?token=${encodeURIComponent(token)}`);
    expect(viaQuery.status).toBe(101);
    viaQuery.webSocket!.accept();
    viaQuery.webSocket!.close();
  });

  it("refuses an expired token at the upgrade", async () => {
    const u = await seedUser();
    const expired = await signToken({ sub: String(u.profile.id), jti: crypto.randomUUID(), iat: 1, exp: 2 }, env.TOKEN_SECRET);
    const res = await open({ Authorization: `Bearer ${expired}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("TOKEN_EXPIRED");
  });

  it("refuses a revoked token and a plain GET", async () => {
    const u = await seedUser();
    const { token } = await login(u.username, u.password);
    const plain = await call("GET", "/v1/ws", { token });
    expect(plain.status).toBe(400);
    await call("POST", "/v1/auth/logout", { token });
    const res = await open({ Authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });
});
