// One HTTP route: method, path, summary, auth, parameters, request and reply schemas, error
// codes, and a "Try it" button that opens its form.
import { h } from "../dom";
import { schemaView } from "./schema-view";
import type { Operation } from "./openapi";
import { tryForm } from "./try-form";

export const operationId = (op: Operation): string => `op-${op.method}-${op.path}`.replace(/[^A-Za-z0-9_-]/g, "-");

function parameterRows(op: Operation): HTMLElement | null {
  if (op.parameters.length === 0) return null;
  return h(
    "ul",
    { class: "params" },
    ...op.parameters.map((p) =>
      h("li", {}, h("code", {}, p.name), ` (${p.in}${p.required ? ", required" : ""})`, p.description ? `: ${p.description}` : ""),
    ),
  );
}

function repliesView(op: Operation, doc: unknown): HTMLElement {
  return h(
    "div",
    { class: "replies" },
    ...op.replies.map((r) =>
      h(
        "div",
        { class: "reply-doc" },
        h("p", {}, h("strong", { class: r.status.startsWith("2") ? "ok" : "error" }, r.status), " ", r.description),
        r.schema && r.status.startsWith("2")
          ? h("details", {}, h("summary", {}, "Reply fields"), schemaView(r.schema, doc, `${r.status} reply`))
          : null,
      ),
    ),
    op.errorCodes.length > 0
      ? h("p", { class: "error-codes" }, "Error codes: ", ...op.errorCodes.flatMap((code, i) => [i > 0 ? ", " : "", h("code", {}, code)]))
      : null,
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
      "h3",
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
      h("span", { class: op.auth ? "auth-badge needs-token" : "auth-badge" }, op.auth ? "Bearer token" : "no auth"),
    ),
    op.description ? h("p", { class: "muted" }, op.description) : null,
    parameterRows(op),
    op.body ? schemaView(op.body.schema, doc, `Request body${op.body.required ? "" : " (optional)"}`) : null,
    repliesView(op, doc),
    h("div", { class: "try" }, toggle, formSlot),
  );
}
