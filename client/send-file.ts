// sendFile: upload, then send a message carrying the file, 1:1 or to a group. The two steps
// of every attachment in one call; the message goes through the client's outbox, so a dropped
// socket after the upload does not lose it (same clientMsgId and fileId on every re-send).
import type { StoredFile } from "../protocol/files";
import type { ChatClient } from "./chat-client-types";
import type { GroupSentFrame, SentFrame } from "./chat-types";
import type { HttpClient } from "./http";
import type { UploadOptions } from "./http-files";
import type { UploadSource } from "./upload-source";

/** A friend's uid, or a group. */
export type FileTarget = number | { groupId: string };

export interface SendFileOptions extends UploadOptions {
  /** Text sent with the file (default: none). */
  caption?: string;
  clientMsgId?: string;
}

export interface SentFile {
  file: StoredFile;
  /** `sent` for a friend, `group_sent` for a group. */
  ack: SentFrame | GroupSentFrame;
}

export async function sendFile(
  http: Pick<HttpClient, "uploadFile">,
  chat: Pick<ChatClient, "send" | "sendToGroup">,
  to: FileTarget,
  source: UploadSource,
  opts: SendFileOptions = {},
): Promise<SentFile> {
  const { caption = "", clientMsgId = crypto.randomUUID(), ...upload } = opts;
  const file = await http.uploadFile(source, upload);
  const send = { clientMsgId, fileId: file.id };
  const ack = typeof to === "number" ? await chat.send(to, caption, send) : await chat.sendToGroup(to.groupId, caption, send);
  return { file, ack };
}
