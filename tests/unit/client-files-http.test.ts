// The SDK's file calls against a scripted fetch (and one real Node HTTP server): the upload's
// path, query, headers and bytes, progress that only goes forward and ends at 100 %, the
// server's error codes, XMLHttpRequest progress in browsers, downloads with Range, signed URLs.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_ERROR, createHttpClient, QChatError, type FetchLike, type TransferProgress } from "../../client";

const FILE_ID = "f0123456789abcdefghijklmn";
const stored = { id: FILE_ID, name: "cat.png", size: 200_000, mime: "image/png", sha256: "a".repeat(64) };

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  duplex?: string;
  bytes: Uint8Array;
}

/** A fetch that reads the whole request body (driving a streamed upload) and answers `reply`. */
function scriptedFetch(reply: () => Response) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const bytes = init.body ? new Uint8Array(await new Response(init.body).arrayBuffer()) : new Uint8Array();
    calls.push({
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      duplex: (init as { duplex?: string }).duplex,
      bytes,
    });
    return reply();
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function bytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i % 251;
  return out;
}

function expectForwardTo100(steps: TransferProgress[], total: number): void {
  expect(steps.length).toBeGreaterThan(1);
  for (let i = 1; i < steps.length; i++) expect(steps[i]!.loaded).toBeGreaterThan(steps[i - 1]!.loaded);
  expect(steps.every((s) => s.total === total && s.loaded <= total)).toBe(true);
  expect(steps.at(-1)).toEqual({ loaded: total, total });
}

describe("uploadFile", () => {
  it("streams bytes to POST /v1/files?name= with Content-Length, and reports progress forward to 100 %", async () => {
    const { fetch, calls } = scriptedFetch(() => json(201, { file: stored }));
    const http = createHttpClient({ baseUrl: "http://qchat.test/api", fetch, token: "tok" });
    const data = bytes(200_000);
    const steps: TransferProgress[] = [];
    const file = await http.uploadFile(data, { name: "cat photo.png", thumbnailOf: FILE_ID, onProgress: (p) => steps.push(p) });
    expect(file).toEqual(stored);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(`${call.method} ${call.url}`).toBe(`POST http://qchat.test/api/v1/files?name=cat+photo.png&thumbnailOf=${FILE_ID}`);
    expect(call.headers).toMatchObject({
      "Content-Length": "200000",
      Authorization: "Bearer tok",
      "Content-Type": "application/octet-stream",
    });
    expect(call.duplex).toBe("half");
    expect(call.bytes).toEqual(data);
    expectForwardTo100(steps, 200_000);
  });

  it("sends a Blob as is when nobody asks for progress, named after a File", async () => {
    const { fetch, calls } = scriptedFetch(() => json(201, { file: stored }));
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch });
    const file = new File([bytes(1000)], "notes.txt", { type: "text/plain" });
    await http.uploadFile(file);
    expect(calls[0]!.url).toBe("http://qchat.test/v1/files?name=notes.txt");
    expect(calls[0]!.duplex).toBeUndefined();
    expect(calls[0]!.bytes).toEqual(bytes(1000));
  });

  it("sends a sized stream with Content-Length, not chunked, through Node's own fetch", async () => {
    const received: { headers: IncomingHttpHeaders; length: number; url: string }[] = [];
    const server = createServer((req, res) => {
      let length = 0;
      req.on("data", (chunk: Buffer) => (length += chunk.length));
      req.on("end", () => {
        received.push({ headers: req.headers, length, url: req.url ?? "" });
        res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({ file: stored }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const http = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, token: "tok" });
      const data = bytes(300_000);
      const steps: TransferProgress[] = [];
      const stream = new Response(data).body!;
      await http.uploadFile({ stream, size: data.byteLength }, { name: "big.bin", onProgress: (p) => steps.push(p) });
      expect(received).toHaveLength(1);
      expect(received[0]!.url).toBe("/v1/files?name=big.bin");
      expect(received[0]!.headers["content-length"]).toBe("300000");
      expect(received[0]!.headers["transfer-encoding"]).toBeUndefined();
      expect(received[0]!.length).toBe(300_000);
      expectForwardTo100(steps, 300_000);
    } finally {
      server.close();
    }
  });

  it.each([
    [413, "PAYLOAD_TOO_LARGE", undefined],
    [415, "FILE_TYPE_NOT_ALLOWED", undefined],
    [429, "FILE_QUOTA_EXCEEDED", 3600],
  ])("turns %i into QChatError %s (retryAfter %s)", async (status, code, retryAfter) => {
    const { fetch } = scriptedFetch(() => json(status, { error: { code, message: "no", ...(retryAfter ? { retryAfter } : {}) } }));
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch });
    const steps: TransferProgress[] = [];
    const err = await http.uploadFile(bytes(10), { name: "x.bin", onProgress: (p) => steps.push(p) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QChatError);
    expect(err).toMatchObject({ code, status, retryAfter });
    expect(steps.at(-1)?.loaded ?? 0).toBeLessThanOrEqual(10);
  });

  it("takes retryAfter from the Retry-After header when the envelope has none", async () => {
    const { fetch } = scriptedFetch(() =>
      json(429, { error: { code: "FILE_QUOTA_EXCEEDED", message: "quota" } }, { "Retry-After": "120" }),
    );
    const err = await createHttpClient({ baseUrl: "http://qchat.test", fetch })
      .uploadFile(bytes(10), { name: "x.bin" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FILE_QUOTA_EXCEEDED", retryAfter: 120 });
  });

  it("rejects with ABORTED when the caller's signal aborts", async () => {
    const fetch: FetchLike = async (_url, init) => {
      init.signal?.throwIfAborted();
      return json(201, { file: stored });
    };
    const aborter = new AbortController();
    aborter.abort();
    const upload = createHttpClient({ baseUrl: "http://qchat.test", fetch }).uploadFile(bytes(10), {
      name: "x.bin",
      signal: aborter.signal,
    });
    await expect(upload).rejects.toMatchObject({ code: CLIENT_ERROR.ABORTED });
  });

  it("refuses a stream that ends short of its size, and a source without a name", async () => {
    const { fetch } = scriptedFetch(() => json(201, { file: stored }));
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch });
    const short = { stream: new Response(bytes(10)).body!, size: 20 };
    await expect(http.uploadFile(short, { name: "x.bin" })).rejects.toMatchObject({ code: CLIENT_ERROR.BAD_SOURCE });
    await expect(http.uploadFile(bytes(10))).rejects.toMatchObject({ code: CLIENT_ERROR.BAD_SOURCE });
  });
});

