// What the frame handlers and owner-side logic need from the Durable Object, as one interface,
// so they stay plain functions and the class stays a thin shell.
import type { EventBody } from "../../protocol/events";
import type { Counters } from "../../workers/lib/metrics";
import type { UserSession } from "../user-session";

export interface ChatSettings {
  recallWindowMs: number;
  maxDevices: number;
  idleTimeoutMs: number;
  messageRatePerSecond: number;
  messageBurst: number;
}

export function readChatSettings(env: Env): ChatSettings {
  const num = (raw: string | undefined, fallback: number) => (Number.isFinite(Number(raw)) && Number(raw) > 0 ? Number(raw) : fallback);
  return {
    recallWindowMs: num(env.RECALL_WINDOW_SECONDS, 120) * 1000,
    maxDevices: num(env.MAX_DEVICES, 5),
    idleTimeoutMs: num(env.IDLE_TIMEOUT_SECONDS, 60) * 1000,
    messageRatePerSecond: num(env.MESSAGE_RATE_PER_SECOND, 20),
    messageBurst: num(env.MESSAGE_BURST, 40),
  };
}

export interface SessionContext {
  uid: number;
  ctx: DurableObjectState;
  sql: SqlStorage;
  env: Env;
  settings: ChatSettings;
  /** This object's operating counters (workers/lib/metrics.ts), flushed to Redis by its alarm. */
  metrics: Counters;
  userStub(uid: number): DurableObjectStub<UserSession>;
  /**
   * A durable event for `target`: appended to this user's stream when target is this user (and
   * pushed to live devices after the transaction), otherwise queued in the outbox.
   */
  emit(target: number, key: string, body: EventBody): void;
  /** Runs `change` in one storage transaction, then pushes and delivers what it emitted. */
  commit<T>(change: () => T): Promise<T>;
}
