// "Try it" for one operation: its path and query parameters and a JSON body prefilled from the
// schema's example, sent to this origin with the signed-in user's bearer token.
import { busy, h, replace } from "../dom";
import { freshToken } from "./docs-session";
import { exampleOf } from "./schema-example";
import type { Operation, Parameter } from "./openapi";
import { readReply, replyView } from "./reply-view";

const inputId = (op: Operation, name: string) => `try-${op.method}-${op.path}-${name}`.replace(/[^A-Za-z0-9_-]/g, "_");

function parameterInput(op: Operation, p: Parameter, doc: unknown): HTMLElement[] {
  const id = inputId(op, `${p.in}-${p.name}`);
  const example = p.required ? exampleOf(p.schema, doc, {}, 0, p.name) : undefined;
  return [
    h("label", { for: id }, `${p.name} (${p.in}${p.required ? ", required" : ""})`),
    h("input", {
      id,
      name: `${p.in}:${p.name}`,
      value: example === undefined || example === null ? "" : String(example),
      required: p.required,
    }),
  ];
}

/** The URL with `{id}` / `:id` filled in and non-empty query parameters appended. */
function requestUrl(op: Operation, form: HTMLFormElement): string {
  const value = (p: Parameter) => (form.elements.namedItem(`${p.in}:${p.name}`) as HTMLInputElement | null)?.value.trim() ?? "";
  let path = op.path;
  for (const p of op.parameters.filter((p) => p.in === "path")) {
    path = path.replace(new RegExp(`\\{${p.name}\\}|:${p.name}\\b`), encodeURIComponent(value(p)));
  }
  const query = new URLSearchParams();
  for (const p of op.parameters.filter((p) => p.in === "query")) if (value(p) !== "") query.set(p.name, value(p));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

const isBinary = (contentType: string) => !/json|^text\//.test(contentType);

/** JSON prefilled from the schema, free text, or a file picker for a binary body (an upload). */
function bodyInput(id: string, body: NonNullable<Operation["body"]>, doc: unknown): HTMLElement {
  if (isBinary(body.contentType)) return h("input", { id, name: "body", type: "file" });
  const prefill = body.contentType.includes("json") ? JSON.stringify(exampleOf(body.schema, doc), null, 2) : "";
  return h("textarea", { id, name: "body", rows: 6, spellcheck: false }, prefill);
}

function bodyToSend(form: HTMLFormElement): BodyInit | undefined {
  const input = form.elements.namedItem("body");
  if (input instanceof HTMLInputElement) return input.files?.[0];
  return input instanceof HTMLTextAreaElement ? input.value : undefined;
}

export function tryForm(op: Operation, doc: unknown): HTMLFormElement {
  const label = `${op.method} ${op.path}`;
  const bodyId = inputId(op, "body");
  const body = op.body;
  const reply = h("section", { class: "reply", "aria-label": "Reply", "aria-live": "polite" });
  const alert = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "try-form", "aria-label": `Try ${label}` },
    ...op.parameters.filter((p) => p.in !== "header").flatMap((p) => parameterInput(op, p, doc)),
    body && h("label", { for: bodyId }, `Body (${body.contentType})`),
    body && bodyInput(bodyId, body, doc),
    op.otherBearer.length > 0
      ? h("label", { for: inputId(op, "token") }, `Token for ${op.otherBearer.join(" or ")} (empty: the signed-in user's)`)
      : null,
    op.otherBearer.length > 0 ? h("input", { id: inputId(op, "token"), name: "token", type: "password", autocomplete: "off" }) : null,
    op.auth && op.otherBearer.length === 0 ? h("p", { class: "hint" }, "Sends the signed-in user's bearer token.") : null,
    h("button", { type: "submit" }, "Send"),
    alert,
    reply,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(form, alert, async () => {
      const headers: Record<string, string> = {};
      const typed = op.otherBearer.length > 0 ? (form.elements.namedItem("token") as HTMLInputElement).value.trim() : "";
      const token = typed || (await freshToken());
      if (token) headers.authorization = `Bearer ${token}`;
      else if (op.auth) replace(alert, "Not signed in: the server will answer 401. Sign in at the top first.");
      const sent = body ? bodyToSend(form) : undefined;
      if (body && sent !== undefined) headers["content-type"] = body.contentType;
      const startedAt = performance.now();
      const res = await fetch(requestUrl(op, form), { method: op.method, headers, body: sent });
      replace(reply, ...replyView(await readReply(res, startedAt)));
    });
  });
  return form;
}
