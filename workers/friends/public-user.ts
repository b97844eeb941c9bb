// The public face of a user: the columns others may see, selected by name so the email and
// password hash are never read into a reply in the first place.
import type { MySqlColumn } from "drizzle-orm/mysql-core";
import type { PublicUser } from "../../protocol/events";

type PublicColumns = Record<"id" | "username" | "nickname" | "avatarUrl" | "bio", MySqlColumn>;

/** The select shape of a PublicUser, for `users` or an alias of it. */
export function publicColumns<T extends PublicColumns>(table: T): Pick<T, keyof PublicColumns> {
  return { id: table.id, username: table.username, nickname: table.nickname, avatarUrl: table.avatarUrl, bio: table.bio };
}

/** Copies exactly the public fields, so a wider row can never leak extra columns. */
export function toPublicUser(row: PublicUser): PublicUser {
  return { id: row.id, username: row.username, nickname: row.nickname, avatarUrl: row.avatarUrl, bio: row.bio };
}
