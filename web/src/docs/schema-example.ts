// An example value for a schema, to prefill a request body or a frame: the schema's own example
// when it has one, else the smallest value its limits accept. `hints` fills fields by name with
// real values (a friend's id for `to`), so the prefilled request has a chance to succeed.
import { isSchema, resolve, variants, type Schema } from "./json-schema";
import { patternExample } from "./pattern-example";

export type Hints = Record<string, unknown>;

const MAX_DEPTH = 6;

export function exampleOf(schema: Schema, root: unknown, hints: Hints = {}, depth = 0, name?: string): unknown {
  const s = resolve(schema, root);
  if ("example" in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ("const" in s) return s.const;
  if ("default" in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (depth > MAX_DEPTH) return null;
  const union = variants(s);
  if (union?.[0]) return exampleOf(union[0], root, hints, depth + 1, name);
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...s.allOf.filter(isSchema).map((part) => exampleOf(part, root, hints, depth + 1)));
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "object" || isSchema(s.properties)) return objectExample(s, root, hints, depth);
  if (type === "array") return isSchema(s.items) ? [exampleOf(s.items, root, hints, depth + 1)] : [];
  if (type === "integer" || type === "number") return numberExample(s);
  if (type === "boolean") return true;
  if (type === "string") return stringExample(s, name);
  return null;
}

/**
 * Required fields only: optional ones are in the table, and a smaller body is easier to edit.
 * Hints name top-level fields only (a frame's `id` is not its profile's).
 */
function objectExample(s: Schema, root: unknown, hints: Hints, depth: number): Record<string, unknown> {
  const props = isSchema(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(props)) {
    if (!isSchema(raw) || !(required.has(key) || key in hints)) continue;
    out[key] = key in hints ? hints[key] : exampleOf(raw, root, {}, depth + 1, key);
  }
  // A body of optional fields only (a PATCH) is sent with its first one: `{}` changes nothing.
  const [first] = Object.entries(props);
  if (depth === 0 && Object.keys(out).length === 0 && first && isSchema(first[1]))
    out[first[0]] = exampleOf(first[1], root, {}, 1, first[0]);
  return out;
}

function numberExample(s: Schema): number {
  if (typeof s.minimum === "number") return s.minimum;
  if (typeof s.exclusiveMinimum === "number") return s.exclusiveMinimum + 1;
  return 1;
}

function stringExample(s: Schema, name: string | undefined): string {
  if (s.format === "email" || name === "email") return "alice@example.com";
  if (s.format === "date-time") return new Date().toISOString();
  const matching = typeof s.pattern === "string" ? patternExample(s.pattern) : undefined;
  if (matching !== undefined) return matching;
  const min = typeof s.minLength === "number" ? s.minLength : 1;
  const base = name ?? "text";
  return base.length >= min ? base : base.padEnd(min, "x");
}
