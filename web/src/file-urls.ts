// Signed URLs for `<img src>` and download links (an `<img>` cannot send a bearer token). Each
// lasts about five minutes: kept until shortly before it expires, asked for once however many
// rows want it at the same time, and forgotten when an image fails to load with it.
import type { FileContext } from "../../client";

/** Whose conversation the file is seen through: a peer's uid or a group id (`?in=`). */
export type { FileContext };

/** A URL is not handed out when less than this is left (a lazy image may load a bit later). */
const MARGIN_MS = 30_000;

export interface FileUrls {
  /** A signed URL for the file, from the cache when it still has time left. */
  get(fileId: string, context: FileContext): Promise<string>;
  /** The cached URL if it is still good now, without asking the server. */
  fresh(fileId: string): string | undefined;
  /** Drops the cached URL (it expired or was refused). */
  forget(fileId: string): void;
}

export function createFileUrls(
  sign: (fileId: string, context: FileContext) => Promise<{ url: string; expiresAt: string }>,
  now: () => number,
): FileUrls {
  const cache = new Map<string, { url: string; until: number }>();
  const asking = new Map<string, Promise<string>>();

  function fresh(fileId: string): string | undefined {
    const hit = cache.get(fileId);
    return hit && hit.until > now() ? hit.url : undefined;
  }

  return {
    fresh,
    get(fileId, context) {
      const hit = fresh(fileId);
      if (hit) return Promise.resolve(hit);
      let pending = asking.get(fileId);
      if (!pending) {
        pending = sign(fileId, context)
          .then(({ url, expiresAt }) => {
            cache.set(fileId, { url, until: Date.parse(expiresAt) - MARGIN_MS });
            return url;
          })
          .finally(() => asking.delete(fileId));
        asking.set(fileId, pending);
      }
      return pending;
    },
    forget: (fileId) => void cache.delete(fileId),
  };
}
