// A JSON Schema as a table a person reads: one row per field (nested fields as `user.id`,
// array items as `users[].id`) with its type, whether it is required, its limits and its note.
import { h } from "../dom";
import { isSchema, limitsText, resolve, typeText, unionLabel, variants, type Schema } from "./json-schema";

/** Deeper objects are named by type only: the documents nest Profile in Friend in Group... */
const MAX_DEPTH = 4;

interface Row {
  name: string;
  type: string;
  required: boolean;
  notes: string[];
}

/** `allOf: [A, B]` read as one object with both sets of properties. */
function merged(schema: Schema, root: unknown): Schema {
  const s = resolve(schema, root);
  if (!Array.isArray(s.allOf)) return s;
  const parts = s.allOf.filter(isSchema).map((part) => merged(part, root));
  const properties = Object.assign({}, ...parts.map((p) => (isSchema(p.properties) ? p.properties : {}))) as Schema;
  const required = parts.flatMap((p) => (Array.isArray(p.required) ? p.required : []));
  return { ...s, type: "object", properties, required };
}

function rows(schema: Schema, root: unknown, prefix: string, depth: number): Row[] {
  const s = merged(schema, root);
  const props = isSchema(s.properties) ? s.properties : undefined;
  if (!props) return [];
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  const out: Row[] = [];
  for (const [key, raw] of Object.entries(props)) {
    if (!isSchema(raw)) continue;
    const field = merged(raw, root);
    const name = `${prefix}${key}`;
    const type = typeText(raw, root);
    const notes = limitsText(field, root);
    if (typeof field.description === "string") notes.push(field.description);
    out.push({ name, type, required: required.has(key), notes });
    if (depth >= MAX_DEPTH) continue;
    const items = isSchema(field.items) ? field.items : undefined;
    if (isSchema(field.properties)) out.push(...rows(field, root, `${name}.`, depth + 1));
    else if (items) out.push(...(unionRows(items, root, `${name}[`, depth) ?? rows(items, root, `${name}[].`, depth + 1)));
    else out.push(...(unionRows(field, root, `${name}(`, depth) ?? []));
  }
  return out;
}

/** Each object branch of a union, its fields named `events[message].eseq`; undefined if no union. */
function unionRows(schema: Schema, root: unknown, prefix: string, depth: number): Row[] | undefined {
  const union = variants(merged(schema, root));
  if (!union) return undefined;
  const close = prefix.endsWith("[") ? "]" : ")";
  return union.flatMap((v) => rows(v, root, `${prefix}${unionLabel(v, root)}${close}.`, depth + 1));
}

/** The fields of an object schema as a table; a union gets one table per branch. */
export function schemaView(schema: Schema, root: unknown, caption: string): HTMLElement {
  const s = merged(schema, root);
  const union = variants(s);
  if (union) {
    return h(
      "div",
      { class: "schema-union" },
      h("p", { class: "muted" }, `${caption}: one of ${union.length}`),
      ...union.map((v) => schemaView(v, root, `${caption} (${unionLabel(v, root)})`)),
    );
  }
  const fields = rows(s, root, "", 0);
  if (fields.length === 0) {
    const limits = limitsText(s, root);
    return h("p", { class: "schema-scalar" }, `${caption}: ${typeText(schema, root)}${limits.length ? ` (${limits.join("; ")})` : ""}`);
  }
  return h(
    "table",
    { class: "schema" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...["Field", "Type", "", "Limits and notes"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      ...fields.map((f) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, h("code", {}, f.name)),
          h("td", {}, h("code", {}, f.type)),
          h("td", {}, f.required ? "required" : "optional"),
          h("td", {}, f.notes.join("; ")),
        ),
      ),
    ),
  );
}
