// Uploads: stored metadata and hash, the type from the bytes, the size limit (declared and while
// streaming), the daily quota, thumbnails, and a large body streamed through intact.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FILE_MAX_BYTES_DEFAULT } from "../../protocol/files";
import { member } from "./friends-fixtures";
import { download, fileRow, generatedStream, pdf, png, sha256Hex, upload } from "./files-fixtures";
import { redis } from "./helpers";

describe("POST /v1/files", () => {
  it("stores the bytes and answers their metadata, the hash computed by the server", async () => {
    const alice = await member("fa");
    const bytes = png(640, 480, 5000);
    const res = await upload(alice.token, bytes, "screenshot.png");
    expect(res.status).toBe(201);
    const file = res.body.file;
    expect(file).toEqual({
      id: expect.stringMatching(/^f[0-9a-v]{24}$/),
      name: "screenshot.png",
      size: bytes.length,
      mime: "image/png",
      sha256: await sha256Hex(bytes),
      width: 640,
      height: 480,
    });
    // MySQL itself has the row, and R2 the bytes under the file id.
    expect(await fileRow(file.id)).toMatchObject({
      uploaderId: alice.id,
      name: "screenshot.png",
      size: bytes.length,
      mime: "image/png",
      sha256: file.sha256,
      width: 640,
      height: 480,
      thumbnailId: null,
      deletedAt: null,
    });
    const object = await env.FILES.get(file.id);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);
  });

  it("decides the type from the bytes, not the name or Content-Type", async () => {
    const alice = await member("fa");
    const res = await upload(alice.token, pdf(), "photo.png", { headers: { "Content-Type": "image/png" } });
    expect(res.status).toBe(201);
    expect(res.body.file.mime).toBe("application/pdf");
    expect(res.body.file.width).toBeUndefined();
    const text = await upload(alice.token, "hello, wörld\n", "notes.txt");
    expect(text.body.file.mime).toBe("text/plain");
  });

  it("refuses executables and other types with 415 and stores nothing", async () => {
    const alice = await member("fa");
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);
    const mp4Video = new Uint8Array([0, 0, 0, 0x20, ...new TextEncoder().encode("ftypisom"), 0, 0, 2, 0]);
    for (const [name, bytes] of [
      ["tool.png", elf],
      ["setup.pdf", exe],
      ["clip.m4a", mp4Video],
    ] as const) {
      const res = await upload(alice.token, bytes, name);
      expect(res.status, name).toBe(415);
      expect(res.body.error?.code).toBe("FILE_TYPE_NOT_ALLOWED");
    }
    expect(await upload(alice.token, new Uint8Array(0), "empty.txt")).toMatchObject({ status: 415 });
  });

  it("answers 413 for a declared length over the limit, before reading the body", async () => {
    const alice = await member("fa");
    const declared = FILE_MAX_BYTES_DEFAULT + 1;
    const body = new FixedLengthStream(declared);
    // Only the first bytes are ever written: the Worker must answer from the header alone.
    const writer = body.writable.getWriter();
    void writer.write(png(10, 10, 1000)).catch(() => {});
    const res = await upload(alice.token, body.readable, "big.png", { headers: { "Content-Length": String(declared) } });
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    void writer.abort().catch(() => {});
  });

  it("answers 413 while streaming a body without Content-Length once it passes the limit, and deletes the partial object", async () => {
    const alice = await member("fa");
    const { stream } = generatedStream(FILE_MAX_BYTES_DEFAULT + 1024 * 1024, png(10, 10, 0));
    const before = await env.FILES.list();
    const res = await upload(alice.token, stream, "big.png");
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    const after = await env.FILES.list();
    expect(after.objects.length).toBe(before.objects.length);
  });

  it("streams a 20 MB body of unknown length through to R2 intact", { timeout: 60_000 }, async () => {
    const alice = await member("fa");
    const size = 20 * 1024 * 1024 + 12345;
    const { stream, hash } = generatedStream(size, new TextEncoder().encode("%PDF-1.7\n"));
    const res = await upload(alice.token, stream, "report.pdf");
    expect(res.status).toBe(201);
    expect(res.body.file).toMatchObject({ size, mime: "application/pdf", sha256: await hash });
    // What comes back is what went in (hashed as it streams down).
    const got = await download(`/v1/files/${res.body.file.id}`, { token: alice.token });
    const digest = new crypto.DigestStream("SHA-256");
    await got.body!.pipeTo(digest);
    const hex = [...new Uint8Array(await digest.digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(hex).toBe(await hash);
  });

  it("refuses past the daily quota with 429 and Retry-After to midnight UTC, counting real sizes", async () => {
    const alice = await member("fa");
    const bytes = png(8, 8, 900);
    expect((await upload(alice.token, bytes, "a.png")).status).toBe(201);
    const key = `qchat:files:quota:${alice.id}:${new Date().toISOString().slice(0, 10)}`;
    expect(Number(await redis("GET", key))).toBe(bytes.length);
    // Move the counter to just under the default quota (500 MB): the next file no longer fits.
    await redis("SET", key, 500 * 1024 * 1024 - 100);
    const refused = await upload(alice.token, bytes, "b.png");
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe("FILE_QUOTA_EXCEEDED");
    const retryAfter = Number(refused.headers.get("Retry-After"));
    const toMidnight = Math.ceil((86_400_000 - (Date.now() % 86_400_000)) / 1000);
    expect(retryAfter).toBeGreaterThan(0);
    expect(Math.abs(retryAfter - toMidnight)).toBeLessThanOrEqual(2);
    // Without Content-Length the stream is cut where the quota ends.
    const { stream } = generatedStream(1000, png(8, 8, 0));
    expect((await upload(alice.token, stream, "c.png")).status).toBe(429);
  });

  it("links a thumbnail to the uploader's own original, and only an image", async () => {
    const [alice, bob] = await Promise.all([member("fa"), member("fb")]);
    const original = (await upload(alice.token, png(4000, 3000), "big.png")).body.file;
    const thumb = await upload(alice.token, png(400, 300), "big-thumb.png", { thumbnailOf: original.id });
    expect(thumb.status).toBe(201);
    expect((await fileRow(original.id))?.thumbnailId).toBe(thumb.body.file.id);
    expect((await upload(bob.token, png(40, 30), "t.png", { thumbnailOf: original.id })).status).toBe(404);
    expect((await upload(alice.token, pdf(), "t.pdf", { thumbnailOf: original.id })).status).toBe(415);
    expect((await fileRow(original.id))?.thumbnailId).toBe(thumb.body.file.id);
  });

  it("needs a token and a name", async () => {
    const alice = await member("fa");
    expect((await upload("not-a-token", png(1, 1), "a.png")).status).toBe(401);
    const res = await upload(alice.token, png(1, 1), "");
    expect(res.status).toBe(400);
  });
});
