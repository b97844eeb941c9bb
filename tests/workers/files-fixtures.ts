// File fixtures: uploads and downloads through the Worker, sample bytes of each type, streamed
// bodies of any size, and message rows written to MySQL the way the write-behind writes them.
import { SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { conversationKey } from "../../durable-objects/user-session/conversation-log";
import type { StoredFile } from "../../protocol/files";
import { files, groupMembers, groupMessages, messages } from "../../schema";
import { BASE } from "./helpers";
import { testDb } from "./mysql-rows";

export interface Upload {
  status: number;
  headers: Headers;
  body: { file: StoredFile } & { error?: { code: string; message: string; retryAfter?: number } };
}

export async function upload(
  token: string,
  body: BodyInit,
  name = "file.bin",
  opts: { thumbnailOf?: string; headers?: Record<string, string> } = {},
): Promise<Upload> {
  const query = `name=${encodeURIComponent(name)}${opts.thumbnailOf ? `&thumbnailOf=${opts.thumbnailOf}` : ""}`;
  const res = await SELF.fetch(`${BASE}/v1/files?${query}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, ...opts.headers },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Upload["body"] };
}

export function download(path: string, opts: { token?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  return SELF.fetch(`${BASE}${path}`, { headers });
}

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A PNG header (signature and IHDR; CRC not checked by anyone) followed by `extra` bytes. */
export function png(width: number, height: number, extra = 100): Uint8Array {
  const header = [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...be32(13),
    ...ascii("IHDR"),
    ...be32(width),
    ...be32(height),
    8,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const out = new Uint8Array(header.length + extra);
  out.set(header);
  for (let i = header.length; i < out.length; i++) out[i] = (i * 31) & 255;
  return out;
}

export const pdf = () => new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * `total` bytes as a stream of unknown length (sent chunked): `first`, then pseudo-random chunks,
 * each made when the reader asks for it. `hash` resolves to the hex SHA-256 of what was sent.
 */
export function generatedStream(total: number, first: Uint8Array, chunkBytes = 64 * 1024) {
  const digest = new crypto.DigestStream("SHA-256");
  const hasher = digest.getWriter();
  let sent = 0;
  let seed = 12345;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= total) {
        await hasher.close();
        controller.close();
        return;
      }
      const size = Math.min(chunkBytes, total - sent);
      const chunk = new Uint8Array(size);
      if (sent === 0) chunk.set(first.subarray(0, size));
      for (let i = sent === 0 ? first.length : 0; i < size; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        chunk[i] = seed >>> 24;
      }
      sent += size;
      await hasher.write(chunk.slice());
      controller.enqueue(chunk);
    },
  });
  const hash = digest.digest.then((buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join(""));
  return { stream, hash };
}

/** The files row, read from MySQL itself. */
export async function fileRow(id: string) {
  const [row] = await testDb().select().from(files).where(eq(files.id, id));
  return row;
}

let seq = 1_000_000;
/** A 1:1 message row carrying `fileId`, as the write-behind writes it. */
export async function insertDirectMessage(from: number, to: number, fileId: string, recalledAt: Date | null = null) {
  const id = `m-test-${Date.now().toString(36)}-${(seq++).toString(36)}`;
  await testDb()
    .insert(messages)
    .values({
      id,
      conversationKey: conversationKey(from, to),
      seq: seq++,
      senderId: from,
      recipientId: to,
      clientMsgId: id,
      body: recalledAt ? null : "",
      status: recalledAt ? "recalled" : "sent",
      sentAt: new Date(),
      recalledAt,
      fileId,
    });
  return id;
}

/** A group message row carrying `fileId` at `msgSeq`, and member rows joined after the given seqs. */
export async function insertGroupMessage(groupId: string, from: number, msgSeq: number, fileId: string, recalledAt: Date | null = null) {
  await testDb()
    .insert(groupMessages)
    .values({
      groupId,
      seq: msgSeq,
      kind: "message",
      messageId: `gm-test-${groupId}-${msgSeq}`,
      senderId: from,
      clientMsgId: `c${msgSeq}`,
      body: recalledAt ? null : "",
      mentions: "[]",
      sentAt: new Date(),
      recalledAt,
      fileId,
    });
}

export async function insertGroupMember(groupId: string, userId: number, joinedAfterSeq: number) {
  await testDb().insert(groupMembers).values({ groupId, userId, role: "member", joinedAt: new Date(), joinedAfterSeq });
}
