// The opaque keyset cursor of a search page: the position (sentAt, message id) of the last hit
// read, base64url-encoded. Pages go strictly older than it, so no hit comes twice.
import { ApiError } from "../errors";
import { fromBase64Url, toBase64Url } from "../lib/encoding";

/** Where a search page stops: results are ordered by sent time, then message id, both descending. */
export interface SearchPosition {
  sentAt: Date;
  id: string;
}

export function encodeCursor(p: SearchPosition): string {
  return toBase64Url(new TextEncoder().encode(`${p.sentAt.getTime()}:${p.id}`));
}

export function decodeCursor(cursor: string): SearchPosition {
  try {
    const match = /^(\d{1,15}):([\w-]{1,40})$/.exec(new TextDecoder().decode(fromBase64Url(cursor)));
    if (match) return { sentAt: new Date(Number(match[1])), id: match[2]! };
  } catch {
    // Not base64url: answered below like any other bad cursor.
  }
  throw new ApiError("VALIDATION_FAILED", "invalid request: cursor: not a cursor from a previous page", {
    issues: [{ path: "cursor", message: "not a cursor from a previous page" }],
  });
}

/** Newest first: a later sentAt, then a greater id, comes first (the order MySQL sorts in). */
export function newerFirst(a: SearchPosition, b: SearchPosition): number {
  return b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
