// Property-based: hostile names, bodies, ids, signed-URL parameters and Range headers on the
// /v1/files routes get a typed 4xx envelope (or a success), never a 500 or a stack trace.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { download, png, upload } from "./files-fixtures";
import { member } from "./friends-fixtures";

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("..", "%00", "../../etc/passwd", "a\r\nSet-Cookie: x=1", "<script>", "'; DROP TABLE files;--", "x".repeat(300)),
);
const bodyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc.constantFrom(png(1, 1, 0), new Uint8Array([0x89, 0x50]), new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8X")),
);

async function typed(res: Response, what: string) {
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: unknown } };
    expect(typeof body.error?.code, what).toBe("string");
    expect(JSON.stringify(body)).not.toMatch(/\bat \S+\.(ts|js):\d+/);
  } else {
    await res.body?.cancel();
  }
}

describe("fuzzing /v1/files", () => {
  it("answers hostile uploads, ids, queries and ranges with typed errors, never 500", { timeout: 60_000 }, async () => {
    const u = await member("ff");
    const { file } = (await upload(u.token, png(2, 2), "seed.png")).body;
    for (const [name, bytes] of fc.sample(fc.tuple(text, bodyBytes), { numRuns: 40, seed: 13 })) {
      const res = await upload(u.token, bytes, name);
      expect(res.status, `upload ${JSON.stringify(name)}`).toBeLessThan(500);
      if (res.status >= 400) expect(typeof res.body.error?.code).toBe("string");
      // A name comes back as stored; the header is percent-encoded whatever it holds.
      if (res.status === 201) {
        const got = await download(`/v1/files/${res.body.file.id}`, { token: u.token });
        expect(got.headers.get("content-disposition")).toMatch(/^(inline|attachment); filename\*=UTF-8''[A-Za-z0-9%!._~-]*$/);
        await got.body?.cancel();
      }
    }
    for (const segment of fc.sample(text, { numRuns: 30, seed: 17 })) {
      const id = encodeURIComponent(segment);
      await typed(await download(`/v1/files/${id}`, { token: u.token }), `id ${segment}`);
      await typed(await download(`/v1/files/${id}/url`, { token: u.token }), `url ${segment}`);
    }
    for (const [exp, sig, inParam] of fc.sample(fc.tuple(text, text, text), { numRuns: 30, seed: 19 })) {
      const query = `exp=${encodeURIComponent(exp)}&sig=${encodeURIComponent(sig)}`;
      await typed(await download(`/v1/files/${file.id}?${query}`), `signed ${query}`);
      await typed(await download(`/v1/files/${file.id}?in=${encodeURIComponent(inParam)}`, { token: u.token }), `in ${inParam}`);
    }
    // Header values are ASCII on the wire (fetch refuses the rest in browsers).
    const rangeText = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."0123456789-=,; *bytesBYTES"), maxLength: 30 }),
      fc.constantFrom("bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=1-0", "bytes=0-0,-1", "bytes=--1"),
    );
    for (const range of fc.sample(rangeText, { numRuns: 40, seed: 23 })) {
      await typed(await download(`/v1/files/${file.id}`, { token: u.token, headers: { Range: range } }), range);
    }
  });
});
