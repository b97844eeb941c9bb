// `send-file` and `download` without a server: argument parsing, the progress bar's rendering,
// the advice for file refusals, safe save paths, and both commands' output against a scripted
// fetch (and the fake socket server for send-file's message) with a saved session in a
// temporary config directory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parseCommandLine } from "../../cli/args";
import { localFileProblem, safeFileName, savePath } from "../../cli/commands/file-paths";
import { download, sendFileCommand } from "../../cli/commands/files";
import { EXIT, explain } from "../../cli/errors";
import { attachmentText, messageText } from "../../cli/format";
import { createProgressBar, formatBytes, renderProgress } from "../../cli/progress";
import { QChatError, type StoredFile } from "../../client";
import { createFakeServer } from "./client-fake-server";
import { API, cliContext, useSignedInCli } from "./cli-signed-in";
import { ALICE, BOB } from "./client-fake-socket";

const FILE_ID = "f0123456789abcdefghijklmn";
const stored: StoredFile = {
  id: FILE_ID,
  name: "cat.png",
  size: 150_000,
  mime: "image/png",
  sha256: "c".repeat(64),
  width: 640,
  height: 480,
};

describe("command line", () => {
  it("parses send-file and download with their options", () => {
    expect(parseCommandLine(["send-file", "bob", "./cat.png", "--caption", "our cat"])).toEqual({
      command: "send-file",
      args: ["bob", "./cat.png"],
      flags: { caption: "our cat" },
    });
    expect(parseCommandLine(["download", FILE_ID, "--in", "hikers", "-o", "out.png"])).toEqual({
      command: "download",
      args: [FILE_ID],
      flags: { in: "hikers", output: "out.png" },
    });
    expect(() => parseCommandLine(["download", FILE_ID, "--into", "x"])).toThrow(/--into/);
    expect(() => parseCommandLine(["send-file", "bob", "x", "--caption"])).toThrow(/caption/);
  });
});

describe("progress bar", () => {
  it("renders bar, percent, bytes, speed and time left", () => {
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25 MB");
    expect(renderProgress({ loaded: 0, total: 2_000_000 }, 0)).toBe(`[${"░".repeat(24)}]    0%  0 B / 1.9 MB`);
    expect(renderProgress({ loaded: 1_048_576, total: 4_194_304 }, 2000)).toBe(
      `[${"█".repeat(6)}${"░".repeat(18)}]   25%  1.0 MB / 4.0 MB  512 KB/s  6 s left`,
    );
    expect(renderProgress({ loaded: 4_194_304, total: 4_194_304 }, 4000)).toBe(`[${"█".repeat(24)}]  100%  4.0 MB / 4.0 MB  1.0 MB/s`);
  });

  it("redraws in place on a terminal at most every 100 ms, always at the end", () => {
    const written: string[] = [];
    let now = 0;
    const bar = createProgressBar({ isTTY: true, write: (t) => void written.push(t) }, () => now);
    for (const loaded of [10, 20, 30]) bar.update({ loaded, total: 100 });
    now = 150;
    bar.update({ loaded: 60, total: 100 });
    bar.update({ loaded: 100, total: 100 });
    bar.done();
    expect(written.map((w) => /(\d+)%/.exec(w)![1])).toEqual(["10", "60", "100", "100"]);
    expect(written.every((w) => w.startsWith("\r") && w.includes("\x1b[K"))).toBe(true);
    expect(written.at(-1)!.endsWith("\n")).toBe(true);
  });

  it("prints a line per quarter in a pipe", () => {
    const written: string[] = [];
    const bar = createProgressBar({ isTTY: false, write: (t) => void written.push(t) }, () => 0);
    for (let loaded = 0; loaded <= 100; loaded += 5) bar.update({ loaded, total: 100 });
    bar.done();
    expect(written.map((w) => /(\d+)%/.exec(w)![1])).toEqual(["0", "25", "50", "75", "100"]);
  });
});

describe("file refusals", () => {
  const say = (err: QChatError) => explain(err, API);
  it("says the limit, the allowed types, when the quota resets, and how to name a conversation", () => {
    expect(say(new QChatError("PAYLOAD_TOO_LARGE", 413, "file over 26214400 bytes")).message).toBe(
      "the file is too big for this server (file over 26214400 bytes; the default limit is 25 MB): send a smaller file, or compress it. (PAYLOAD_TOO_LARGE)",
    );
    const type = say(new QChatError("FILE_TYPE_NOT_ALLOWED", 415, "not an allowed type"));
    expect(type.message).toContain("allowed: PNG, JPEG, GIF, WebP, PDF, plain text, ZIP, MP3, Ogg, WAV, M4A, WebM audio");
    vi.useFakeTimers({ now: new Date("2026-11-30T18:47:00Z") });
    try {
      const quota = say(new QChatError("FILE_QUOTA_EXCEEDED", 429, "quota", { retryAfter: 5 * 3600 + 13 * 60 }));
      expect(quota).toEqual({
        message: "you have used up today's upload quota; it resets at 00:00 UTC (in 5 h 13 min). (FILE_QUOTA_EXCEEDED)",
        exitCode: EXIT.FAILED,
      });
    } finally {
      vi.useRealTimers();
    }
    expect(say(new QChatError("FILE_NOT_FOUND", 404, "no such file")).message).toContain("--in <friend|group>");
  });

  it("names what is wrong with a local file", () => {
    expect(localFileProblem("x.png", { code: "ENOENT" })).toBe("no such file: x.png");
    expect(localFileProblem("pics", { code: "EISDIR" })).toBe("pics is not a file (folders cannot be sent; zip them first)");
  });
});

