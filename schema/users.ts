// Users: the account record. `id` is the random 9-digit public id shown to people.
import { customType, datetime, int, mysqlEnum, mysqlTable, varchar } from "drizzle-orm/mysql-core";

/**
 * A varchar compared byte for byte (utf8mb4_bin): no case or accent folding, so a lookup means
 * the same on local MariaDB and on PlanetScale's MySQL 8, whatever their default collations.
 */
const exactVarchar = (name: string, length: number) =>
  customType<{ data: string; notNull: true }>({
    dataType: () => `varchar(${length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
  })(name);

export const users = mysqlTable("users", {
  /** Random 9-digit public id (100000000–999999999), also the primary key. */
  id: int("id", { unsigned: true }).primaryKey(),
  /** 3–32 chars as the user typed it (shown to people); never used for lookups. */
  username: varchar("username", { length: 32 }).notNull(),
  /**
   * The one normalisation of the username (NFKC, then lower case: `usernameKey()` in
   * workers/gateway/users.ts): unique, and the only column usernames are looked up by.
   */
  usernameKey: exactVarchar("username_key", 64).notNull().unique(),
  /** Stored trimmed and lower-cased, compared exactly (binary collation). */
  email: exactVarchar("email", 254).notNull().unique(),
  /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`: self-describing so iterations can rise. */
  passwordHash: varchar("password_hash", { length: 255 }).notNull(),
  nickname: varchar("nickname", { length: 64 }).notNull(),
  avatarUrl: varchar("avatar_url", { length: 512 }),
  bio: varchar("bio", { length: 280 }).notNull().default(""),
  sex: mysqlEnum("sex", ["unknown", "male", "female", "other"]).notNull().default("unknown"),
  createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
  updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull(),
});

export type UserRow = typeof users.$inferSelect;

/**
 * Deleted accounts: only the id and when. Kept so a deleted id is never issued again (their
 * messages stay in other people's conversations, shown as from a deleted user) and so
 * `GET /v1/users/:id` can say "deleted" instead of "no such user".
 */
export const deletedAccounts = mysqlTable("deleted_accounts", {
  id: int("id", { unsigned: true }).primaryKey(),
  deletedAt: datetime("deleted_at", { mode: "date", fsp: 3 }).notNull(),
});
