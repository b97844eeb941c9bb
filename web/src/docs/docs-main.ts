// The API docs page (/docs): the HTTP routes from GET /v1/openapi.json and the WebSocket frames
// from the protocol's JSON Schema, both fetched at load so the page always shows what this
// deployment serves, with "Try it" forms and a socket console against this same origin.
import { h, replace } from "../dom";
import { readFrames } from "./frame-catalog";
import { loadDocument, type Loaded } from "./load-document";
import { groupOperations, readOperations } from "./openapi";
import { closeCodesTable, connectingView, framesView } from "./protocol-view";
import { operationId, routeView } from "./route-view";
import { signInBox } from "./sign-in-box";
import { socketConsole } from "./socket-console";

const OPENAPI_PATH = "/v1/openapi.json";
const PROTOCOL_SCHEMA_PATH = "/v1/protocol.schema.json";

const root = document.getElementById("docs")!;
const groupId = (group: string) => `group-${group.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function missing(what: string, loaded: Extract<Loaded, { ok: false }>): HTMLElement {
  return h(
    "p",
    { class: "notice", role: "alert" },
    `${what} is not available: ${loaded.why}. This deployment may predate it; docs/protocol.md in the repository describes the same contract by hand.`,
  );
}

function httpSection(loaded: Loaded): HTMLElement {
  const section = h("section", { id: "http", "aria-labelledby": "http-title" }, h("h2", { id: "http-title" }, "HTTP routes"));
  if (!loaded.ok) return (section.append(missing("The OpenAPI document", loaded)), section);
  const groups = groupOperations(readOperations(loaded.doc));
  section.append(
    h(
      "p",
      { class: "muted" },
      "JSON in, JSON out; every error is ",
      h("code", {}, `{"error":{"code","message"}}`),
      ". From ",
      h("a", { href: OPENAPI_PATH }, OPENAPI_PATH),
      ".",
    ),
    h(
      "nav",
      { "aria-label": "Route groups" },
      h("ul", { class: "toc" }, ...[...groups.keys()].map((g) => h("li", {}, h("a", { href: `#${groupId(g)}` }, g)))),
    ),
  );
  for (const [group, ops] of groups) {
    section.append(
      h(
        "section",
        { id: groupId(group), "aria-labelledby": `${groupId(group)}-title`, class: "route-group" },
        h("h3", { id: `${groupId(group)}-title` }, group),
        h("ul", { class: "toc" }, ...ops.map((op) => h("li", {}, h("a", { href: `#${operationId(op)}` }, `${op.method} ${op.path}`)))),
        ...ops.map((op) => routeView(op, loaded.doc)),
      ),
    );
  }
  return section;
}

function socketSection(loaded: Loaded): HTMLElement {
  const frames = loaded.ok ? readFrames(loaded.doc) : { client: [], server: [] };
  const doc = loaded.ok ? loaded.doc : {};
  return h(
    "section",
    { id: "websocket", "aria-labelledby": "websocket-title" },
    h("h2", { id: "websocket-title" }, "WebSocket /v1/ws"),
    loaded.ok
      ? h("p", { class: "muted" }, "Frame schemas from ", h("a", { href: PROTOCOL_SCHEMA_PATH }, PROTOCOL_SCHEMA_PATH), " (JSON Schema).")
      : missing("The frame schema document", loaded),
    connectingView(),
    socketConsole(frames.client, doc),
    framesView(frames.client, doc, "client"),
    framesView(frames.server, doc, "server"),
    closeCodesTable(),
  );
}

async function main(): Promise<void> {
  const loading = h("p", { class: "muted", role: "status" }, "Loading the API documents…");
  replace(
    root,
    h(
      "header",
      { class: "docs-header" },
      h("h1", {}, "QChat API"),
      h(
        "p",
        {},
        "Every HTTP route and WebSocket frame this server speaks, with requests you can send from here. ",
        h("a", { href: "/" }, "Back to the chat"),
      ),
      h("nav", { "aria-label": "Sections" }, h("a", { href: "#http" }, "HTTP routes"), " · ", h("a", { href: "#websocket" }, "WebSocket")),
    ),
    signInBox(),
    loading,
  );
  const [openapi, protocol] = await Promise.all([loadDocument(OPENAPI_PATH), loadDocument(PROTOCOL_SCHEMA_PATH)]);
  loading.replaceWith(httpSection(openapi), socketSection(protocol));
  // The documents arrive after the first paint, so a #fragment link lands only now.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

void main();
