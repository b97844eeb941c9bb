// The group object's verdicts as HTTP: a refusal becomes the ApiError of its code.
import type { GroupErrorCode } from "../../durable-objects/group-room/api";
import { ERROR_STATUS, type ErrorCode } from "../../protocol/errors";
import { ApiError } from "../errors";

type Refusal = { ok: false; code: GroupErrorCode; message: string };

/** The verdict's payload, or its refusal thrown as an ApiError. */
export function unwrap<V extends { ok: true } | Refusal>(verdict: V): Extract<V, { ok: true }> {
  if (verdict.ok) return verdict as Extract<V, { ok: true }>;
  const { code, message } = verdict as Refusal;
  // Codes of the frame path (CLIENT_MSG_ID_REUSED, ...) never come from an HTTP route's call.
  throw new ApiError(code in ERROR_STATUS ? (code as ErrorCode) : "VALIDATION_FAILED", message);
}
