import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { connect, friendPair, rawSocket, waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { groupOfThree } from "./group-member-fixtures";

const bodies = (messages: { body: string | null }[]) => messages.map((m) => m.body);

async function history(token: string, peerId: number): Promise<(string | null)[]> {
  const res = await call("GET", `/v1/conversations/${peerId}/messages`, { token });
  expect(res.status).toBe(200);
  return bodies(res.body.messages);
}

describe("delete for me (hide)", () => {
  it("hides one message, then the whole conversation, on all of the user's devices and only for them", async () => {
    const [a, b] = await friendPair();
    const [ca, ca2, cb] = await Promise.all([connect(a), connect(a, "second"), connect(b)]);
    // A device that is away while the user hides things.
    const away = await connect(a, "away");
    away.close();
    await away.closed;
    await ca.send(b.id, "one");
    const two = await ca.send(b.id, "two");
    await cb.send(a.id, "three");
    await waitFor(async () => (await history(a.token, b.id)).length === 3, 10_000, "three messages in history");
    await ca.hide({ peerId: b.id }, two.messageId);
    expect(await ca2.nextEvent("hidden")).toMatchObject({ type: "hidden", peerId: b.id, messageId: two.messageId });
    expect(await ca.nextEvent("hidden")).toMatchObject({ messageId: two.messageId });
    expect(await history(a.token, b.id)).toEqual(["three", "one"]);
    expect(await history(b.token, a.id)).toEqual(["three", "two", "one"]);
    // The whole conversation so far; what comes later shows again.
    await ca.hide({ peerId: b.id });
    expect(await ca2.nextEvent("hidden", (e) => e.messageId === undefined)).toMatchObject({ peerId: b.id, upToSeq: 3 });
    expect(await history(a.token, b.id)).toEqual([]);
    await cb.send(a.id, "four");
    await waitFor(async () => (await history(a.token, b.id)).length === 1, 10_000, "the new message shown");
    expect(await history(a.token, b.id)).toEqual(["four"]);
    expect(await history(b.token, a.id)).toEqual(["four", "three", "two", "one"]);
    // Queued: the device that was away gets the hidden events when it comes back.
    const late = await connect(a, "away");
    await waitFor(() => late.events().filter((e) => e.type === "hidden").length === 2, 10_000, "both hidden events replayed");
    expect(cb.events().filter((e) => e.type === "hidden")).toHaveLength(0);
    for (const c of [ca, ca2, cb, late]) c.close();
  });

  it("refuses conversations the user is not in, and bad targets", async () => {
    const [a] = await friendPair();
    const stranger = await member("st");
    const ca = await connect(a);
    await expect(ca.hide({ peerId: stranger.id })).rejects.toMatchObject({ code: "CONVERSATION_NOT_FOUND" });
    const { group } = await groupOfThree();
    await expect(ca.hide({ groupId: group.groupId })).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" });
    const raw = await rawSocket(a.token);
    raw.ws.send(JSON.stringify({ type: "hide", id: "h1", messageId: "m" }));
    expect(await raw.next("error")).toMatchObject({ id: "h1", code: "INVALID_FRAME" });
    ca.close();
    raw.ws.close();
  });

  it("hides a group message and a group's history for one member only", async () => {
    const { owner, b, group } = await groupOfThree();
    const [co, cb] = await Promise.all([connect(owner), connect(b)]);
    await co.sendToGroup(group.groupId, "g1");
    const g2 = await co.sendToGroup(group.groupId, "g2");
    const groupBodies = async (token: string) => {
      const res = await call("GET", `/v1/groups/${group.groupId}/messages`, { token });
      expect(res.status).toBe(200);
      return (res.body.entries as { kind: string; body: string | null }[]).filter((e) => e.kind === "message").map((e) => e.body);
    };
    await cb.nextEvent("group_message", (e) => e.message.messageId === g2.messageId);
    await cb.hide({ groupId: group.groupId }, g2.messageId);
    expect(await cb.nextEvent("hidden")).toMatchObject({ groupId: group.groupId, messageId: g2.messageId });
    expect(await groupBodies(b.token)).toEqual(["g1"]);
    expect(await groupBodies(owner.token)).toEqual(["g2", "g1"]);
    await cb.hide({ groupId: group.groupId });
    expect(await groupBodies(b.token)).toEqual([]);
    expect(await groupBodies(owner.token)).toEqual(["g2", "g1"]);
    for (const c of [co, cb]) c.close();
  });
});
