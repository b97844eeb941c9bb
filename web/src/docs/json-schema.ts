// The slice of JSON Schema (2020-12, and OpenAPI 3.0's dialect of it) the docs page reads:
// local $refs, a type in words, and a field's limits in words.

/** A schema as served: any JSON object; every key is read defensively. */
export type Schema = Record<string, unknown>;

export const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/schemas/X`, `#/$defs/X`) within `root`, at most 20 hops. */
export function resolve(schema: Schema, root: unknown): Schema {
  let current = schema;
  for (let hops = 0; hops < 20 && typeof current.$ref === "string"; hops++) {
    const target = pointer(root, current.$ref);
    if (!isSchema(target)) return current;
    // Siblings of $ref (a description, say) stay: 2020-12 allows them.
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

/** The value a local JSON pointer (`#/a/b`) names in `root`, or undefined. */
function pointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return node;
}

/** The name a `$ref` points at (`#/components/schemas/Profile` -> `Profile`), for headings. */
export const refName = (schema: Schema): string | undefined => (typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : undefined);

/** The branches of a union (`oneOf` / `anyOf`), or undefined when the schema is not one. */
export function variants(schema: Schema): Schema[] | undefined {
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) ? list.filter(isSchema) : undefined;
}

/**
 * A union branch's name: its $ref's name, else the `type` constant frames and events carry
 * (`message`, `receipt`), else its type.
 */
export function unionLabel(variant: Schema, root: unknown): string {
  const named = refName(variant);
  if (named) return named;
  const props = resolve(variant, root).properties;
  const tag = isSchema(props) && isSchema(props.type) ? resolve(props.type, root) : undefined;
  if (typeof tag?.const === "string") return tag.const;
  if (Array.isArray(tag?.enum) && tag.enum.length === 1) return String(tag.enum[0]);
  return typeText(variant, root);
}

/** `string`, `integer | null`, `array of string`, `"send"` for a constant. */
export function typeText(schema: Schema, root: unknown): string {
  const s = resolve(schema, root);
  if ("const" in s) return JSON.stringify(s.const);
  const types = Array.isArray(s.type) ? s.type.map(String) : typeof s.type === "string" ? [s.type] : [];
  if (s.nullable === true) types.push("null");
  const words = types.map((t) => (t === "array" && isSchema(s.items) ? `array of ${typeText(s.items, root)}` : t));
  if (words.length > 0) return words.join(" | ");
  const union = variants(s);
  if (union) return union.map((v) => unionLabel(v, root)).join(" | ");
  if (isSchema(s.items)) return `array of ${typeText(s.items, root)}`;
  if (isSchema(s.properties)) return "object";
  return "any";
}

/** Limits, formats, enums and defaults in words: `1–64 chars`, `one of: online, busy`. */
export function limitsText(schema: Schema, root: unknown): string[] {
  const s = resolve(schema, root);
  const out: string[] = [];
  // zod's .int() bounds every integer by the safe range: no news to a reader.
  const bound = (n: unknown) => (typeof n === "number" && Math.abs(n) !== Number.MAX_SAFE_INTEGER ? n : undefined);
  const range = (min: unknown, max: unknown, unit: string) => {
    if (typeof min === "number" && typeof max === "number") out.push(`${min}–${max}${unit}`);
    else if (typeof min === "number") out.push(`≥ ${min}${unit}`);
    else if (typeof max === "number") out.push(`≤ ${max}${unit}`);
  };
  range(s.minLength, s.maxLength, " chars");
  range(s.minItems, s.maxItems, " items");
  range(bound(s.minimum), bound(s.maximum), "");
  if (typeof s.exclusiveMinimum === "number") out.push(`> ${s.exclusiveMinimum}`);
  if (bound(s.exclusiveMaximum) !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  if (typeof s.pattern === "string") out.push(`pattern ${s.pattern}`);
  if (typeof s.format === "string") out.push(`format ${s.format}`);
  if (Array.isArray(s.enum)) out.push(`one of: ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if ("default" in s) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}
