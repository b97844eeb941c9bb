// Pixel size from an image's header (PNG, GIF, JPEG, WebP), read from the bytes kept while
// streaming; undefined when the header is not within them or makes no sense.
import type { FileType } from "../../protocol/files";

/** Bytes kept for this: a JPEG's size sits after its EXIF block, which is usually under 64 KB. */
export const DIMENSION_BYTES = 128 * 1024;

export interface Dimensions {
  width: number;
  height: number;
}

const be16 = (d: Uint8Array, i: number) => (d[i]! << 8) | d[i + 1]!;
const le16 = (d: Uint8Array, i: number) => d[i]! | (d[i + 1]! << 8);
const le24 = (d: Uint8Array, i: number) => d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16);
const be32 = (d: Uint8Array, i: number) => ((d[i]! << 24) >>> 0) + (d[i + 1]! << 16) + (d[i + 2]! << 8) + d[i + 3]!;
const tag = (d: Uint8Array, i: number) => String.fromCharCode(...d.subarray(i, i + 4));

function png(d: Uint8Array): Dimensions | undefined {
  if (d.length < 24 || tag(d, 12) !== "IHDR") return undefined;
  return { width: be32(d, 16), height: be32(d, 20) };
}

function gif(d: Uint8Array): Dimensions | undefined {
  return d.length < 10 ? undefined : { width: le16(d, 6), height: le16(d, 8) };
}

function webp(d: Uint8Array): Dimensions | undefined {
  if (d.length < 25) return undefined;
  switch (tag(d, 12)) {
    case "VP8 ":
      return d.length < 30 ? undefined : { width: le16(d, 26) & 0x3fff, height: le16(d, 28) & 0x3fff };
    case "VP8L":
      return {
        width: 1 + (((d[22]! & 0x3f) << 8) | d[21]!),
        height: 1 + (((d[24]! & 0x0f) << 10) | (d[23]! << 2) | ((d[22]! & 0xc0) >> 6)),
      };
    case "VP8X":
      return d.length < 30 ? undefined : { width: 1 + le24(d, 24), height: 1 + le24(d, 27) };
    default:
      return undefined;
  }
}

/** Walks the JPEG segments to the first start-of-frame marker (SOF0..SOF15 but DHT, JPG, DAC). */
function jpeg(d: Uint8Array): Dimensions | undefined {
  let i = 2;
  while (i + 9 < d.length) {
    if (d[i] !== 0xff) return undefined;
    const marker = d[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: be16(d, i + 5), width: be16(d, i + 7) };
    }
    const standalone = marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
    i += standalone ? 2 : 2 + be16(d, i + 2);
  }
  return undefined;
}

export function imageDimensions(mime: FileType, head: Uint8Array): Dimensions | undefined {
  const read = { "image/png": png, "image/gif": gif, "image/webp": webp, "image/jpeg": jpeg }[mime as string];
  const size = read?.(head);
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}
