// The WebSocket protocol section: how to connect, every client and server frame with its schema
// and an example, and the close codes.
import { h } from "../dom";
import { CLOSE_CODES } from "./close-codes";
import type { FrameDoc } from "./frame-catalog";
import type { Schema } from "./json-schema";
import { exampleOf } from "./schema-example";
import { schemaView } from "./schema-view";

function frameView(frame: FrameDoc, doc: Schema, direction: "client" | "server"): HTMLElement {
  const id = `frame-${direction}-${frame.type}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return h(
    "section",
    { class: "frame card", id, "aria-labelledby": `${id}-title` },
    h("h4", { id: `${id}-title` }, h("code", {}, frame.type)),
    frame.description ? h("p", { class: "muted" }, frame.description) : null,
    h("pre", { class: "example", "aria-label": `${frame.type} example` }, JSON.stringify(exampleOf(frame.schema, doc))),
    h("details", {}, h("summary", {}, "Fields"), schemaView(frame.schema, doc, `${frame.type} frame`)),
  );
}

export function closeCodesTable(): HTMLElement {
  return h(
    "table",
    { class: "schema" },
    h("caption", {}, "Close codes"),
    h("thead", {}, h("tr", {}, ...["Code", "Name", "Meaning", "The client should"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      ...Object.entries(CLOSE_CODES).map(([code, doc]) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, code),
          h("td", {}, h("code", {}, doc.name)),
          h("td", {}, doc.meaning),
          h("td", {}, doc.clientShould),
        ),
      ),
    ),
  );
}

export function connectingView(): HTMLElement {
  const wsUrl = `${location.origin.replace(/^http/, "ws")}/v1/ws`;
  return h(
    "div",
    { class: "connecting" },
    h("p", {}, "Open ", h("code", {}, wsUrl), " with the access token as:"),
    h(
      "ul",
      {},
      h("li", {}, "browsers: subprotocols ", h("code", {}, `["qchat.v1", "bearer.<token>"]`), " (the server selects qchat.v1);"),
      h(
        "li",
        {},
        "other clients: an ",
        h("code", {}, "Authorization: Bearer <token>"),
        " header, or ",
        h("code", {}, "?token=<token>"),
        ".",
      ),
    ),
    h(
      "p",
      {},
      "Add ",
      h("code", {}, "?device=<1–64 of A-Z a-z 0-9 _ ->"),
      " to resume where that device left off. Frames are JSON text with a ",
      h("code", {}, "type"),
      "; a request's ",
      h("code", {}, "id"),
      " comes back in its reply. The first server frame is always ",
      h("code", {}, "hello"),
      ". Heartbeat: send exactly ",
      h("code", {}, `{"type":"ping"}`),
      ", get ",
      h("code", {}, `{"type":"pong"}`),
      ". Acknowledge events with ",
      h("code", {}, `{"type":"ack","upTo":<eseq>}`),
      ".",
    ),
  );
}

export function framesView(frames: FrameDoc[], doc: Schema, direction: "client" | "server"): HTMLElement {
  const title = direction === "client" ? "Client → server frames" : "Server → client frames";
  const id = `frames-${direction}`;
  return h(
    "section",
    { id, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title` }, title),
    frames.length === 0 ? h("p", { class: "muted" }, "The schema document lists no frames for this direction.") : null,
    ...frames.map((f) => frameView(f, doc, direction)),
  );
}
