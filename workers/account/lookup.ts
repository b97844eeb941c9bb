// GET /v1/users?ids=: public profiles by id, and which of the ids were deleted accounts (clients
// label their messages DELETED_USER_NAME). Ids that never existed are in neither list.
import { inArray } from "drizzle-orm";
import type { UserLookupReply } from "../../protocol/account";
import { deletedAccounts, users } from "../../schema";
import type { Db } from "../lib/db";
import { publicColumns, toPublicUser } from "../friends/public-user";

export async function lookupUsers(db: Db, ids: number[]): Promise<UserLookupReply> {
  const [found, deleted] = await Promise.all([
    db.select(publicColumns(users)).from(users).where(inArray(users.id, ids)),
    db.select({ id: deletedAccounts.id }).from(deletedAccounts).where(inArray(deletedAccounts.id, ids)),
  ]);
  return {
    users: found.map(toPublicUser).sort((a, b) => a.id - b.id),
    deleted: deleted.map((d) => d.id).sort((a, b) => a - b),
  };
}
