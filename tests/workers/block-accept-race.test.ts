// A block and an accept of a request between the same two users, at the same time: whichever
// MySQL settles first, they never end up friends while a block row is there.
import { and, eq, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { blocks, friendships } from "../../schema";
import { call } from "./helpers";
import { member, type Member } from "./friends-fixtures";
import { testDb } from "./mysql-rows";
import { connect, inUserObject, waitFor } from "./chat-fixtures";

async function rowsBetween(a: number, b: number) {
  const db = testDb();
  const [blockRows, friendRows] = await Promise.all([
    db
      .select()
      .from(blocks)
      .where(or(and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)), and(eq(blocks.blockerId, b), eq(blocks.blockedId, a)))),
    db
      .select()
      .from(friendships)
      .where(or(and(eq(friendships.userId, a), eq(friendships.friendId, b)), and(eq(friendships.userId, b), eq(friendships.friendId, a)))),
  ]);
  return { blocks: blockRows.length, friendships: friendRows.length };
}

const friendIds = async (m: Member) =>
  ((await call("GET", "/v1/friends", { token: m.token })).body.friends as { id: number }[]).map((f) => f.id);

/** Whether `m`'s own object (its friend cache, which the send path checks) lists `other` as a friend. */
const cachedFriend = (m: Member, other: Member) =>
  inUserObject(m.id, (sql) => sql.exec("SELECT 1 FROM friends WHERE id = ?", other.id).toArray().length > 0);

/** `requester` asks `addressee`; then `blocker` blocks the other while `addressee` accepts. */
async function race(requester: Member, addressee: Member, blocker: Member) {
  // Both online: their objects keep their friend caches from events, not from MySQL at the next hello.
  const sockets = await Promise.all([connect(requester), connect(addressee)]);
  const sent = await call("POST", "/v1/friends/requests", { token: requester.token, body: { to: addressee.id } });
  expect(sent.status).toBe(201);
  const other = blocker === requester ? addressee : requester;
  const [block, accept] = await Promise.all([
    call("POST", "/v1/blocks", { token: blocker.token, body: { uid: other.id } }),
    call("POST", `/v1/friends/requests/${sent.body.request.id}/accept`, { token: addressee.token, body: { alias: "" } }),
  ]);
  expect(block.status).toBe(201);
  // The accept either landed first (and the block then ended the friendship) or is refused as
  // a request that no longer exists.
  expect([200, 404]).toContain(accept.status);
  const rows = await rowsBetween(requester.id, addressee.id);
  expect(rows).toEqual({ blocks: 1, friendships: 0 });
  expect(await friendIds(requester)).not.toContain(addressee.id);
  expect(await friendIds(addressee)).not.toContain(requester.id);
  // The objects' caches end the same way once the friend events have all arrived.
  await waitFor(
    async () => !(await cachedFriend(requester, addressee)) && !(await cachedFriend(addressee, requester)),
    10_000,
    "both friend caches without the other",
  );
  for (const c of sockets) c.close();
}

describe("block and accept at the same time", () => {
  it("never leaves a friendship beside a block, whoever blocks", async () => {
    for (let round = 0; round < 6; round++) {
      const [a, b] = await Promise.all([member("ra"), member("rb")]);
      // The addressee blocks the requester while accepting, or the requester blocks the addressee.
      await race(a, b, round % 2 === 0 ? b : a);
    }
  });
});
