// The pure parts of uploads and downloads: type sniffing by magic numbers, image sizes from
// headers, and Range parsing.
import { describe, expect, it } from "vitest";
import { imageDimensions } from "../../workers/files/dimensions";
import { parseRange } from "../../workers/files/range";
import { SNIFF_BYTES, sniffFileType } from "../../workers/files/sniff";

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));
const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? ascii(p) : p)));
const le16 = (n: number) => [n & 255, n >> 8];
const be16 = (n: number) => [n >> 8, n & 255];
const le24 = (n: number) => [n & 255, (n >> 8) & 255, n >> 16];

describe("sniffFileType", () => {
  it.each([
    ["image/png", bytes([0x89], "PNG\r\n", [0x1a, 0x0a, 0, 0, 0, 13], "IHDR")],
    ["image/jpeg", bytes([0xff, 0xd8, 0xff, 0xe0])],
    ["image/gif", bytes("GIF89a", [1, 0, 1, 0])],
    ["image/webp", bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 ")],
    ["audio/wav", bytes("RIFF", [0, 0, 0, 0], "WAVEfmt ")],
    ["application/pdf", bytes("%PDF-1.4\n")],
    ["application/zip", bytes("PK", [3, 4, 20, 0])],
    ["audio/mpeg", bytes("ID3", [4, 0, 0])],
    ["audio/mpeg", bytes([0xff, 0xfb, 0x90, 0x64])],
    ["audio/ogg", bytes("OggS", [0, 2])],
    ["audio/mp4", bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0])],
    ["audio/webm", bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f])],
    ["text/plain", new TextEncoder().encode("hello\nwörld 你好")],
  ])("%s", (mime, head) => {
    expect(sniffFileType(head)).toBe(mime);
  });

  it.each([
    ["ELF", bytes([0x7f], "ELF", [2, 1, 1, 0, 0, 0])],
    ["PE", bytes("MZ", [0x90, 0, 3, 0])],
    ["MP4 video", bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0])],
    ["AAC ADTS (layer 00)", bytes([0xff, 0xf1, 0x50, 0x80])],
    ["Latin-1 text", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20])],
    ["empty", new Uint8Array(0)],
  ])("refuses %s", (_name, head) => {
    expect(sniffFileType(head)).toBeUndefined();
  });

  it("takes text whose sample ends inside a multi-byte character", () => {
    const text = new TextEncoder().encode("é".repeat(SNIFF_BYTES));
    expect(sniffFileType(text.subarray(0, SNIFF_BYTES - 1))).toBe("text/plain");
  });
});

describe("imageDimensions", () => {
  it("reads PNG, GIF and the three WebP forms", () => {
    expect(imageDimensions("image/png", bytes([0x89], "PNG\r\n", [0x1a, 0x0a, 0, 0, 0, 13], "IHDR", [0, 0, 5, 0, 0, 0, 2, 208]))).toEqual({
      width: 1280,
      height: 720,
    });
    expect(imageDimensions("image/gif", bytes("GIF89a", le16(300), le16(200)))).toEqual({ width: 300, height: 200 });
    const riff = (chunk: string, payload: number[]) => bytes("RIFF", [0, 0, 0, 0], "WEBP", chunk, [0, 0, 0, 0], payload);
    expect(imageDimensions("image/webp", riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(640), ...le16(480)]))).toEqual({
      width: 640,
      height: 480,
    });
    // VP8L: 14 bits each of width-1 and height-1 after the 0x2f signature.
    const w = 99,
      h = 49;
    const bits = w | (h << 14);
    expect(
      imageDimensions("image/webp", riff("VP8L", [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >> 24) & 255])),
    ).toEqual({
      width: 100,
      height: 50,
    });
    expect(imageDimensions("image/webp", riff("VP8X", [0, 0, 0, 0, ...le24(1919), ...le24(1079)]))).toEqual({ width: 1920, height: 1080 });
  });

  it("walks JPEG segments (an APP1 block first) to the frame header", () => {
    const app1 = [0xff, 0xe1, ...be16(2 + 6), ...ascii("Exif"), 0, 0];
    const sof0 = [0xff, 0xc0, ...be16(17), 8, ...be16(600), ...be16(800), 3];
    expect(imageDimensions("image/jpeg", bytes([0xff, 0xd8], app1, sof0, new Array(12).fill(0)))).toEqual({ width: 800, height: 600 });
    // DHT (C4) is not a frame header.
    const dht = [0xff, 0xc4, ...be16(4), 0, 0];
    expect(imageDimensions("image/jpeg", bytes([0xff, 0xd8], dht, sof0, new Array(12).fill(0)))).toEqual({ width: 800, height: 600 });
  });

  it("gives nothing for a cut or zero-sized header", () => {
    expect(imageDimensions("image/png", bytes([0x89], "PNG"))).toBeUndefined();
    expect(imageDimensions("image/gif", bytes("GIF89a", le16(0), le16(5)))).toBeUndefined();
    expect(imageDimensions("application/pdf", bytes("%PDF-"))).toBeUndefined();
  });
});

describe("parseRange", () => {
  it.each([
    [undefined, { kind: "whole" }],
    ["bytes=0-9", { kind: "partial", offset: 0, length: 10 }],
    ["bytes=90-", { kind: "partial", offset: 90, length: 10 }],
    ["bytes=90-500", { kind: "partial", offset: 90, length: 10 }],
    ["bytes=-5", { kind: "partial", offset: 95, length: 5 }],
    ["bytes=-500", { kind: "partial", offset: 0, length: 100 }],
    ["bytes=100-", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=5-2", { kind: "whole" }],
    ["bytes=0-1,5-6", { kind: "whole" }],
    ["items=0-1", { kind: "whole" }],
  ])("%s of 100 bytes", (header, answer) => {
    expect(parseRange(header, 100)).toEqual(answer);
  });
});
