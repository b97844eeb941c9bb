// Renders the WebSocket protocol (protocol/frames.ts, protocol/events.ts) as one JSON Schema
// (draft 2020-12) document, so clients in other languages can validate frames.
import type { ZodType } from "zod";
import {
  eventBodySchema,
  eventSchema,
  chatMessageSchema,
  friendRequestSchema,
  friendSchema,
  publicUserSchema,
} from "../../protocol/events";
import { fileSchema } from "../../protocol/files";
import * as frames from "../../protocol/frames";
import { groupChangeSchema, groupMessageSchema, groupSchema, groupUnreadSchema } from "../../protocol/groups";
import { namedDefinitions, type JsonSchema } from "./json-schema";

const DEFS = "#/$defs/";

/** Every frame by name, the two unions, the events and the objects they carry. */
const NAMED: [string, ZodType][] = [
  ["ClientFrame", frames.clientFrame],
  ["ServerFrame", frames.serverFrame],
  ["SendFrame", frames.sendFrame],
  ["AckFrame", frames.ackFrame],
  ["ReadFrame", frames.readFrame],
  ["RecallFrame", frames.recallFrame],
  ["PresenceFrame", frames.presenceFrame],
  ["GroupSendFrame", frames.groupSendFrame],
  ["GroupReadFrame", frames.groupReadFrame],
  ["GroupRecallFrame", frames.groupRecallFrame],
  ["TypingFrame", frames.typingFrame],
  ["HideFrame", frames.hideFrame],
  ["EditFrame", frames.editFrame],
  ["HelloFrame", frames.helloFrame],
  ["EventsFrame", frames.eventsFrame],
  ["SentFrame", frames.sentFrame],
  ["GroupSentFrame", frames.groupSentFrame],
  ["OkFrame", frames.okFrame],
  ["PresenceChangedFrame", frames.presenceChangedFrame],
  ["TypingNoticeFrame", frames.typingNoticeFrame],
  ["ErrorFrame", frames.errorFrame],
  ["ClosingFrame", frames.closingFrame],
  ["Event", eventSchema],
  ["EventBody", eventBodySchema],
  ["ChatMessage", chatMessageSchema],
  ["GroupMessage", groupMessageSchema],
  ["GroupChange", groupChangeSchema],
  ["Group", groupSchema],
  ["GroupUnread", groupUnreadSchema],
  ["PublicUser", publicUserSchema],
  ["Friend", friendSchema],
  ["FriendRequest", friendRequestSchema],
  ["StoredFile", fileSchema],
];

/** The frames document: any frame validates against the root (a client or a server frame). */
export function buildProtocolSchema(): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "QChat WebSocket protocol",
    description:
      "Generated from the code (protocol/frames.ts, protocol/events.ts). Every frame is one JSON text message; `ClientFrame` is what clients send, `ServerFrame` what the server sends. docs/protocol.md is the guide.",
    "x-protocol-version": frames.PROTOCOL_VERSION,
    "x-subprotocol": frames.PROTOCOL_NAME,
    "x-heartbeat": { request: frames.HEARTBEAT_REQUEST, response: frames.HEARTBEAT_RESPONSE },
    "x-max-frame-bytes": frames.MAX_FRAME_BYTES,
    "x-close-codes": frames.CLOSE,
    anyOf: [{ $ref: `${DEFS}ClientFrame` }, { $ref: `${DEFS}ServerFrame` }],
    $defs: namedDefinitions(NAMED, DEFS),
  };
}
