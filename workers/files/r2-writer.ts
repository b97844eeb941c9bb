// Writes an upload's chunks to R2 as they arrive. R2 needs each body's length up front: with a
// Content-Length the chunks flow through a FixedLengthStream into one put (nothing held); without
// one they go up as a multipart upload, holding at most one part (PART_BYTES) at a time.
import type { FileType } from "../../protocol/files";
import type { UploadSource } from "./upload-source";
import { createMeter, type MeterLimits, type Metered } from "./meter";

/** R2's smallest multipart part (all but the last must be this size or more, and equal). */
export const PART_BYTES = 5 * 1024 * 1024;

type Meter = ReturnType<typeof createMeter>;

async function putFixedLength(bucket: R2Bucket, key: string, source: UploadSource, meter: Meter, declared: number): Promise<void> {
  const fixed = new FixedLengthStream(declared);
  const stored = bucket.put(key, fixed.readable, { httpMetadata: { contentType: source.mime } });
  const writer = fixed.writable.getWriter();
  try {
    for await (const chunk of source.chunks) {
      await meter.add(chunk);
      await writer.write(chunk);
    }
    await meter.finish(); // checks the length before the put completes
    await writer.close();
    await stored;
  } catch (err) {
    await writer.abort(err).catch(() => {});
    await stored.catch(() => {});
    throw err;
  }
}

async function putInParts(bucket: R2Bucket, key: string, source: UploadSource, meter: Meter): Promise<void> {
  let multipart: R2MultipartUpload | undefined;
  const parts: R2UploadedPart[] = [];
  let part = new Uint8Array(PART_BYTES);
  let filled = 0;
  const flush = async () => {
    multipart ??= await bucket.createMultipartUpload(key, { httpMetadata: { contentType: source.mime } });
    parts.push(await multipart.uploadPart(parts.length + 1, part));
    part = new Uint8Array(PART_BYTES);
    filled = 0;
  };
  try {
    for await (const chunk of source.chunks) {
      await meter.add(chunk);
      for (let taken = 0; taken < chunk.length;) {
        const n = Math.min(PART_BYTES - filled, chunk.length - taken);
        part.set(chunk.subarray(taken, taken + n), filled);
        filled += n;
        taken += n;
        if (filled === PART_BYTES) await flush();
      }
    }
    if (!multipart) {
      await bucket.put(key, part.subarray(0, filled), { httpMetadata: { contentType: source.mime } });
      return;
    }
    if (filled > 0) parts.push(await multipart.uploadPart(parts.length + 1, part.subarray(0, filled)));
    await multipart.complete(parts);
  } catch (err) {
    await multipart?.abort().catch(() => {});
    throw err;
  }
}

/**
 * Streams the source into R2 under `key`, metering as it goes. On any failure (a limit passed, the
 * client gone) the partial object is deleted and the error rethrown.
 */
export async function writeToR2(
  bucket: R2Bucket,
  key: string,
  source: UploadSource,
  limits: MeterLimits,
  keepHead: boolean,
): Promise<Metered & { mime: FileType }> {
  const meter = createMeter(limits, keepHead);
  try {
    if (limits.declared !== undefined) await putFixedLength(bucket, key, source, meter, limits.declared);
    else await putInParts(bucket, key, source, meter);
    return { ...(await meter.finish()), mime: source.mime };
  } catch (err) {
    await meter.abort();
    await source.cancel();
    await bucket.delete(key).catch(() => {});
    throw err;
  }
}
