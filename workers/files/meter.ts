// What streaming learns about the bytes on their way to R2: the count (refusing past a limit),
// the SHA-256 (a DigestStream, so nothing is kept for it) and the first bytes of an image.
import { ApiError } from "../errors";
import { DIMENSION_BYTES } from "./dimensions";
import { quotaExceeded } from "./quota";

export interface MeterLimits {
  maxBytes: number;
  /** Bytes left of the uploader's daily quota, and the quota (for the message). */
  quotaLeft: number;
  quotaBytes: number;
  /** Content-Length when declared: more bytes than that is a broken request. */
  declared?: number;
}

export interface Metered {
  size: number;
  sha256: string;
  /** The first DIMENSION_BYTES (or fewer) when kept. */
  head: Uint8Array;
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

export function createMeter(limits: MeterLimits, keepHead: boolean) {
  const digest = new crypto.DigestStream("SHA-256");
  const hasher = digest.getWriter();
  // An aborted upload rejects the digest, which nobody awaits then.
  digest.digest.catch(() => {});
  const head = new Uint8Array(keepHead ? DIMENSION_BYTES : 0);
  let size = 0;
  let finished: Promise<Metered> | undefined;
  const finish = async (): Promise<Metered> => {
    if (limits.declared !== undefined && size !== limits.declared) {
      throw new ApiError("VALIDATION_FAILED", "the body is shorter than its Content-Length");
    }
    await hasher.close();
    return { size, sha256: toHex(await digest.digest), head: head.subarray(0, Math.min(size, head.length)) };
  };
  return {
    /** Counts and hashes one chunk; throws 413/429/400 once the bytes pass a limit. */
    async add(chunk: Uint8Array): Promise<void> {
      const before = size;
      size += chunk.length;
      if (size > limits.maxBytes) throw new ApiError("PAYLOAD_TOO_LARGE", `file over ${limits.maxBytes} bytes`);
      if (size > limits.quotaLeft) throw quotaExceeded(limits.quotaBytes, Date.now());
      if (limits.declared !== undefined && size > limits.declared) {
        throw new ApiError("VALIDATION_FAILED", "the body is longer than its Content-Length");
      }
      if (before < head.length) head.set(chunk.subarray(0, head.length - before), before);
      await hasher.write(chunk);
    },
    /** Checks the length and closes the hash; called once or more, it finishes once. */
    finish: (): Promise<Metered> => (finished ??= finish()),
    abort: () => hasher.abort().catch(() => {}),
  };
}
