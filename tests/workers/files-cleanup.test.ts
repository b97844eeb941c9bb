// The file clean-up: uploads never attached are deleted after a day (thumbnails go with their
// original), attached ones stay, and a file whose every message was recalled goes once the recall
// is older than the grace. Rows and objects are read from MySQL and R2 themselves. Each test ages
// only its own rows: the job runs with the real clock over a database other test files share.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ORPHAN_FILE_TTL_SECONDS } from "../../protocol/files";
import { files, messages } from "../../schema";
import worker from "../../workers/index";
import { cleanUpFiles, RECALL_GRACE_SECONDS } from "../../workers/files/cleanup";
import { friendPair } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { memberSocket, msgId } from "./group-member-fixtures";
import { download, fileRow, insertDirectMessage, png, upload } from "./files-fixtures";
import { testDb, writeBehindDrained } from "./mysql-rows";

const HOUR = 3_600_000;

async function ageFile(id: string, ms: number) {
  await testDb()
    .update(files)
    .set({ createdAt: new Date(Date.now() - ms) })
    .where(eq(files.id, id));
}

const inR2 = async (id: string) => (await env.FILES.head(id)) !== null;

describe("file clean-up", () => {
  it("deletes an upload no message references once it is older than a day, with its thumbnail", async () => {
    const [alice, bob] = await Promise.all([member("fc"), member("fc")]);
    const orphan = (await upload(alice.token, png(100, 80), "never-sent.png")).body.file;
    const orphanThumb = (await upload(alice.token, png(10, 8), "t.png", { thumbnailOf: orphan.id })).body.file;
    const young = (await upload(alice.token, png(5, 5), "just-now.png")).body.file;
    const sent = (await upload(alice.token, png(100, 80), "sent.png")).body.file;
    const sentThumb = (await upload(alice.token, png(10, 8), "t.png", { thumbnailOf: sent.id })).body.file;
    await insertDirectMessage(alice.id, bob.id, sent.id);
    for (const id of [orphan.id, orphanThumb.id, sent.id, sentThumb.id]) await ageFile(id, ORPHAN_FILE_TTL_SECONDS * 1000 + HOUR);

    const report = await cleanUpFiles(env);
    expect(report.orphans).toBeGreaterThanOrEqual(1);
    expect(report.thumbnails).toBeGreaterThanOrEqual(1);
    // Deleted: the bytes from R2, the row marked (kept, so the id is never reused).
    expect(await inR2(orphan.id)).toBe(false);
    expect(await inR2(orphanThumb.id)).toBe(false);
    expect((await fileRow(orphan.id))?.deletedAt).toBeInstanceOf(Date);
    expect((await fileRow(orphanThumb.id))?.deletedAt).toBeInstanceOf(Date);
    expect((await download(`/v1/files/${orphan.id}`, { token: alice.token })).status).toBe(404);
    // Kept: the young upload, the attached file and the thumbnail of an attached original.
    for (const id of [young.id, sent.id, sentThumb.id]) {
      expect(await inR2(id)).toBe(true);
      expect((await fileRow(id))?.deletedAt).toBeNull();
    }
    expect((await download(`/v1/files/${sent.id}`, { token: bob.token })).status).toBe(200);
  });

  it("deletes the file of a recalled message once the recall is older than the grace, not before", async () => {
    const [alice, bob] = await friendPair();
    const { file } = (await upload(alice.token, png(64, 64), "oops.png")).body;
    const thumb = (await upload(alice.token, png(8, 8), "oops-thumb.png", { thumbnailOf: file.id })).body.file;
    const socket = await memberSocket(alice);
    const sent = await socket.request({ type: "send", to: bob.id, clientMsgId: msgId(), body: "", fileId: file.id });
    expect(await socket.request({ type: "recall", messageId: sent.messageId })).toMatchObject({ type: "ok" });
    socket.close();
    await writeBehindDrained(alice.id, bob.id);
    const [row] = await testDb().select().from(messages).where(eq(messages.id, sent.messageId));
    expect(row).toMatchObject({ fileId: file.id, status: "recalled" });

    await cleanUpFiles(env);
    expect(await inR2(file.id)).toBe(true); // within the grace: another message might still be on its way

    await testDb()
      .update(messages)
      .set({ recalledAt: new Date(Date.now() - (RECALL_GRACE_SECONDS + 60) * 1000) })
      .where(eq(messages.id, sent.messageId));
    const report = await cleanUpFiles(env);
    expect(report.recalled).toBeGreaterThanOrEqual(1);
    expect(await inR2(file.id)).toBe(false);
    expect(await inR2(thumb.id)).toBe(false);
    expect((await fileRow(file.id))?.deletedAt).toBeInstanceOf(Date);
    expect((await download(`/v1/files/${file.id}`, { token: alice.token })).status).toBe(404);
  });

  it("keeps a file while one of its messages is not recalled", async () => {
    const [alice, bob, carol] = await Promise.all([member("fc"), member("fc"), member("fc")]);
    const { file } = (await upload(alice.token, png(4, 4), "twice.png")).body;
    await insertDirectMessage(alice.id, bob.id, file.id, new Date(Date.now() - 2 * HOUR));
    await insertDirectMessage(alice.id, carol.id, file.id);
    await cleanUpFiles(env);
    expect(await inR2(file.id)).toBe(true);
    expect((await download(`/v1/files/${file.id}`, { token: carol.token })).status).toBe(200);
    expect((await download(`/v1/files/${file.id}`, { token: bob.token })).status).toBe(404);
  });

  it("runs from the Worker's scheduled handler (the cron)", async () => {
    const alice = await member("fc");
    const orphan = (await upload(alice.token, png(3, 3), "cron.png")).body.file;
    await ageFile(orphan.id, ORPHAN_FILE_TTL_SECONDS * 1000 + HOUR);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await inR2(orphan.id)).toBe(false);
  });
});
