// What the user's Durable Object provides to the plain functions that do its work (frame
// handlers, owner-side logic, hello, presence), as one interface: they stay plain functions and
// the class stays a thin shell of handlers and RPC methods.
import type { EventBody, Presence } from "../../protocol/events";
import type { Counters } from "../../workers/lib/metrics";
import type { GroupRoomApi } from "../group-room/api";
import type { QueuedCall } from "./call-queue";
import type { EditVerdict, NewMessage, RecallVerdict, StoreVerdict } from "./conversation-log";
import type { CostMeter } from "./cost";

export interface ChatSettings {
  recallWindowMs: number;
  /** How long after sending a message its sender may edit it (EDIT_WINDOW_SECONDS, default 15 minutes). */
  editWindowMs: number;
  maxDevices: number;
  idleTimeoutMs: number;
  messageRatePerSecond: number;
  messageBurst: number;
}

export function readChatSettings(env: Env): ChatSettings {
  const num = (raw: string | undefined, fallback: number) => (Number.isFinite(Number(raw)) && Number(raw) > 0 ? Number(raw) : fallback);
  return {
    recallWindowMs: num(env.RECALL_WINDOW_SECONDS, 120) * 1000,
    editWindowMs: num(env.EDIT_WINDOW_SECONDS, 900) * 1000,
    maxDevices: num(env.MAX_DEVICES, 5),
    idleTimeoutMs: num(env.IDLE_TIMEOUT_SECONDS, 60) * 1000,
    messageRatePerSecond: num(env.MESSAGE_RATE_PER_SECOND, 20),
    messageBurst: num(env.MESSAGE_BURST, 40),
  };
}

/** What one user's object asks of another's (the RPC methods `UserSession` implements for its peers). */
export interface PeerObject extends Rpc.DurableObjectBranded {
  acceptMessage(input: NewMessage): Promise<StoreVerdict>;
  applyCalls(calls: QueuedCall[]): Promise<void>;
  recallAsOwner(messageId: string, by: number): Promise<RecallVerdict>;
  editAsOwner(messageId: string, by: number, body: string): Promise<EditVerdict>;
  presenceChanged(uid: number, presence: Presence): Promise<void>;
  /** A friend (or, with `groupId`, a member of that group) is typing: live only (typing.ts). */
  typingFrom(from: number, groupId?: string): Promise<void>;
  /**
   * Whether `caller` may download `fileId` by this object's log (the conversations it owns): a
   * message not recalled that carries the file, sent or received by the caller. The download
   * route asks this while MySQL may not have the message yet (write-behind).
   */
  fileAccess(caller: number, fileId: string): Promise<boolean>;
}

export interface ObjectServices {
  uid: number;
  ctx: DurableObjectState;
  /** This object's SQLite, counting what it writes (cost.ts). */
  sql: SqlStorage;
  env: Env;
  settings: ChatSettings;
  /** This object's operating counters (workers/lib/metrics.ts), flushed to Redis by its alarm. */
  metrics: Counters;
  /** What this object spends (`cost.*`), shown with the metrics. */
  cost: CostMeter;
  /** Another user's object, for one call (each stub taken is counted as one RPC). */
  userStub(uid: number): DurableObjectStub<PeerObject>;
  /** A group's object, for one call (counted as one RPC). */
  groupStub(groupId: string): DurableObjectStub<GroupRoomApi>;
  /** One storage transaction, counted. */
  transaction<T>(change: () => T): T;
  /**
   * A durable event for `target`: appended to this user's stream when target is this user (and
   * pushed to live devices after the transaction), otherwise queued in the call queue.
   */
  emit(target: number, key: string, body: EventBody): void;
  /** Runs `change` in one storage transaction, then pushes and delivers what it emitted (commit.ts). */
  commit<T>(change: () => T): Promise<T>;
  /** Holds an ack that triggers nothing in memory until the next transaction writes it (commit.ts). */
  deferAck(deviceId: string, upTo: number): Promise<void>;
  /** A device's ack held by deferAck, -1 if none. */
  deferredAck(deviceId: string): number;
}
