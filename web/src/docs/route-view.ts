// One HTTP route: method, path, summary, auth, parameters, request and reply schemas, error
// codes, and a "Try it" button that opens its form.
import { h } from "../dom";
import { limitsText, typeText } from "./json-schema";
import { schemaView } from "./schema-view";
import type { Operation } from "./openapi";
import { tryForm } from "./try-form";

export const operationId = (op: Operation): string => `op-${op.method}-${op.path}`.replace(/[^A-Za-z0-9_-]/g, "-");

function parameterRows(op: Operation, doc: unknown): HTMLElement | null {
  if (op.parameters.length === 0) return null;
  return h(
    "ul",
    { class: "params" },
    ...op.parameters.map((p) => {
      const notes = [...limitsText(p.schema, doc), ...(p.description ? [p.description] : [])];
      return h(
        "li",
        {},
        h("code", {}, p.name),
        ` (${p.in}, ${typeText(p.schema, doc)}${p.required ? ", required" : ""})`,
        notes.length ? `: ${notes.join("; ")}` : "",
      );
    }),
  );
}

/** Error replies as one table, status by status; the codes alone when the document has no such replies. */
function errorsView(op: Operation): HTMLElement | null {
  const errors = op.replies.filter((r) => !r.status.startsWith("2"));
  if (errors.length === 0) {
    if (op.errorCodes.length === 0) return null;
    return h(
      "p",
      { class: "error-codes" },
      "Error codes: ",
      ...op.errorCodes.flatMap((code, i) => [i > 0 ? ", " : "", h("code", {}, code)]),
    );
  }
  return h(
    "table",
    { class: "schema errors" },
    h("caption", {}, "Errors"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Codes"))),
    h(
      "tbody",
      {},
      ...errors.map((r) => h("tr", {}, h("th", { scope: "row", class: "error" }, r.status), h("td", {}, h("code", {}, r.description)))),
    ),
  );
}

function successView(op: Operation, doc: unknown): HTMLElement[] {
  return op.replies
    .filter((r) => r.status.startsWith("2"))
    .map((r) =>
      h(
        "div",
        { class: "reply-doc" },
        h("p", {}, h("strong", { class: "ok" }, r.status), " ", r.description),
        r.schema ? h("details", {}, h("summary", {}, "Reply fields"), schemaView(r.schema, doc, `${r.status} reply`)) : null,
      ),
    );
}

export function routeView(op: Operation, doc: unknown): HTMLElement {
  const id = operationId(op);
  const formSlot = h("div", { id: `${id}-try`, hidden: true });
  const toggle = h(
    "button",
    { type: "button", class: "secondary small", "aria-expanded": "false", "aria-controls": `${id}-try` },
    "Try it",
  );
  toggle.addEventListener("click", () => {
    const opening = formSlot.hidden;
    if (opening && !formSlot.firstChild) formSlot.append(tryForm(op, doc)); // built on first open
    formSlot.hidden = !opening;
    toggle.setAttribute("aria-expanded", String(opening));
  });
  return h(
    "section",
    { class: "route card", id, "aria-labelledby": `${id}-title` },
    h(
      "h4",
      { id: `${id}-title` },
      h("span", { class: `method method-${op.method.toLowerCase()}` }, op.method),
      " ",
      h("code", {}, op.path),
    ),
    h(
      "p",
      {},
      op.summary,
      " ",
      h("span", { class: op.auth ? "auth-badge needs-token" : "auth-badge" }, op.auth ? op.authText : "no auth"),
      op.deprecated ? h("span", { class: "auth-badge" }, "deprecated") : null,
    ),
    op.description ? h("p", { class: "muted" }, op.description) : null,
    parameterRows(op, doc),
    op.body ? schemaView(op.body.schema, doc, `Request body${op.body.required ? "" : " (optional)"}`) : null,
    ...successView(op, doc),
    errorsView(op),
    h("div", { class: "try" }, toggle, formSlot),
  );
}
