// Upload limits from the environment (FILE_MAX_BYTES, FILE_DAILY_QUOTA_BYTES), with the
// contract's defaults when a variable is empty or missing.
import { FILE_DAILY_QUOTA_BYTES_DEFAULT, FILE_MAX_BYTES_DEFAULT } from "../../protocol/files";

export interface FileLimits {
  maxBytes: number;
  dailyQuotaBytes: number;
}

function bytesSetting(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`config: ${name} must be a positive integer (bytes), got "${raw}"`);
  return n;
}

export function fileLimits(env: Partial<Pick<Env, "FILE_MAX_BYTES" | "FILE_DAILY_QUOTA_BYTES">>): FileLimits {
  return {
    maxBytes: bytesSetting("FILE_MAX_BYTES", env.FILE_MAX_BYTES, FILE_MAX_BYTES_DEFAULT),
    dailyQuotaBytes: bytesSetting("FILE_DAILY_QUOTA_BYTES", env.FILE_DAILY_QUOTA_BYTES, FILE_DAILY_QUOTA_BYTES_DEFAULT),
  };
}
