// WebSocket frames: one discriminated union per direction, validated at runtime, shared by the
// Durable Object, the client SDK, the tests and the benchmark.
import { z } from "zod";
import { fileIdSchema } from "./files";
import { groupIdSchema, groupUnreadSchema } from "./groups";
import { eventSchema, friendSchema, friendRequestSchema, presenceSchema, settablePresenceSchema } from "./events";

export const PROTOCOL_VERSION = 1;

/** Subprotocol the server selects when the client offers it. */
export const PROTOCOL_NAME = "qchat.v1";

/**
 * Heartbeat pair answered by the runtime without waking a hibernated Durable Object
 * (setWebSocketAutoResponse matches the request string exactly, so clients must send it verbatim).
 */
export const HEARTBEAT_REQUEST = '{"type":"ping"}';
export const HEARTBEAT_RESPONSE = '{"type":"pong"}';

/** `?device=` of GET /v1/ws: names this device, so a reconnect resumes its queue. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Largest frame either side may send; larger ones close the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_MESSAGE_CHARS = 4000;

/** Request id chosen by the client, echoed by the reply. */
const requestId = z.string().min(1).max(64).optional();
const uid = z.number().int().min(100_000_000).max(999_999_999);

const hasContent = (f: { body: string; fileId?: string }) => f.body.length > 0 || f.fileId !== undefined;

// ---- client -> server ------------------------------------------------------------------------

export const sendFrame = z
  .object({
    type: z.literal("send"),
    id: requestId,
    /** Recipient user id (must be a friend). */
    to: uid,
    /** The client's idempotency key: a retry with the same key gets the same ack, no duplicate. */
    clientMsgId: z.string().min(1).max(64),
    /** May be empty when the message carries a file. */
    body: z.string().max(MAX_MESSAGE_CHARS),
    /** A file the sender uploaded (POST /v1/files): the message carries it as its attachment. */
    fileId: fileIdSchema.optional(),
  })
  .refine(hasContent, { message: "a message needs a body or a fileId", path: ["body"] });

/** Cumulative: this device has every event up to and including `upTo`. */
export const ackFrame = z.object({ type: z.literal("ack"), upTo: z.number().int().nonnegative() });

/** Marks a conversation read up to a sequence number; the peer gets a `read` receipt. */
export const readFrame = z.object({ type: z.literal("read"), id: requestId, peerId: uid, upToSeq: z.number().int().positive() });

export const recallFrame = z.object({ type: z.literal("recall"), id: requestId, messageId: z.string().min(1).max(40) });

export const presenceFrame = z.object({ type: z.literal("presence"), id: requestId, status: settablePresenceSchema });

/**
 * A message to a group this user is in. `@<uid>` of a member in the body mentions them; `@all`
 * mentions everyone when an admin or the owner sends it. Same idempotency as `send`.
 */
export const groupSendFrame = z
  .object({
    type: z.literal("group_send"),
    id: requestId,
    groupId: groupIdSchema,
    clientMsgId: z.string().min(1).max(64),
    /** May be empty when the message carries a file. */
    body: z.string().max(MAX_MESSAGE_CHARS),
    fileId: fileIdSchema.optional(),
  })
  .refine(hasContent, { message: "a message needs a body or a fileId", path: ["body"] });

/** Marks a group read up to a seq: clears unread and mention counts on every device; senders see "read by N". */
export const groupReadFrame = z.object({
  type: z.literal("group_read"),
  id: requestId,
  groupId: groupIdSchema,
  upToSeq: z.number().int().positive(),
});

/** Recall in a group: the sender within the recall window, an admin or the owner at any time. */
export const groupRecallFrame = z.object({
  type: z.literal("group_recall"),
  id: requestId,
  groupId: groupIdSchema,
  messageId: z.string().min(1).max(40),
});

/** How often one user's typing reaches one conversation at most; more frequent frames are dropped silently. */
export const TYPING_COALESCE_MS = 3_000;
/** How long a client shows "… is typing" after a `typing` notice unless another one renews it. */
export const TYPING_EXPIRES_MS = 5_000;

/**
 * "I am typing" to a friend (`to`) or a group (`groupId`), exactly one of them: live only, never
 * stored or queued, at most one per conversation per TYPING_COALESCE_MS (extras are dropped
 * without an error). Answered `ok` only when it carries an `id`.
 */
export const typingFrame = z
  .object({ type: z.literal("typing"), id: requestId, to: uid.optional(), groupId: groupIdSchema.optional() })
  .refine((f) => (f.to === undefined) !== (f.groupId === undefined), { message: "give exactly one of to or groupId", path: ["to"] })
  .meta({ examples: [{ type: "typing", id: "r1", to: 100_000_001 }] });

/**
 * Replaces the text of a message this user sent, within the edit window (15 minutes by default);
 * with `groupId`, a message in that group.
 */
export const editFrame = z.object({
  type: z.literal("edit"),
  id: requestId,
  groupId: groupIdSchema.optional(),
  messageId: z.string().min(1).max(40),
  body: z.string().min(1).max(MAX_MESSAGE_CHARS),
});

/**
 * "Delete for me": hides one message (`messageId`) or, without it, the whole conversation up to
 * its newest message, with a friend (`peerId`) or in a group (`groupId`), exactly one of them, on
 * all of this user's devices and only for them.
 */
export const hideFrame = z
  .object({
    type: z.literal("hide"),
    id: requestId,
    peerId: uid.optional(),
    groupId: groupIdSchema.optional(),
    messageId: z.string().min(1).max(40).optional(),
  })
  .refine((f) => (f.peerId === undefined) !== (f.groupId === undefined), {
    message: "give exactly one of peerId or groupId",
    path: ["peerId"],
  })
  .meta({ examples: [{ type: "hide", id: "r1", peerId: 100_000_001, messageId: "6838735b-0000-4000-8000-000000000000" }] });

