// The QChat client SDK: typed HTTP API and chat connection. Imports only protocol/ and zod, so it
// runs in browsers, Node and workerd alike.
export { connectChat } from "./chat";
export type { ChatConnection, CloseInfo, ConnectChatOptions, ErrorFrame, SentFrame } from "./chat-types";
export { DEFAULT_EVENT_BUFFER, type ChatEvent, type ChatEventMap, type ChatEventType, type DurableEvent } from "./chat-events";
export { CLIENT_ERROR, QChatError, errorFromReply, type ClientErrorCode, type QChatErrorInit } from "./errors";
export { createHttpClient, type HttpClient, type HttpClientOptions } from "./http";
export type { ConversationSummary, ConversationsReply, HistoryMessage, HistoryReply } from "../protocol/history";
export type { FetchLike } from "./http-request";
export { chatProtocols, chatUrl, openPlatformSocket, openSocketViaFetch, type OpenSocket, type UpgradeFetch, type UpgradeResponse, type WebSocketLike } from "./socket";
