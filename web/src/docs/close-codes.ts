// The socket's close codes, what they mean and what a client should do. Typed against
// protocol/frames.ts's CLOSE (types only, so the page does not bundle zod): a code added there
// and not here is a compile error.
import type { CLOSE } from "../../../protocol/frames";

type CloseName = keyof typeof CLOSE;
type CloseCode = (typeof CLOSE)[CloseName];

export interface CloseCodeDoc {
  name: CloseName;
  meaning: string;
  clientShould: string;
}

export const CLOSE_CODES: Record<CloseCode, CloseCodeDoc> = {
  1000: { name: "NORMAL", meaning: "normal close", clientShould: "nothing" },
  1009: { name: "TOO_LARGE", meaning: "a frame over 64 KiB in UTF-8 bytes", clientShould: "fix the sender; reconnect" },
  4000: { name: "IDLE", meaning: "no frame and no heartbeat for 60 s", clientShould: "reconnect (send a ping every ~25 s)" },
  4001: {
    name: "AUTH_ENDED",
    meaning: "authentication ended (token revoked or expired)",
    clientShould: "log in again; do not retry with this token",
  },
  4002: {
    name: "DEVICE_REPLACED",
    meaning: "the same device id connected again elsewhere",
    clientShould: "stop; do not reconnect automatically",
  },
  4003: {
    name: "DEVICE_LIMIT",
    meaning: "device limit reached: this was the oldest device",
    clientShould: "stop; do not reconnect automatically",
  },
  4010: {
    name: "ACCOUNT_DELETED",
    meaning: "the account was deleted (POST /v1/me/delete)",
    clientShould: "stop; sign out, every token of the account is refused",
  },
};

/** `4001 AUTH_ENDED: authentication ended ...`, or just the code for one we do not know. */
export function describeClose(code: number): string {
  const doc = (CLOSE_CODES as Record<number, CloseCodeDoc | undefined>)[code];
  return doc ? `${code} ${doc.name}: ${doc.meaning}` : String(code);
}
