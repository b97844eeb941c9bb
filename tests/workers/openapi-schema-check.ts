// A small JSON Schema (2020-12) checker for the keywords our two documents use, so tests can
// validate real replies and frames against the published documents themselves (no validator
// package is installed). Unknown keywords are ignored; returns the first problem, or null.
type Schema = Record<string, unknown>;

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local refs: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Schema)[decodeURIComponent(part)];
  if (!node || typeof node !== "object") throw new Error(`unresolved ref ${ref}`);
  return node as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

export function check(root: Schema, schema: Schema, value: unknown, at = "$"): string | null {
  if (typeof schema.$ref === "string") {
    const problem = check(root, resolve(root, schema.$ref), value, at);
    if (problem) return problem;
  }
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) return `${at}: ${t} is not ${types.join("|")}`;
  }
  if ("const" in schema && schema.const !== value) return `${at}: not ${JSON.stringify(schema.const)}`;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `${at}: ${JSON.stringify(value)} not in enum`;
  if (typeof value === "string") {
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      return `${at}: does not match ${schema.pattern}`;
    if (typeof schema.minLength === "number" && value.length < schema.minLength) return `${at}: shorter than ${schema.minLength}`;
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return `${at}: longer than ${schema.maxLength}`;
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) return `${at}: below ${schema.minimum}`;
    if (typeof schema.maximum === "number" && value > schema.maximum) return `${at}: above ${schema.maximum}`;
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum)
      return `${at}: not above ${schema.exclusiveMinimum}`;
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) return `${at}: ${key} missing`;
    for (const [key, sub] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      if (key in obj) {
        const problem = check(root, sub, obj[key], `${at}.${key}`);
        if (problem) return problem;
      }
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === "object") {
    for (let i = 0; i < value.length; i++) {
      const problem = check(root, schema.items as Schema, value[i], `${at}[${i}]`);
      if (problem) return problem;
    }
  }
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) {
    const problem = check(root, sub, value, at);
    if (problem) return problem;
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s: Schema) => check(root, s, value, at) === null))
    return `${at}: matches no anyOf`;
  if (Array.isArray(schema.oneOf)) {
    const matches = schema.oneOf.filter((s: Schema) => check(root, s, value, at) === null).length;
    if (matches !== 1) return `${at}: matches ${matches} of oneOf, not exactly 1`;
  }
  return null;
}