describe("attachments and save paths", () => {
  it("shows an attachment with its name, size, type, pixels and id", () => {
    expect(attachmentText(stored)).toBe(`[file: cat.png (146 KB, image/png, 640×480) ${FILE_ID}]`);
    expect(messageText("", { ...stored, width: undefined, height: undefined })).toBe(`[file: cat.png (146 KB, image/png) ${FILE_ID}]`);
    expect(messageText("our cat", stored)).toBe(`our cat [file: cat.png (146 KB, image/png, 640×480) ${FILE_ID}]`);
  });

  it("keeps a sender's file name inside the folder and never overwrites without -o", async () => {
    expect(safeFileName("../../etc/passwd")).toBe("passwd");
    expect(safeFileName("..\\..\\boot.ini")).toBe("boot.ini");
    expect(safeFileName("...")).toBe("download");
    expect(safeFileName("a\u0007b|c.txt")).toBe("a_b_c.txt");
    const dir = mkdtempSync(join(tmpdir(), "qchat-save-"));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(await savePath(undefined, "report.pdf")).toBe("report.pdf");
      writeFileSync("report.pdf", "x");
      writeFileSync("report (1).pdf", "x");
      expect(await savePath(undefined, "report.pdf")).toBe("report (2).pdf");
      expect(await savePath(dir, "report.pdf")).toBe(join(dir, "report.pdf"));
      expect(await savePath("mine.pdf", "report.pdf")).toBe("mine.pdf");
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("send-file and download commands", () => {
  const configDir = useSignedInCli("qchat-cli-files-");
  let dir: string;
  let uploads: { url: string; length: string | undefined; bytes: number }[];
  let downloads: string[];
  beforeEach(() => {
    dir = configDir();
    uploads = [];
    downloads = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit & { headers: Record<string, string> }) => {
      const { pathname } = new URL(url);
      const key = `${init.method} ${pathname}`;
      if (key === "GET /v1/friends")
        return Response.json({
          friends: [{ id: BOB, username: "bob", nickname: "bob", avatarUrl: null, bio: "", alias: "", presence: "online" }],
        });
      if (key === "POST /v1/files") {
        const bytes = (await new Response(init.body).arrayBuffer()).byteLength;
        uploads.push({ url, length: init.headers["Content-Length"], bytes });
        return Response.json({ file: stored }, { status: 201 });
      }
      if (key === `GET /v1/files/${FILE_ID}`) {
        downloads.push(url);
        return new Response(new Uint8Array(150_000).fill(7), {
          headers: { "Content-Type": "image/png", "Content-Length": "150000", "Content-Disposition": `inline; filename="cat.png"` },
        });
      }
      return Response.json({ error: { code: "NOT_FOUND", message: key } }, { status: 404 });
    });
  });

  it("send-file uploads with progress, sends the message with the file and caption, and says so", async () => {
    const path = join(dir, "cat.png");
    writeFileSync(path, new Uint8Array(150_000).fill(1));
    const server = createFakeServer();
    const out: string[] = [];
    const stderr: string[] = [];
    await sendFileCommand(cliContext(["bob", path], { caption: "our cat" }, out), {
      openSocket: server.openSocket,
      progress: { isTTY: false, write: (t) => void stderr.push(t) },
    });
    expect(uploads).toEqual([{ url: `${API}/v1/files?name=cat.png`, length: "150000", bytes: 150_000 }]);
    expect(server.sends()).toEqual([{ socket: 0, clientMsgId: expect.any(String), body: "our cat", fileId: FILE_ID }]);
    expect(server.current.url).not.toContain("device="); // its own ephemeral device: a running chat keeps its place
    expect(out).toEqual([`Sent our cat [file: cat.png (146 KB, image/png, 640×480) ${FILE_ID}] to bob as #1 (146 KB).`]);
    expect(stderr.at(-1)).toMatch(/100%  146 KB \/ 146 KB/);
  });

  it("send-file refuses a missing file before any request", async () => {
    const err = await sendFileCommand(cliContext(["bob", join(dir, "nope.png")], {}, [])).catch((e: unknown) => e);
    expect(explain(err, API)).toEqual({ message: `no such file: ${join(dir, "nope.png")}`, exitCode: EXIT.USAGE });
    expect(uploads).toEqual([]);
  });

  it("download saves under the file's name with progress, then beside it as (1)", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const out: string[] = [];
      const stderr: string[] = [];
      const io = { progress: { isTTY: false, write: (t: string) => void stderr.push(t) } };
      await download(cliContext([FILE_ID], { in: String(BOB) }, out), io);
      await download(cliContext([FILE_ID], {}, out), io);
      expect(out).toEqual(["Saved cat.png (146 KB, image/png) to cat.png", "Saved cat.png (146 KB, image/png) to cat (1).png"]);
      expect(downloads).toEqual([`${API}/v1/files/${FILE_ID}?in=${BOB}`, `${API}/v1/files/${FILE_ID}`]);
      expect(readFileSync(join(dir, "cat.png"))).toEqual(Buffer.alloc(150_000, 7));
      expect(stderr.at(-1)).toMatch(/100%  146 KB \/ 146 KB/);
    } finally {
      process.chdir(cwd);
    }
  });
});
