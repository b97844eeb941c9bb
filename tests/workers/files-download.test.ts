// Downloads: who may read a file (uploader, participants of a conversation whose message carries
// it, by MySQL or by the conversation's object), the headers that keep a browser from running it,
// Range and ETag, and signed URLs for <img>.
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SIGNED_URL_TTL_SECONDS } from "../../protocol/files";
import { signFileUrl } from "../../workers/files/signed-url";
import { friendPair, waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { groupOfThree, memberSocket, msgId } from "./group-member-fixtures";
import { newGroupId } from "../../workers/groups/ids";
import { download, insertDirectMessage, insertGroupMember, insertGroupMessage, pdf, png, upload } from "./files-fixtures";
import { call } from "./helpers";
import { testDb } from "./mysql-rows";
import { groupMembers, groupMessages, messages } from "../../schema";

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe("GET /v1/files/:id", () => {
  it("serves the uploader an image inline, with the sniffed type, hash ETag and a sandboxing CSP", async () => {
    const alice = await member("fd");
    const bytes = png(32, 16, 3000);
    const { file } = (await upload(alice.token, bytes, "chat shot (1).png")).body;
    const res = await download(`/v1/files/${file.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(bytes);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": String(bytes.length),
      etag: `"${file.sha256}"`,
      "content-disposition": "inline; filename*=UTF-8''chat%20shot%20%281%29.png",
      "x-content-type-options": "nosniff",
      "cache-control": expect.stringMatching(/^private, max-age=\d+$/),
      "accept-ranges": "bytes",
      vary: expect.stringContaining("Authorization"),
    });
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("sandbox");
  });

  it("serves everything but images as an attachment (a PDF named .png, and text that looks like HTML)", async () => {
    const alice = await member("fd");
    const { file } = (await upload(alice.token, pdf(), "résumé.png")).body;
    const res = await download(`/v1/files/${file.id}`, { token: alice.token });
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.png");
    const html = (await upload(alice.token, "<html><script>alert(1)</script></html>", "page.html")).body.file;
    const page = await download(`/v1/files/${html.id}`, { token: alice.token });
    expect(page.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(page.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers 404 to a stranger, the same as for a file that does not exist; 401 without a token", async () => {
    const [alice, stranger] = await Promise.all([member("fd"), member("fs")]);
    const { file } = (await upload(alice.token, png(2, 2), "a.png")).body;
    const denied = await download(`/v1/files/${file.id}`, { token: stranger.token });
    expect(denied.status).toBe(404);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe("FILE_NOT_FOUND");
    const missing = await download(`/v1/files/f${"0".repeat(24)}`, { token: alice.token });
    expect(missing.status).toBe(404);
    expect((await download(`/v1/files/${file.id}`)).status).toBe(401);
    expect((await call("GET", `/v1/files/${file.id}/url`, { token: stranger.token })).status).toBe(404);
  });

  it("answers Range requests with 206 and Content-Range, and 416 past the end (a 6 MB file with Content-Length)", async () => {
    const alice = await member("fd");
    const bytes = png(8, 8, 6 * 1024 * 1024);
    const { file } = (await upload(alice.token, bytes, "big.png")).body;
    const size = bytes.length;
    const first = await download(`/v1/files/${file.id}`, { token: alice.token, headers: { Range: "bytes=0-9" } });
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe(`bytes 0-9/${size}`);
    expect(first.headers.get("content-length")).toBe("10");
    expect(await bytesOf(first)).toEqual(bytes.subarray(0, 10));
    const middle = await download(`/v1/files/${file.id}`, { token: alice.token, headers: { Range: "bytes=5242870-5242889" } });
    expect(await bytesOf(middle)).toEqual(bytes.subarray(5242870, 5242890));
    const tail = await download(`/v1/files/${file.id}`, { token: alice.token, headers: { Range: "bytes=-5" } });
    expect(tail.headers.get("content-range")).toBe(`bytes ${size - 5}-${size - 1}/${size}`);
    expect(await bytesOf(tail)).toEqual(bytes.subarray(size - 5));
    const past = await download(`/v1/files/${file.id}`, { token: alice.token, headers: { Range: `bytes=${size}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${size}`);
    expect(((await past.json()) as { error: { code: string } }).error.code).toBe("RANGE_NOT_SATISFIABLE");
  });

  it("answers 304 to If-None-Match with the ETag", async () => {
    const alice = await member("fd");
    const { file } = (await upload(alice.token, png(2, 2), "a.png")).body;
    const res = await download(`/v1/files/${file.id}`, { token: alice.token, headers: { "If-None-Match": `"${file.sha256}"` } });
    expect(res.status).toBe(304);
  });
});

describe("access through messages", () => {
  it("lets both sides of a 1:1 message in MySQL read the file (and its thumbnail), until the message is recalled", async () => {
    const [alice, bob, carol] = await Promise.all([member("fd"), member("fd"), member("fd")]);
    const { file } = (await upload(alice.token, png(100, 100), "a.png")).body;
    const thumb = (await upload(alice.token, png(10, 10), "a-thumb.png", { thumbnailOf: file.id })).body.file;
    const messageId = await insertDirectMessage(alice.id, bob.id, file.id);
    expect((await download(`/v1/files/${file.id}`, { token: bob.token })).status).toBe(200);
    expect((await download(`/v1/files/${thumb.id}`, { token: bob.token })).status).toBe(200);
    expect((await download(`/v1/files/${file.id}`, { token: carol.token })).status).toBe(404);
    // Recalled: only the uploader still reads it (until the clean-up deletes it).
    await testDb().update(messages).set({ status: "recalled", recalledAt: new Date() }).where(eq(messages.id, messageId));
    expect((await download(`/v1/files/${file.id}`, { token: bob.token })).status).toBe(404);
    expect((await download(`/v1/files/${file.id}`, { token: alice.token })).status).toBe(200);
  });

  it("lets group members who joined before the message read the file; later joiners and others get 404", async () => {
    const [alice, early, late, outsider] = await Promise.all([member("fd"), member("fd"), member("fd"), member("fd")]);
    const { file } = (await upload(alice.token, pdf(), "minutes.pdf")).body;
    const groupId = newGroupId();
    await insertGroupMember(groupId, early.id, 0);
    await insertGroupMember(groupId, late.id, 5);
    await insertGroupMessage(groupId, alice.id, 3, file.id);
    expect((await download(`/v1/files/${file.id}`, { token: early.token })).status).toBe(200);
    expect((await download(`/v1/files/${file.id}`, { token: late.token })).status).toBe(404);
    expect((await download(`/v1/files/${file.id}`, { token: outsider.token })).status).toBe(404);
  });

  it("lets the recipient of a message just sent read the file by naming the conversation (?in=)", async () => {
    const [alice, bob] = await friendPair();
    const stranger = await member("fs");
    const { file } = (await upload(alice.token, png(50, 40), "now.png")).body;
    const socket = await memberSocket(alice);
    const sent = await socket.request({ type: "send", to: bob.id, clientMsgId: msgId(), body: "", fileId: file.id });
    expect(sent).toMatchObject({ type: "sent" });
    // At once: from the conversation's object if MySQL has no row yet.
    expect((await download(`/v1/files/${file.id}?in=${alice.id}`, { token: bob.token })).status).toBe(200);
    const url = await call("GET", `/v1/files/${file.id}/url?in=${alice.id}`, { token: bob.token });
    expect(url.status).toBe(200);
    // Naming a conversation one is not in proves nothing.
    expect((await download(`/v1/files/${file.id}?in=${alice.id}`, { token: stranger.token })).status).toBe(404);
    expect((await download(`/v1/files/${file.id}?in=${bob.id}`, { token: stranger.token })).status).toBe(404);
    socket.close();
  });
});

describe("?in= naming strangers", () => {
  it("wakes no Durable Object of a random uid (smaller than the caller's, so that uid would own the conversation)", async () => {
    const alice = await member("fd");
    const { file } = (await upload(alice.token, png(2, 2), "a.png")).body;
    const mallory = await member("fm");
    const peers = Array.from({ length: 10 }, (_, i) => 100_000_000 + i * 7919 + Math.floor(Math.random() * 1000));
    for (const peer of peers) {
      expect((await download(`/v1/files/${file.id}?in=${peer}`, { token: mallory.token })).status).toBe(404);
    }
    const existing = new Set((await listDurableObjectIds(env.USER_SESSION)).map((id) => id.toString()));
    expect(peers.filter((peer) => existing.has(env.USER_SESSION.idFromName(String(peer)).toString()))).toEqual([]);
  });
});

describe("access through a real group", () => {
  it("lets members read a file sent to the group, and not a member once removed", async () => {
    const { owner, b, c, group } = await groupOfThree("files");
    const stranger = await member("fs");
    const { file } = (await upload(owner.token, pdf(), "agenda.pdf")).body;
    const socket = await memberSocket(owner);
    const sent = await socket.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "", fileId: file.id });
    expect(sent).toMatchObject({ type: "group_sent" });
    socket.close();
    for (const m of [b, c]) expect((await download(`/v1/files/${file.id}?in=${group.groupId}`, { token: m.token })).status).toBe(200);
    expect((await download(`/v1/files/${file.id}?in=${group.groupId}`, { token: stranger.token })).status).toBe(404);
    // Once MySQL has the message, no `in` is needed.
    await waitFor(
      async () => (await testDb().select().from(groupMessages).where(eq(groupMessages.fileId, file.id))).length > 0,
      15_000,
      "the group message in MySQL",
    );
    expect((await download(`/v1/files/${file.id}`, { token: c.token })).status).toBe(200);

    expect((await call("DELETE", `/v1/groups/${group.groupId}/members/${c.id}`, { token: owner.token })).status).toBe(200);
    // The group's object answers at once; MySQL once its member row is gone (written behind).
    await waitFor(
      async () =>
        (
          await testDb()
            .select()
            .from(groupMembers)
            .where(and(eq(groupMembers.groupId, group.groupId), eq(groupMembers.userId, c.id)))
        ).length === 0,
      15_000,
      "the removal in MySQL",
    );
    expect((await download(`/v1/files/${file.id}?in=${group.groupId}`, { token: c.token })).status).toBe(404);
    expect((await download(`/v1/files/${file.id}`, { token: c.token })).status).toBe(404);
    expect((await call("GET", `/v1/files/${file.id}/url?in=${group.groupId}`, { token: c.token })).status).toBe(404);
    expect((await download(`/v1/files/${file.id}`, { token: b.token })).status).toBe(200);
  });
});

describe("signed URLs", () => {
  it("work without a token for SIGNED_URL_TTL_SECONDS, and fail tampered or expired", async () => {
    const alice = await member("fd");
    const bytes = png(3, 3);
    const { file } = (await upload(alice.token, bytes, "a.png")).body;
    const other = (await upload(alice.token, png(4, 4), "b.png")).body.file;
    const reply = await call("GET", `/v1/files/${file.id}/url`, { token: alice.token });
    expect(reply.status).toBe(200);
    expect(reply.body.url).toMatch(new RegExp(`^/v1/files/${file.id}\\?exp=\\d+&sig=[0-9a-f]{64}$`));
    const ttl = (Date.parse(reply.body.expiresAt) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(SIGNED_URL_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(SIGNED_URL_TTL_SECONDS);

    const res = await download(reply.body.url);
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(bytes);
    expect(res.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);

    const url = new URL(reply.body.url, "http://x");
    const sig = url.searchParams.get("sig")!;
    const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
    expect((await download(`/v1/files/${file.id}?exp=${url.searchParams.get("exp")}&sig=${flipped}`)).status).toBe(404);
    expect((await download(`/v1/files/${file.id}?exp=${Number(url.searchParams.get("exp")) + 60}&sig=${sig}`)).status).toBe(404);
    expect((await download(`/v1/files/${other.id}?exp=${url.searchParams.get("exp")}&sig=${sig}`)).status).toBe(404);
    // Signed by this server, but expired.
    const expired = await signFileUrl(env.TOKEN_SECRET, file.id, Date.now() - (SIGNED_URL_TTL_SECONDS + 1) * 1000);
    const gone = await download(expired.url);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe("FILE_NOT_FOUND");
  });
});
