// Message search through the real Worker: one page, every page, and waiting for MySQL (search
// reads rows written behind the chat objects, so a fresh message is found a moment after its ack).
// Waits poll MySQL itself, never the search route: polling the route would spend its rate limit.
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { messageSearchReplySchema, type MessageSearchHit, type MessageSearchReply } from "../../protocol/search";
import { groupMembers, groupMessages, messages } from "../../schema";
import { waitFor } from "./chat-fixtures";
import { call, type Reply } from "./helpers";
import { testDb } from "./mysql-rows";

/** GET /v1/search/messages with `q` and the given limit and cursor. */
export function searchMessages(token: string, q: string, page: { limit?: number; cursor?: string } = {}): Promise<Reply> {
  const params = new URLSearchParams({ q });
  if (page.limit !== undefined) params.set("limit", String(page.limit));
  if (page.cursor !== undefined) params.set("cursor", page.cursor);
  return call("GET", `/v1/search/messages?${params}`, { token });
}

/** The hits of one successful page. */
export async function hitsFor(token: string, q: string): Promise<MessageSearchHit[]> {
  const res = await searchMessages(token, q);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as MessageSearchReply).hits;
}

export const ids = (hits: MessageSearchHit[]) => hits.map((h) => h.messageId);

/** A message's MySQL row (1:1 or group) as search reads it: its text and whether it is recalled. */
async function messageRow(messageId: string): Promise<{ body: string | null; recalledAt: Date | null } | undefined> {
  const db = testDb();
  const [direct] = await db
    .select({ body: messages.body, recalledAt: messages.recalledAt })
    .from(messages)
    .where(eq(messages.id, messageId));
  if (direct) return direct;
  const [group] = await db
    .select({ body: groupMessages.body, recalledAt: groupMessages.recalledAt })
    .from(groupMessages)
    .where(eq(groupMessages.messageId, messageId));
  return group;
}

/** Waits until the message's row in MySQL has `body` (written behind, or edited), or is recalled when `body` is null. */
export function waitForRow(messageId: string, body: string | null): Promise<true> {
  return waitFor(
    async () => {
      const row = await messageRow(messageId);
      return row !== undefined && (body === null ? row.recalledAt !== null : row.body === body);
    },
    15_000,
    `MySQL row of ${messageId} with ${body === null ? "a recall" : JSON.stringify(body)}`,
  );
}

/** Waits until MySQL's copy of the group's membership has (or no longer has) the user. */
export function waitForMember(groupId: string, uid: number, present: boolean): Promise<true> {
  return waitFor(
    async () => {
      const rows = await testDb()
        .select({ uid: groupMembers.userId })
        .from(groupMembers)
        .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, uid)));
      return rows.length > 0 === present;
    },
    15_000,
    `member ${uid} ${present ? "in" : "out of"} MySQL`,
  );
}

/** Waits until the message (with `body`) is in MySQL, then returns its hit when searching `q`. */
export async function waitForHit(token: string, q: string, messageId: string, body: string): Promise<MessageSearchHit | undefined> {
  await waitForRow(messageId, body);
  return (await hitsFor(token, q)).find((h) => h.messageId === messageId);
}

/** Every page of a search with `limit` hits per page, in order. */
export async function allPages(token: string, q: string, limit: number): Promise<MessageSearchHit[][]> {
  const pages: MessageSearchHit[][] = [];
  let cursor: string | undefined;
  do {
    const res = await searchMessages(token, q, { limit, cursor });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Every page as the contract (protocol/search.ts) describes it.
    const reply = messageSearchReplySchema.parse(res.body);
    pages.push(reply.hits);
    cursor = reply.nextCursor ?? undefined;
  } while (cursor && pages.length < 20);
  return pages;
}

/** A word no other test uses (the database lives for the whole run), made of letters only. */
export function uniqueWord(stem: string): string {
  const letters = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => String.fromCharCode(97 + (b % 26))).join("");
  return `${stem}${letters}`;
}
