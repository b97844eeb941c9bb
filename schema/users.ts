// Users: the account record. `id` is the random 9-digit public id shown to people.
import { datetime, int, mysqlEnum, mysqlTable, varchar } from "drizzle-orm/mysql-core";

export const users = mysqlTable("users", {
  /** Random 9-digit public id (100000000–999999999), also the primary key. */
  id: int("id", { unsigned: true }).primaryKey(),
  /** 3–32 chars; unique case-insensitively (the column's collation is *_ci). */
  username: varchar("username", { length: 32 }).notNull().unique(),
  /** Stored trimmed and lower-cased so lookups and uniqueness ignore case. */
  email: varchar("email", { length: 254 }).notNull().unique(),
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
