// User search: exact email, exact 9-digit id, or a username prefix matched on the normalised key
// (NFKC + lower case, binary collation: `àl` does not find alice), paged by that key. Only public columns are selected, and the caller never finds themself.
import { and, asc, eq, gt, like, ne, type SQL } from "drizzle-orm";
import type { PublicUser } from "../../protocol/events";
import type { SearchQuery, SearchReply } from "../../protocol/friends";
import { users } from "../../schema";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { fromBase64Url, toBase64Url } from "../lib/encoding";
import { usernameKey } from "../gateway/users";
import { publicColumns, toPublicUser } from "./public-user";

const USER_ID = /^\d{9}$/;

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern (`\` is MySQL's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

// The cursor is the last username key of the page: keys are unique and binary-collated, so
// "after this key" is a total order with no skips or repeats.
function encodeCursor(key: string): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify({ after: key })));
}

function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
    if (parsed && typeof parsed === "object" && "after" in parsed && typeof parsed.after === "string") return parsed.after;
  } catch {
    // Falls through to the one error below.
  }
  throw new ApiError("VALIDATION_FAILED", "invalid request: cursor: not a cursor from a previous page", {
    issues: [{ path: "cursor", message: "not a cursor from a previous page" }],
  });
}

async function findExact(db: Db, callerId: number, match: SQL): Promise<PublicUser[]> {
  const rows = await db
    .select(publicColumns(users))
    .from(users)
    .where(and(match, ne(users.id, callerId)))
    .limit(1);
  return rows.map(toPublicUser);
}

export async function searchUsers(db: Db, callerId: number, { q, limit, cursor }: SearchQuery): Promise<SearchReply> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (q.includes("@") || USER_ID.test(q)) {
    // At most one match, all on the first page.
    if (after !== undefined) return { users: [], nextCursor: null };
    const match = q.includes("@") ? eq(users.email, q.toLowerCase()) : eq(users.id, Number(q));
    return { users: await findExact(db, callerId, match), nextCursor: null };
  }
  const rows = await db
    .select(publicColumns(users))
    .from(users)
    .where(
      and(
        like(users.usernameKey, `${escapeLike(usernameKey(q))}%`),
        ne(users.id, callerId),
        after === undefined ? undefined : gt(users.usernameKey, after),
      ),
    )
    .orderBy(asc(users.usernameKey))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(toPublicUser);
  const last = page[page.length - 1];
  return { users: page, nextCursor: rows.length > limit && last ? encodeCursor(usernameKey(last.username)) : null };
}
