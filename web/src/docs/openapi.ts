// The OpenAPI document read into a flat list of operations, grouped the way the page shows them:
// by their first tag, else by the path's first segment after /v1.
import { isSchema, resolve, type Schema } from "./json-schema";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: Schema;
}

export interface Reply {
  status: string;
  description: string;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  group: string;
  summary: string;
  description?: string;
  /** Needs credentials: some security scheme in every alternative. */
  auth: boolean;
  /** The alternatives in words, e.g. "bearer token or signed URL (sig)"; "" for a public route. */
  authText: string;
  /** Bearer schemes other than the user's token (the admin token), by name. */
  otherBearer: string[];
  parameters: Parameter[];
  body?: { schema: Schema; contentType: string; required: boolean };
  replies: Reply[];
  /** Kept for old clients only (the seed's aliases). */
  deprecated: boolean;
  /** Error codes the document names for this operation (`x-error-codes`, or the envelope's enum). */
  errorCodes: string[];
}

const jsonSchemaOf = (content: unknown): { schema: Schema; contentType: string } | undefined => {
  if (!isSchema(content)) return undefined;
  const [contentType, media] = Object.entries(content).find(([type]) => type.includes("json")) ?? Object.entries(content)[0] ?? [];
  return contentType && isSchema(media) && isSchema(media.schema) ? { schema: media.schema, contentType } : undefined;
};

/** The `code` enum of an error envelope `{ error: { code } }`, if the reply schema has one. */
function envelopeCodes(schema: Schema | undefined, root: unknown): string[] {
  if (!schema) return [];
  const error = resolve(schema, root).properties;
  const inner = isSchema(error) && isSchema(error.error) ? resolve(error.error, root).properties : undefined;
  const code = isSchema(inner) && isSchema(inner.code) ? resolve(inner.code, root) : undefined;
  if (!code) return [];
  if (Array.isArray(code.enum)) return code.enum.map(String);
  return typeof code.const === "string" ? [code.const] : [];
}

function securityOf(op: Schema, doc: Schema): Schema[] {
  const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  return security.filter(isSchema);
}

/** `[{}]` means "no auth is also fine"; only a named scheme in every alternative requires one. */
const needsAuth = (security: Schema[]): boolean => security.length > 0 && security.every((alt) => Object.keys(alt).length > 0);

function schemeOf(name: string, doc: Schema): Schema {
  const components = isSchema(doc.components) && isSchema(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  return isSchema(components[name]) ? components[name] : {};
}

const isBearer = (name: string, doc: Schema): boolean => {
  const scheme = schemeOf(name, doc);
  return scheme.type === "http" && scheme.scheme === "bearer";
};

/** A scheme in words: `bearer token`, `?token= query parameter`, else its name. */
function schemeText(name: string, doc: Schema): string {
  const scheme = schemeOf(name, doc);
  if (isBearer(name, doc)) return name === "bearer" ? "bearer token" : `bearer token (${name})`;
  if (scheme.type === "apiKey" && typeof scheme.name === "string") return `${name} (${String(scheme.in)} ${scheme.name})`;
  return name;
}

const authTextOf = (security: Schema[], doc: Schema): string =>
  security
    .map(
      (alt) =>
        Object.keys(alt)
          .map((name) => schemeText(name, doc))
          .join(" + ") || "none",
    )
    .join(" or ");

function groupOf(op: Schema, path: string): string {
  if (Array.isArray(op.tags) && typeof op.tags[0] === "string") return op.tags[0];
  const segment = path.replace(/^\/v1\//, "").split("/")[0];
  return segment || "other";
}

function parametersOf(list: unknown, root: unknown): Parameter[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isSchema)
    .map((p) => resolve(p, root))
    .filter((p) => typeof p.name === "string" && (p.in === "path" || p.in === "query" || p.in === "header"))
    .map((p) => ({
      name: String(p.name),
      in: p.in as Parameter["in"],
      required: p.required === true || p.in === "path",
      description: typeof p.description === "string" ? p.description : undefined,
      schema: isSchema(p.schema) ? p.schema : {},
    }));
}

export function readOperations(doc: Schema): Operation[] {
  const paths = isSchema(doc.paths) ? doc.paths : {};
  const out: Operation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    if (!isSchema(rawItem)) continue;
    const item = resolve(rawItem, doc);
    for (const method of METHODS) {
      const op = item[method];
      if (!isSchema(op)) continue;
      const requestBody = isSchema(op.requestBody) ? resolve(op.requestBody, doc) : undefined;
      const body = jsonSchemaOf(requestBody?.content);
      const replies: Reply[] = Object.entries(isSchema(op.responses) ? op.responses : {}).map(([status, raw]) => {
        const reply = isSchema(raw) ? resolve(raw, doc) : {};
        return { status, description: String(reply.description ?? ""), schema: jsonSchemaOf(reply.content)?.schema };
      });
      const listed = Array.isArray(op["x-error-codes"]) ? op["x-error-codes"].map((c) => (isSchema(c) ? String(c.code) : String(c))) : [];
      const fromReplies = replies.filter((r) => !r.status.startsWith("2")).flatMap((r) => envelopeCodes(r.schema, doc));
      const security = securityOf(op, doc);
      out.push({
        method: method.toUpperCase(),
        path,
        group: groupOf(op, path),
        summary: String(op.summary ?? op.operationId ?? ""),
        description: typeof op.description === "string" ? op.description : undefined,
        deprecated: op.deprecated === true,
        auth: needsAuth(security),
        authText: needsAuth(security) ? authTextOf(security, doc) : "",
        otherBearer: [...new Set(security.flatMap((alt) => Object.keys(alt)))].filter((name) => name !== "bearer" && isBearer(name, doc)),
        parameters: [...parametersOf(item.parameters, doc), ...parametersOf(op.parameters, doc)],
        body: body && { ...body, required: requestBody?.required === true },
        replies,
        errorCodes: [...new Set([...listed, ...fromReplies])],
      });
    }
  }
  return out;
}

/** Operations by group, groups in first-seen order (the document's order). */
export function groupOperations(ops: Operation[]): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) groups.set(op.group, [...(groups.get(op.group) ?? []), op]);
  return groups;
}
