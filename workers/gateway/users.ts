// User records: lookups, creation with a random 9-digit id, and the profile shape we send.
import { eq } from "drizzle-orm";
import type { Profile } from "../../protocol/auth";
import { deletedAccounts, users, type UserRow } from "../../schema";
import { ApiError } from "../errors";
import { isDuplicateKey, type Db } from "../lib/db";
import { randomInt } from "../lib/encoding";

export function toProfile(row: UserRow): Profile {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    bio: row.bio,
    sex: row.sex,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, email) });
}

/**
 * The one normalisation of a username (NFKC, then lower case), stored in `username_key` with a
 * binary collation: lookups compare it exactly, so `àlice` or `ａｌｉｃｅ` never find `alice` the
 * way an accent-insensitive collation would, while `ALICE` and `alice` are one account.
 */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}

/** What a login string (username or email) is looked up and rate-limited by. */
export function loginKey(login: string): string {
  const trimmed = login.trim();
  return trimmed.includes("@") ? trimmed.toLowerCase() : usernameKey(trimmed);
}

/** Username or email: an `@` means email (usernames cannot contain one). Exact, by `loginKey`. */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const key = loginKey(login);
  if (key.includes("@")) return findUserByEmail(db, key);
  return db.query.users.findFirst({ where: eq(users.usernameKey, key) });
}

/** Throws USERNAME_TAKEN / EMAIL_TAKEN; checked before a code is consumed so it is not wasted. */
export async function assertAvailable(db: Db, username: string, email: string): Promise<void> {
  if (await db.query.users.findFirst({ where: eq(users.usernameKey, usernameKey(username)) })) {
    throw new ApiError("USERNAME_TAKEN", "that username is taken");
  }
  if (await findUserByEmail(db, email))
    throw new ApiError("EMAIL_TAKEN", "an account with that email exists; log in or reset the password");
}

const ID_ATTEMPTS = 5;

/** Whether `id` belonged to an account that was deleted (its messages still carry it). */
async function wasDeleted(db: Db, id: number): Promise<boolean> {
  return (await db.select({ id: deletedAccounts.id }).from(deletedAccounts).where(eq(deletedAccounts.id, id)).limit(1)).length > 0;
}

/**
 * Inserts a user with a fresh random public id; retries the rare id collision, with a live account
 * (the primary key) or a deleted one (deleted_accounts: a deleted id is never issued again).
 */
export async function insertUser(db: Db, fields: { username: string; email: string; passwordHash: string }): Promise<UserRow> {
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = randomInt(100_000_000, 999_999_999);
    if (await wasDeleted(db, id)) continue;
    const now = new Date();
    const row: UserRow = {
      id,
      ...fields,
      usernameKey: usernameKey(fields.username),
      nickname: fields.username,
      avatarUrl: null,
      bio: "",
      sex: "unknown",
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.insert(users).values(row);
      return row;
    } catch (err) {
      if (isDuplicateKey(err, "users_username_key_unique")) throw new ApiError("USERNAME_TAKEN", "that username is taken");
      if (isDuplicateKey(err, "users_email_unique")) throw new ApiError("EMAIL_TAKEN", "an account with that email exists");
      if (!isDuplicateKey(err, "PRIMARY")) throw err;
    }
  }
  throw new Error(`no free user id after ${ID_ATTEMPTS} attempts`);
}

export async function updatePasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
}
