// zod -> JSON Schema (draft 2020-12) for both documents: named schemas as one set of definitions
// that refer to each other, and request schemas inline as clients send them.
import { z, type ZodType } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * Replies and frames may gain fields in later versions: clients must ignore unknown ones, so the
 * documents do not say `additionalProperties: false` (zod's output default for objects). The
 * safe-integer bounds zod gives every `.int()` are noise for readers and are dropped.
 */
function tidy(ctx: { jsonSchema: JsonSchema }): void {
  const s = ctx.jsonSchema;
  if (s.additionalProperties === false) delete s.additionalProperties;
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
}

/**
 * Named schemas as definitions at `prefix + name`; a named schema inside another becomes a $ref.
 * Throws when one zod object is given two names (the document would be ambiguous).
 */
export function namedDefinitions(named: Iterable<[string, ZodType]>, prefix: string): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) {
    const existing = registry.get(schema)?.id;
    if (existing !== undefined && existing !== id) throw new Error(`one schema named twice: ${existing} and ${id}`);
    registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "output",
    uri: (id) => `${prefix}${id}`,
    override: tidy,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, withoutRootKeys(s as JsonSchema)]));
}

/** A request schema as the client sends it: before defaults and coercion (`io: "input"`). */
export function inputSchema(schema: ZodType): JsonSchema {
  return withoutRootKeys(
    z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any", override: tidy }) as JsonSchema,
  );
}

/** Definitions live inside a larger document: no `$schema` or `$id` of their own. */
function withoutRootKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}
