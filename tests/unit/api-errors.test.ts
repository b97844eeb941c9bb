// How failures thrown past a route reach the caller: the Durable Object runtime's overload and
// transient errors are retryable 503s with a delay, our own objects' exceptions stay masked 500s.
import { describe, expect, it } from "vitest";
import { toApiError } from "../../workers/errors";

const objectError = (props: Record<string, boolean>) => Object.assign(new Error("Durable Object failed"), props);

describe("errors from Durable Objects", () => {
  it("answers an overloaded object with 503 OBJECT_UNAVAILABLE and a 5 s delay", () => {
    const e = toApiError(objectError({ overloaded: true, retryable: false }));
    expect([e.status, e.code, e.retryAfter]).toEqual([503, "OBJECT_UNAVAILABLE", 5]);
  });

  it("answers a transient runtime failure (retryable, not from our code) with 503 OBJECT_UNAVAILABLE", () => {
    const e = toApiError(objectError({ retryable: true }));
    expect([e.status, e.code, e.retryAfter]).toEqual([503, "OBJECT_UNAVAILABLE", 1]);
  });

  it("answers SQLite running out of memory in an object with 503 OBJECT_UNAVAILABLE", () => {
    const e = toApiError(Object.assign(new Error("out of memory: SQLITE_NOMEM"), { remote: true }));
    expect([e.status, e.code, e.retryAfter]).toEqual([503, "OBJECT_UNAVAILABLE", 5]);
  });

  it("keeps an exception thrown by our own object code a masked 500", () => {
    for (const err of [objectError({ retryable: true, remote: true }), objectError({ remote: true }), new Error("bug")]) {
      const e = toApiError(err);
      expect([e.status, e.code, e.message]).toEqual([500, "INTERNAL", "internal error"]);
    }
  });
});
