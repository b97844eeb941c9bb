// Mute reaches all of a member's devices at once: PUT /v1/groups/:id/mute sends a durable
// `group_muted` event to each of them (queued for one that is away), none to the other members,
// and the SDK's group list shows it.
import { describe, expect, it } from "vitest";
import { createChatClient } from "../../client";
import { openWorkerSocket, waitFor } from "./chat-fixtures";
import { groupOfThree, memberSocket } from "./group-member-fixtures";
import { BASE, call } from "./helpers";

const WS_URL = `${BASE.replace(/^http/, "ws")}/v1/ws`;

describe("group mute on every device", () => {
  it("sends group_muted to each of the member's devices, once per change, and to a device that was away", async () => {
    const { b, c, group } = await groupOfThree("quiet");
    const [laptop, phone, other] = await Promise.all([memberSocket(c, "laptop"), memberSocket(c, "phone"), memberSocket(b)]);
    const away = await memberSocket(c, "away");
    away.close();
    const mute = (muted: boolean) => call("PUT", `/v1/groups/${group.groupId}/mute`, { token: c.token, body: { muted } });

    expect(await mute(true)).toMatchObject({ status: 200, body: { groupId: group.groupId, muted: true } });
    for (const device of [laptop, phone])
      expect(await device.nextEvent("group_muted")).toMatchObject({ groupId: group.groupId, muted: true });
    // A repeat changes nothing and sends nothing; unmuting is a change again.
    expect(await mute(true)).toMatchObject({ status: 200, body: { muted: true } });
    expect(await mute(false)).toMatchObject({ status: 200, body: { muted: false } });
    await phone.nextEvent("group_muted", (e) => !e.muted);
    const mutes = (events: { type: string }[]) => events.filter((e) => e.type === "group_muted");
    expect(mutes(laptop.events)).toMatchObject([{ muted: true }, { muted: false }]);
    expect(mutes(phone.events)).toHaveLength(2);

    // Queued for the device that was away; never sent to another member.
    const back = await memberSocket(c, "away");
    await waitFor(() => mutes(back.events).length === 2, 10_000, "both mute events replayed");
    expect(mutes(back.events)).toMatchObject([{ muted: true }, { muted: false }]);
    expect(mutes(other.events)).toEqual([]);
    for (const s of [laptop, phone, other, back]) s.close();
  });

  it("updates the SDK's group list on the member's other device", async () => {
    const { c, group } = await groupOfThree("quieter");
    const client = createChatClient({ url: WS_URL, token: c.token, deviceId: "tablet", openSocket: openWorkerSocket });
    client.start();
    await client.whenOpen();
    try {
      expect(client.groups.find((g) => g.groupId === group.groupId)).toMatchObject({ muted: false });
      const listed = client.nextEvent("groups", (e) => e.groups.some((g) => g.groupId === group.groupId && g.muted));
      await call("PUT", `/v1/groups/${group.groupId}/mute`, { token: c.token, body: { muted: true } });
      expect(await client.nextEvent("group_muted")).toMatchObject({ groupId: group.groupId, muted: true });
      await listed;
      expect(client.groups.find((g) => g.groupId === group.groupId)).toMatchObject({ muted: true });
    } finally {
      await client.stop();
    }
  });
});
