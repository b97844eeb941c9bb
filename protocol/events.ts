// Durable user events: what lands in a user's event stream (live or queued) and what the
// friends module and other Durable Objects hand to a user's Durable Object.
import { z } from "zod";
import { fileSchema } from "./files";
import { groupEventBodies } from "./groups";

const uid = z.number().int().min(100_000_000).max(999_999_999);

/** What a user may set; `invisible` shows as offline to friends. */
export const settablePresenceSchema = z.enum(["online", "busy", "invisible"]);
/** What friends see. */
export const presenceSchema = z.enum(["online", "busy", "offline"]);
export type Presence = z.infer<typeof presenceSchema>;
export type SettablePresence = z.infer<typeof settablePresenceSchema>;

/** Public fields of another user: never their email. */
export const publicUserSchema = z.object({
  id: uid,
  username: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const friendSchema = publicUserSchema.extend({
  /** What this user calls the friend; empty means "use the nickname". */
  alias: z.string(),
  presence: presenceSchema,
});
export type Friend = z.infer<typeof friendSchema>;

export const friendRequestSchema = z.object({
  id: z.number().int(),
  from: publicUserSchema,
  to: publicUserSchema,
  message: z.string(),
  status: z.enum(["pending", "accepted", "rejected", "cancelled"]),
  createdAt: z.string(),
});
export type FriendRequest = z.infer<typeof friendRequestSchema>;

export const chatMessageSchema = z.object({
  messageId: z.string(),
  /** `<smaller uid>:<larger uid>`. */
  conversation: z.string(),
  seq: z.number().int().positive(),
  from: uid,
  to: uid,
  clientMsgId: z.string(),
  body: z.string(),
  /** The attached file's metadata; download it with GET /v1/files/:id. */
  file: fileSchema.optional(),
  sentAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Event bodies, without the stream position. */
export const eventBodySchema = z.discriminatedUnion("type", [
  /** A message to or from this user (sent from another device of theirs, too). */
  z.object({ type: z.literal("message"), message: chatMessageSchema }),
  /** The peer's first device received messages up to `upToSeq` (delivered) or read them (read). */
  z.object({
    type: z.literal("receipt"),
    kind: z.enum(["delivered", "read"]),
    conversation: z.string(),
    peerId: uid,
    upToSeq: z.number().int(),
    at: z.string(),
  }),
  z.object({ type: z.literal("recall"), messageId: z.string(), conversation: z.string(), seq: z.number().int(), by: uid, at: z.string() }),
  z.object({ type: z.literal("friend_request"), request: friendRequestSchema }),
  z.object({ type: z.literal("friend_request_rejected"), request: friendRequestSchema }),
  z.object({ type: z.literal("friend_added"), friend: friendSchema }),
  /** No longer friends; `accountDeleted`: because the friend deleted their account (show DELETED_USER_NAME). */
  z.object({ type: z.literal("friend_removed"), friendId: uid, accountDeleted: z.literal(true).optional() }),
  /** The sender edited a message of this conversation: show `body` from now on, marked edited. */
  z.object({
    type: z.literal("edit"),
    messageId: z.string(),
    conversation: z.string(),
    seq: z.number().int(),
    body: z.string(),
    editedAt: z.string(),
  }),
  /** This user hid a message (`messageId`) or a conversation up to `upToSeq`, on every device ("delete for me"). */
  z.object({
    type: z.literal("hidden"),
    peerId: uid.optional(),
    groupId: z.string().optional(),
    messageId: z.string().optional(),
    upToSeq: z.number().int().nonnegative().optional(),
    at: z.string(),
  }),
  ...groupEventBodies,
]);
export type EventBody = z.infer<typeof eventBodySchema>;

/** An event in a user's stream: `eseq` orders it and is what devices acknowledge. */
export const eventSchema = z.intersection(z.object({ eseq: z.number().int().positive() }), eventBodySchema);
export type UserEvent = z.infer<typeof eventSchema>;