describe("uploadFile in a browser", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("uses XMLHttpRequest for its upload progress events, with the token", async () => {
    const seen: { url?: string; headers: Record<string, string>; body?: unknown } = { headers: {} };
    class FakeXhr {
      status = 0;
      responseText = "";
      upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open(_method: string, url: string) {
        seen.url = url;
      }
      setRequestHeader(name: string, value: string) {
        seen.headers[name] = value;
      }
      getResponseHeader() {
        return null;
      }
      abort() {}
      send(body: unknown) {
        seen.body = body;
        // The browser reports the wire in steps (and sometimes the same step twice).
        for (const loaded of [0, 4000, 4000, 10_000]) this.upload.onprogress?.({ loaded, total: 10_000, lengthComputable: true });
        this.status = 201;
        this.responseText = JSON.stringify({ file: stored });
        setTimeout(() => this.onload?.(), 0);
      }
    }
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const http = createHttpClient({ baseUrl: "https://qchat.test", token: "tok" });
    const blob = new Blob([bytes(10_000)]);
    const steps: TransferProgress[] = [];
    expect(await http.uploadFile(blob, { name: "a.png", onProgress: (p) => steps.push(p) })).toEqual(stored);
    expect(seen.url).toBe("https://qchat.test/v1/files?name=a.png");
    expect(seen.headers.Authorization).toBe("Bearer tok");
    expect(seen.body).toBe(blob);
    expect(steps.map((s) => s.loaded)).toEqual([0, 4000, 10_000]);
  });
});

describe("downloadFile and fileUrl", () => {
  it("asks for a range in a conversation and reads the name, sizes and progress from the reply", async () => {
    const { fetch, calls } = scriptedFetch(
      () =>
        new Response(bytes(100), {
          status: 206,
          headers: {
            "Content-Type": "application/pdf",
            "Content-Length": "100",
            "Content-Range": "bytes 0-99/5000",
            "Content-Disposition": `attachment; filename="report.pdf"; filename*=UTF-8''Q3%20report.pdf`,
          },
        }),
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch, token: "tok" });
    const steps: TransferProgress[] = [];
    const file = await http.downloadFile(FILE_ID, { in: 517204938, range: { start: 0, end: 99 }, onProgress: (p) => steps.push(p) });
    expect(calls[0]!.url).toBe(`http://qchat.test/v1/files/${FILE_ID}?in=517204938`);
    expect(calls[0]!.headers).toMatchObject({ Range: "bytes=0-99", Authorization: "Bearer tok" });
    expect(file).toMatchObject({ status: 206, size: 100, totalSize: 5000, mime: "application/pdf", name: "Q3 report.pdf" });
    expect(new Uint8Array(await new Response(file.body).arrayBuffer())).toEqual(bytes(100));
    expect(steps.at(-1)).toEqual({ loaded: 100, total: 100 });
  });

  it("turns a 404 into FILE_NOT_FOUND", async () => {
    const { fetch } = scriptedFetch(() => json(404, { error: { code: "FILE_NOT_FOUND", message: "no such file" } }));
    await expect(createHttpClient({ baseUrl: "http://qchat.test", fetch }).downloadFile(FILE_ID)).rejects.toMatchObject({
      code: "FILE_NOT_FOUND",
      status: 404,
    });
  });

  it("makes the signed URL absolute, keeping the base URL's path prefix", async () => {
    const { fetch, calls } = scriptedFetch(() =>
      json(200, { url: `/v1/files/${FILE_ID}?exp=1700000000&sig=ab12`, expiresAt: "2026-11-30T18:00:00.000Z" }),
    );
    const http = createHttpClient({ baseUrl: "https://qchat.test/api", fetch, token: "tok" });
    const signed = await http.fileUrl(FILE_ID, { in: "g0123456789abcdefghij" });
    expect(calls[0]!.url).toBe(`https://qchat.test/api/v1/files/${FILE_ID}/url?in=g0123456789abcdefghij`);
    expect(signed).toEqual({
      url: `https://qchat.test/api/v1/files/${FILE_ID}?exp=1700000000&sig=ab12`,
      expiresAt: "2026-11-30T18:00:00.000Z",
    });
  });
});