export const clientFrame = z.discriminatedUnion("type", [
  sendFrame,
  ackFrame,
  readFrame,
  recallFrame,
  presenceFrame,
  groupSendFrame,
  groupReadFrame,
  groupRecallFrame,
  typingFrame,
  hideFrame,
  editFrame,
]);
export type ClientFrame = z.infer<typeof clientFrame>;

// ---- server -> client ------------------------------------------------------------------------

export const helloFrame = z.object({
  type: z.literal("hello"),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  uid,
  /** This connection's device id (from `?device=`, else generated). */
  deviceId: z.string(),
  serverTime: z.string(),
  profile: z.object({ id: uid, username: z.string(), nickname: z.string(), avatarUrl: z.string().nullable() }),
  presence: settablePresenceSchema,
  friends: z.array(friendSchema),
  requests: z.object({ incoming: z.array(friendRequestSchema), outgoing: z.array(friendRequestSchema) }),
  /** Unread messages per conversation. */
  unread: z.array(z.object({ peerId: uid, count: z.number().int(), lastSeq: z.number().int() })),
  /** Every group this user is in, with its unread and mention counts. */
  groups: z.array(groupUnreadSchema),
  /** How long after sending a text message its sender may edit it (the server's EDIT_WINDOW_SECONDS). */
  editWindowSeconds: z.number().int().nonnegative(),
  /**
   * How many queued events follow in `events` frames: up to 500 before the device acks, the
   * rest as it acks; live events follow once they are all sent.
   */
  pending: z.number().int(),
  /**
   * Present when this device fell so far behind that the queue cap dropped events it never
   * acked (`fromEseq`..`toEseq`): page history for what it missed; hello's friends, requests and
   * unread are current.
   */
  resync: z.object({ reason: z.literal("queue_limit"), fromEseq: z.number().int(), toEseq: z.number().int() }).optional(),
});

/** Durable events, in order; acknowledge with `ack {upTo: last eseq}`. */
export const eventsFrame = z.object({ type: z.literal("events"), events: z.array(eventSchema) });

/** The ack of a `send`: the message is stored durably. */
export const sentFrame = z.object({
  type: z.literal("sent"),
  id: requestId,
  clientMsgId: z.string(),
  messageId: z.string(),
  seq: z.number().int().positive(),
  to: uid,
  sentAt: z.string(),
});

/** The ack of a `group_send`: the group object stored the message durably. */
export const groupSentFrame = z.object({
  type: z.literal("group_sent"),
  id: requestId,
  clientMsgId: z.string(),
  messageId: z.string(),
  groupId: groupIdSchema,
  seq: z.number().int().positive(),
  sentAt: z.string(),
});

/** Success reply to `read`, `recall`, `presence`, `group_read`, `group_recall`, `edit`, `hide`, and `typing` with an `id`. */
export const okFrame = z.object({ type: z.literal("ok"), id: requestId });

/** A friend's presence changed (live only, never queued). */
export const presenceChangedFrame = z.object({ type: z.literal("presence_changed"), uid, presence: presenceSchema });

/**
 * A friend (`to` is this user) or a group member (`groupId`) is typing: live only, never queued.
 * Show it for `expiresInMs` unless another notice renews it.
 */
export const typingNoticeFrame = z.object({
  type: z.literal("typing"),
  from: uid,
  to: uid.optional(),
  groupId: groupIdSchema.optional(),
  expiresInMs: z.number().int().positive(),
});

export const errorFrame = z.object({
  type: z.literal("error"),
  /** Echo of the request frame's `id`, when it had one. */
  id: z.string().optional(),
  code: z.string(),
  message: z.string(),
  retryAfter: z.number().optional(),
});

/**
 * Sent just before the server closes the socket (4000-4003), with the same code and reason.
 * Clients treat the connection as closed on this frame: the runtime may end the TCP connection
 * of a hibernated socket only ~10 s after the close frame (docs/protocol.md, close codes).
 */
export const closingFrame = z.object({ type: z.literal("closing"), code: z.number().int(), reason: z.string() });

export const serverFrame = z.discriminatedUnion("type", [
  helloFrame,
  eventsFrame,
  sentFrame,
  groupSentFrame,
  okFrame,
  presenceChangedFrame,
  typingNoticeFrame,
  errorFrame,
  closingFrame,
]);
export type ServerFrame = z.infer<typeof serverFrame>;
export type HelloFrame = z.infer<typeof helloFrame>;

/** Close codes with a meaning clients must act on. */
export const CLOSE = {
  NORMAL: 1000,
  TOO_LARGE: 1009,
  /** No frame or heartbeat for too long. Reconnect. */
  IDLE: 4000,
  /** The token was revoked or expired: do not reconnect with it. */
  AUTH_ENDED: 4001,
  /** The same device id connected again elsewhere: do not reconnect automatically. */
  DEVICE_REPLACED: 4002,
  /** Too many devices: the oldest was closed. Do not reconnect automatically. */
  DEVICE_LIMIT: 4003,
  /** The account was deleted (POST /v1/me/delete): it and its tokens are gone. */
  ACCOUNT_DELETED: 4010,
} as const;

/** Closes after which a client must not reconnect without user action. */
export const TERMINAL_CLOSE_CODES: readonly number[] = [CLOSE.AUTH_ENDED, CLOSE.DEVICE_REPLACED, CLOSE.DEVICE_LIMIT, CLOSE.ACCOUNT_DELETED];
