import { describe, expect, it } from "vitest";
import { TYPING_EXPIRES_MS } from "../../protocol/frames";
import { connect, friendPair, rawSocket, sleep, waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { groupOfThree } from "./group-member-fixtures";

const typingOf = (events: { type: string }[]) => events.filter((e) => e.type === "typing");

describe("typing indicator", () => {
  it("reaches every live device of the friend, once per 3 s, and is never queued", async () => {
    const [a, b] = await friendPair();
    const [ca, ca2, cb, cb2] = await Promise.all([connect(a), connect(a, "second"), connect(b), connect(b, "second")]);
    await ca.typing({ to: b.id });
    const expected = { type: "typing", from: a.id, to: b.id, expiresInMs: TYPING_EXPIRES_MS };
    expect(await cb.nextEvent("typing")).toEqual(expected);
    expect(await cb2.nextEvent("typing")).toEqual(expected);
    // Coalesced: a second notice within the window resolves (no error) but reaches no one.
    await ca.typing({ to: b.id });
    await sleep(500);
    expect(typingOf(cb.events())).toHaveLength(1);
    // The sender's own devices are not told.
    expect(typingOf(ca2.events())).toHaveLength(0);
    await sleep(3_000);
    await ca.typing({ to: b.id });
    await waitFor(() => typingOf(cb.events()).length === 2, 5_000, "the notice after the window");
    // Live only: a device connecting afterwards gets nothing queued.
    const late = await connect(b, "late");
    expect(late.hello.pending).toBe(0);
    await sleep(300);
    expect(typingOf(late.events())).toHaveLength(0);
    for (const c of [ca, ca2, cb, cb2, late]) c.close();
  });

  it("refuses non-friends and self, and bad targets, with typed errors", async () => {
    const [a, b] = await friendPair();
    const stranger = await member("st");
    const ca = await connect(a);
    const cs = await connect(stranger);
    await expect(cs.typing({ to: a.id })).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    // Refused every time, not silently dropped as a repeat.
    await expect(cs.typing({ to: a.id })).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    await expect(ca.typing({ to: a.id })).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    await sleep(300);
    expect(typingOf(ca.events())).toHaveLength(0);
    const raw = await rawSocket(a.token);
    raw.ws.send(JSON.stringify({ type: "typing", id: "t1", to: b.id, groupId: "g_x" }));
    expect(await raw.next("error")).toMatchObject({ id: "t1", code: "INVALID_FRAME" });
    raw.ws.send(JSON.stringify({ type: "typing", id: "t2" }));
    expect(await raw.next("error")).toMatchObject({ id: "t2", code: "INVALID_FRAME" });
    // Without an id, a typing frame is not answered at all.
    raw.ws.send(JSON.stringify({ type: "typing", to: b.id }));
    await sleep(300);
    expect(raw.frames.filter((f) => f.type === "ok" || f.type === "error")).toHaveLength(0);
    for (const c of [ca, cs]) c.close();
    raw.ws.close();
  });

  it("spends the frame budget like every frame", async () => {
    const [a, b] = await friendPair();
    const raw = await rawSocket(a.token);
    for (let i = 0; i < 200; i++) raw.ws.send(JSON.stringify({ type: "typing", id: `t${i}`, to: b.id }));
    expect(await raw.next("error")).toMatchObject({ code: "RATE_LIMITED" });
    raw.ws.close();
  });

  it("reaches the other members of a group, and only from a member", async () => {
    const { owner, b, c, group } = await groupOfThree();
    const outsider = await member("out");
    const [co, cb, cc, cx] = await Promise.all([connect(owner), connect(b), connect(c), connect(outsider)]);
    await cb.typing({ groupId: group.groupId });
    const expected = { type: "typing", from: b.id, groupId: group.groupId, expiresInMs: TYPING_EXPIRES_MS };
    expect(await co.nextEvent("typing")).toEqual(expected);
    expect(await cc.nextEvent("typing")).toEqual(expected);
    await cb.typing({ groupId: group.groupId });
    await sleep(500);
    expect(typingOf(co.events())).toHaveLength(1);
    expect(typingOf(cb.events())).toHaveLength(0);
    await expect(cx.typing({ groupId: group.groupId })).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" });
    await expect(cx.typing({ groupId: group.groupId })).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" });
    await sleep(300);
    expect(typingOf(co.events())).toHaveLength(1);
    for (const x of [co, cb, cc, cx]) x.close();
  });
});
