// What came back from a tried request: status line, headers, and the body (JSON pretty-printed).
import { h } from "../dom";

export interface TriedReply {
  status: number;
  statusText: string;
  ms: number;
  headers: [string, string][];
  body: string;
}

/** Reads a fetch Response fully, keeping what the view shows. */
export async function readReply(res: Response, startedAt: number): Promise<TriedReply> {
  const type = res.headers.get("content-type") ?? "";
  // A downloaded file is shown by size and type, not as mojibake.
  const textual = type === "" || /json|^text\//.test(type);
  const body = textual ? await res.text() : `(${(await res.arrayBuffer()).byteLength} bytes of ${type})`;
  return { status: res.status, statusText: res.statusText, ms: performance.now() - startedAt, headers: [...res.headers], body };
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function replyView(reply: TriedReply): Node[] {
  const ok = reply.status >= 200 && reply.status < 300;
  return [
    h(
      "p",
      { class: `reply-status ${ok ? "ok" : "error"}` },
      `HTTP ${reply.status} ${reply.statusText}`,
      h("span", { class: "muted" }, ` · ${reply.ms.toFixed(0)} ms`),
    ),
    h(
      "details",
      { class: "reply-headers" },
      h("summary", {}, `Headers (${reply.headers.length})`),
      h("dl", {}, ...reply.headers.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)])),
    ),
    h("pre", { class: "reply-body", "aria-label": "Reply body", tabindex: 0 }, reply.body === "" ? "(empty body)" : pretty(reply.body)),
  ];
}
