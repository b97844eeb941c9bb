// Typing to a friend with no live device does not wake their object: the sender's object makes
// no RPC for it (its `cost.rpcCalls` counter stays put), while online and invisible friends still
// get the notice.
import { describe, expect, it } from "vitest";
import { connect, friendPair, sleep, userStub, waitFor } from "./chat-fixtures";

const rpcCalls = async (uid: number) => (await userStub(uid).stats())["cost.rpcCalls"] ?? 0;

/** The counter once it has stopped moving (a connect's presence fan-out runs after hello). */
async function settledRpcCalls(uid: number): Promise<number> {
  let last = -1;
  const settled = await waitFor(
    async () => {
      await sleep(200);
      const now = await rpcCalls(uid);
      const stable = now === last;
      last = now;
      return stable && { now };
    },
    10_000,
    "the RPC counter to settle",
  );
  return settled.now;
}

describe("typing to an offline friend", () => {
  it("makes no RPC to a friend with no live device, and nothing breaks", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const before = await settledRpcCalls(a.id);
    await ca.typing({ to: b.id });
    expect(await rpcCalls(a.id)).toBe(before);
    // When the friend comes online later, typing reaches them (after the 3 s coalescing window).
    const cb = await connect(b);
    await sleep(3_100);
    await ca.typing({ to: b.id });
    expect(await cb.nextEvent("typing")).toMatchObject({ from: a.id, to: b.id });
    ca.close();
    cb.close();
  });

  it("still reaches an online friend, and an invisible one (shown offline, but live)", async () => {
    const [a, b] = await friendPair();
    const [ca, cb] = await Promise.all([connect(a), connect(b)]);
    if (ca.hello.friends[0]?.presence !== "online") await ca.nextEvent("presence", (e) => e.presence === "online");
    await ca.typing({ to: b.id });
    expect(await cb.nextEvent("typing")).toMatchObject({ from: a.id });
    await cb.setPresence("invisible");
    await ca.nextEvent("presence", (e) => e.presence === "offline");
    await sleep(3_100);
    await ca.typing({ to: b.id });
    expect(await cb.nextEvent("typing")).toMatchObject({ from: a.id });
    ca.close();
    cb.close();
  });
});
