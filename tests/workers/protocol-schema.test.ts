// GET /v1/protocol.schema.json: the WebSocket frames as JSON Schema (draft 2020-12), served
// publicly; frames from the real server and the frames clients send validate against it (and
// against the zod schemas it was generated from), and malformed frames do not.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clientFrame, serverFrame } from "../../protocol/frames";
import { befriend, member, type Member } from "./friends-fixtures";
import { BASE, call } from "./helpers";
import { check } from "./openapi-schema-check";

type Schema = Record<string, unknown>;
let doc: Schema & { $defs: Record<string, Schema> };
let res: Response;
beforeAll(async () => {
  res = await SELF.fetch(`${BASE}/v1/protocol.schema.json`, { headers: { Origin: "https://app.qchat.test" } });
  doc = (await res.clone().json()) as typeof doc;
});

const SERVER = { $ref: "#/$defs/ServerFrame" };
const CLIENT = { $ref: "#/$defs/ClientFrame" };

/** A socket that keeps every frame the server sends, in order. */
async function openSocket(m: Member, device: string) {
  const upgrade = await SELF.fetch(`${BASE}/v1/ws?device=${device}`, {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${m.token}` },
  });
  const ws = upgrade.webSocket!;
  ws.accept();
  const frames: Schema[] = [];
  ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data)) as Schema));
  const next = async (type: string, where: (f: Schema) => boolean = () => true) => {
    for (let i = 0; i < 200; i++) {
      const found = frames.find((f) => f.type === type && where(f));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${type} frame; got ${frames.map((f) => f.type).join(", ")}`);
  };
  /** Sends a client frame after checking it against the document, as a client in another language would. */
  const send = (frame: Schema) => {
    expect(check(doc, CLIENT, frame), JSON.stringify(frame)).toBeNull();
    expect(clientFrame.safeParse(frame).success).toBe(true);
    ws.send(JSON.stringify(frame));
  };
  return { ws, frames, next, send };
}

describe("GET /v1/protocol.schema.json", () => {
  it("serves a draft 2020-12 JSON Schema without a token, cacheable for five minutes, with CORS", () => {
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/schema\+json/);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://app.qchat.test");
    expect(doc.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(doc.anyOf).toEqual([CLIENT, SERVER]);
  });

  it("is JSON Schema shaped: every $ref resolves, every definition constrains something, one per frame type", () => {
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)) expect(doc.$defs).toHaveProperty(name!);
    expect(text).not.toMatch(/"\$ref":"(?!#\/\$defs\/)/);
    for (const [name, def] of Object.entries(doc.$defs)) {
      expect(
        ["type", "anyOf", "oneOf", "allOf", "$ref", "const", "enum"].some((k) => k in def),
        name,
      ).toBe(true);
    }
    const typesOf = (union: string) =>
      ((doc.$defs[union]!.oneOf ?? doc.$defs[union]!.anyOf) as { $ref: string }[]).map((r) => {
        const def = doc.$defs[r.$ref.replace("#/$defs/", "")]!;
        return ((def.properties as Record<string, { const: string }>).type ?? { const: "?" }).const;
      });
    expect(typesOf("ClientFrame").sort()).toEqual(clientFrame.options.map((o) => o.shape.type.value).sort());
    expect(typesOf("ServerFrame").sort()).toEqual(serverFrame.options.map((o) => o.shape.type.value).sort());
  });

  it("frames from the real server validate: hello, events, sent, group_sent, ok, presence_changed, error", async () => {
    const [a, b] = [await member("psa"), await member("psb")];
    await befriend(a, b);
    const group = await call("POST", "/v1/groups", { token: a.token, body: { name: "schema", members: [b.id] } });
    const groupId = group.body.group.groupId as string;
    const sa = await openSocket(a, "schema-a");
    const sb = await openSocket(b, "schema-b");
    await sa.next("hello");
    await sb.next("hello");

    sa.send({ type: "send", id: "s1", to: b.id, clientMsgId: "schema-1", body: "hello @ schema" });
    await sa.next("sent");
    await sb.next("events", (f) => (f.events as { type: string }[]).some((e) => e.type === "message"));
    sa.send({ type: "group_send", id: "g1", groupId, clientMsgId: "schema-g1", body: "to the group" });
    await sa.next("group_sent");
    await sb.next("events", (f) => (f.events as { type: string }[]).some((e) => e.type === "group_message"));
    sa.send({ type: "presence", id: "p1", status: "busy" });
    await sa.next("ok");
    await sb.next("presence_changed");
    sa.ws.send(JSON.stringify({ type: "send", id: "bad", to: "nobody" }));
    await sa.next("error");

    const seen = [...sa.frames, ...sb.frames];
    expect(new Set(seen.map((f) => f.type))).toEqual(new Set(["hello", "events", "sent", "group_sent", "ok", "presence_changed", "error"]));
    for (const frame of seen) {
      expect(check(doc, SERVER, frame), JSON.stringify(frame).slice(0, 300)).toBeNull();
      expect(serverFrame.safeParse(frame).success, String(frame.type)).toBe(true);
    }
    sa.ws.close();
    sb.ws.close();
  });

  it("rejects malformed frames, as the server does", () => {
    const bad: Schema[] = [
      { type: "send", to: 123_456_789, body: "no clientMsgId" },
      { type: "teleport" },
      { type: "read", peerId: "x", upToSeq: 1 },
      { type: "ack", upTo: -1 },
      { type: "group_send", groupId: "not-a-group", clientMsgId: "c", body: "x" },
    ];
    for (const frame of bad) {
      expect(check(doc, CLIENT, frame), JSON.stringify(frame)).not.toBeNull();
      expect(clientFrame.safeParse(frame).success).toBe(false);
    }
  });
});
