// The QChat client SDK: typed HTTP API (files included), a single chat connection (connectChat),
// the resilient client over it (createChatClient), and sendFile (upload, then send). Imports only
// protocol/, zod and hono/client (the HTTP client is hc<AppType>, see http-request.ts), so it runs
// in browsers, Node and workerd alike; Node 20's socket adapter and file reader live in
// cli/node-socket.ts and cli/node-file.ts.
export { connectChat } from "./chat";
export { createChatClient } from "./chat-client";
export type { GroupListEntry, GroupMessageReceipts, GroupSummary } from "./chat-client-groups";
export type {
  ChatClient,
  ChatClientEvent,
  ChatClientEventMap,
  ChatClientEventType,
  ChatClientOptions,
  ClientState,
  StopReason,
} from "./chat-client-types";
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
export type { ChatConnection, CloseInfo, ConnectChatOptions, ErrorFrame, GroupSentFrame, SendOptions, SentFrame } from "./chat-types";
export { DEFAULT_EVENT_BUFFER, type ChatEvent, type ChatEventMap, type ChatEventType, type DurableEvent } from "./chat-events";
export { CLIENT_ERROR, QChatError, errorFromReply, type ClientErrorCode, type QChatErrorInit } from "./errors";
export { createHttpClient, type HttpClient, type HttpClientOptions } from "./http";
export type { CreateGroupInput, UpdateGroupInput } from "./http-groups";
export type { DownloadedFile, DownloadOptions, FileContext, SignedUrl, UploadOptions } from "./http-files";
export { sendFile, type FileTarget, type SendFileOptions, type SentFile } from "./send-file";
export { countingStream, sourceSize, type SizedStream, type TransferProgress, type UploadSource } from "./upload-source";
export type { FileId, FileType, StoredFile } from "../protocol/files";
export { ALLOWED_FILE_TYPES, FILE_MAX_BYTES_DEFAULT, INLINE_IMAGE_TYPES } from "../protocol/files";
export type { AccountExport, DeleteAccountReply, UserLookupReply } from "../protocol/account";
export { ACCOUNT_DELETED_CLOSE_CODE, DELETED_USER_NAME } from "../protocol/account";
export type {
  Group,
  GroupChange,
  GroupHistoryEntry,
  GroupHistoryReply,
  GroupId,
  GroupListReply,
  GroupMember,
  GroupMessage,
  GroupReceiptsReply,
  GroupReply,
  GroupRole,
  GroupUnread,
  InviteReply,
} from "../protocol/groups";
export type { ConversationSummary, ConversationsReply, HistoryMessage, HistoryReply } from "../protocol/history";
export type { MessageSearchHit, MessageSearchReply } from "../protocol/search";
export type { FetchLike } from "./http-request";
export {
  chatProtocols,
  chatUrl,
  openPlatformSocket,
  openSocketViaFetch,
  type OpenSocket,
  type UpgradeFetch,
  type UpgradeResponse,
  type WebSocketLike,
} from "./socket";
