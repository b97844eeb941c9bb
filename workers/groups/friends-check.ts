// People are added to a group only by someone who has them as friends (MySQL is the truth).
import { and, eq, inArray } from "drizzle-orm";
import { friendships } from "../../schema";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";

/** Throws NOT_FRIENDS naming whoever in `uids` is not `me`'s friend. */
export async function requireFriends(db: Db, me: number, uids: number[]): Promise<void> {
  const wanted = [...new Set(uids)].filter((uid) => uid !== me);
  if (wanted.length === 0) return;
  const rows = await db
    .select({ friendId: friendships.friendId })
    .from(friendships)
    .where(and(eq(friendships.userId, me), inArray(friendships.friendId, wanted)));
  const friends = new Set(rows.map((r) => r.friendId));
  const strangers = wanted.filter((uid) => !friends.has(uid));
  if (strangers.length > 0) throw new ApiError("NOT_FRIENDS", `only friends can be added to a group; not friends: ${strangers.join(", ")}`);
}
