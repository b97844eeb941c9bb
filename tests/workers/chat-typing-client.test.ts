// The resilient client (what the CLI uses) over the real Worker: typing, edit and hide go through,
// and their events (live typing, durable edit and hidden) reach its listeners.
import { describe, expect, it } from "vitest";
import { createChatClient } from "../../client";
import { connect, friendPair, openWorkerSocket } from "./chat-fixtures";
import { BASE } from "./helpers";

const WS_URL = `${BASE.replace(/^http/, "ws")}/v1/ws`;

describe("resilient client: typing, edit, hide", () => {
  it("sends each and relays their events", async () => {
    const [a, b] = await friendPair();
    const bob = await connect(b);
    const alice = createChatClient({ url: WS_URL, token: a.token, deviceId: "alice", openSocket: openWorkerSocket });
    alice.start();
    await alice.whenOpen();
    try {
      await alice.typing({ to: b.id });
      expect(await bob.nextEvent("typing")).toMatchObject({ from: a.id, to: b.id });
      await bob.typing({ to: a.id });
      expect(await alice.nextEvent("typing")).toMatchObject({ from: b.id, to: a.id });
      const m = await alice.send(b.id, "helo");
      await alice.edit(m.messageId, "hello");
      expect(await alice.nextEvent("edit")).toMatchObject({ messageId: m.messageId, body: "hello" });
      expect(await bob.nextEvent("edit")).toMatchObject({ messageId: m.messageId, body: "hello" });
      await alice.hide({ peerId: b.id }, m.messageId);
      expect(await alice.nextEvent("hidden")).toMatchObject({ peerId: b.id, messageId: m.messageId });
    } finally {
      await alice.stop();
      bob.close();
    }
  });
});
