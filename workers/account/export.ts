// GET /v1/me/export: the caller's data as one JSON document (accountExportSchema), built from
// MySQL, the queryable copy written shortly behind the Durable Objects (a message sent a moment
// ago may be missing). The small lists are read before the reply starts (so a database failure is
// a proper 503); the messages then stream a page at a time, so a big account is never held whole.
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { conversationPage, conversationPeers, EXPORT_PAGE, groupMessagePage, loadExportHead, type ExportHead } from "./export-rows";

const encoder = new TextEncoder();

export async function exportAccount(deps: Deps, uid: number): Promise<ReadableStream<Uint8Array>> {
  const head = await loadExportHead(deps.db, uid);
  if (!head) throw new ApiError("NOT_FOUND", "this account no longer exists");
  const chunks = exportChunks(deps, uid, head);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** The document as text pieces: the head's fields, then each conversation and group, page by page. */
async function* exportChunks(deps: Deps, uid: number, head: ExportHead): AsyncGenerator<string> {
  yield `${JSON.stringify(head).slice(0, -1)},"conversations":[`;
  const peers = await conversationPeers(deps.db, uid);
  for (const [i, peerId] of peers.entries()) {
    yield `${i > 0 ? "," : ""}{"peerId":${peerId},"messages":[`;
    let afterSeq = 0;
    for (let first = true; ; first = false) {
      const page = await conversationPage(deps.db, uid, peerId, afterSeq);
      if (page.length > 0) yield `${first ? "" : ","}${page.map((m) => JSON.stringify(m)).join(",")}`;
      if (page.length < EXPORT_PAGE) break;
      afterSeq = page[page.length - 1]!.seq;
    }
    yield "]}";
  }
  yield `],"groupMessages":[`;
  let after = { groupId: "", seq: 0 };
  let open: string | undefined;
  for (;;) {
    const page = await groupMessagePage(deps.db, uid, after);
    let text = "";
    for (const { groupId, message } of page) {
      if (groupId !== open) {
        text += `${open === undefined ? "" : "]},"}{"groupId":${JSON.stringify(groupId)},"messages":[`;
        open = groupId;
      } else text += ",";
      text += JSON.stringify(message);
    }
    if (text) yield text;
    if (page.length < EXPORT_PAGE) break;
    const last = page[page.length - 1]!;
    after = { groupId: last.groupId, seq: last.message.seq };
  }
  yield `${open === undefined ? "" : "]}"}]}`;
}
