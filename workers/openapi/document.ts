// Renders the route catalog into an OpenAPI 3.1 document: every route with its request schemas
// (the routes' own zod validators), its replies and the error codes it may answer, all in the
// one error envelope.
import type { ZodType } from "zod";
import { chatLocationSchema, profileSchema } from "../../protocol/auth";
import { ERROR_STATUS, errorBodySchema, type ErrorCode } from "../../protocol/errors";
import { friendRequestSchema, friendSchema, publicUserSchema } from "../../protocol/events";
import { fileSchema } from "../../protocol/files";
import { groupChangeSchema, groupMemberSchema, groupSchema } from "../../protocol/groups";
import { historyMessageSchema } from "../../protocol/history";
import { ROUTES } from "./catalog";
import { inputSchema, namedDefinitions, type JsonSchema } from "./json-schema";
import { errorCodesOf, openApiPath, type RouteDoc } from "./route-doc";

const COMPONENTS = "#/components/schemas/";
const ERROR_BODY = { $ref: `${COMPONENTS}ErrorBody` };

/** Objects many replies carry, named once so the document refers to them. */
const SHARED: [string, ZodType][] = [
  ["ErrorBody", errorBodySchema],
  ["Profile", profileSchema],
  ["ChatLocation", chatLocationSchema],
  ["PublicUser", publicUserSchema],
  ["Friend", friendSchema],
  ["FriendRequest", friendRequestSchema],
  ["StoredFile", fileSchema],
  ["Group", groupSchema],
  ["GroupMember", groupMemberSchema],
  ["GroupChange", groupChangeSchema],
  ["HistoryMessage", historyMessageSchema],
];

const SECURITY: Record<RouteDoc["auth"], Record<string, string[]>[]> = {
  none: [],
  bearer: [{ bearer: [] }],
  admin: [{ adminToken: [] }],
  "bearer-or-signed-url": [{ bearer: [] }, { signedUrl: [] }],
  socket: [{ bearer: [] }, { queryToken: [] }],
};

/** Each `:name` of the path, or each property of a query object, as an OpenAPI parameter. */
function parameters(schema: ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = inputSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === "path" || required.includes(name),
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

/** The error codes of a route grouped by status, each status a reply in the one envelope. */
function errorReplies(codes: ErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.join(", "),
        ...(status === 429 || status === 503
          ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } }
          : {}),
        content: {
          "application/json": {
            schema: {
              allOf: [ERROR_BODY, { type: "object", properties: { error: { type: "object", properties: { code: { enum: list } } } } }],
            },
          },
        },
      },
    ]),
  );
}

function successReplies(route: RouteDoc): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(route.replies).map(([status, reply]) => {
      const content =
        "json" in reply
          ? { content: { "application/json": { schema: { $ref: `${COMPONENTS}${reply.json.name}` } } } }
          : "binary" in reply
            ? { content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } }
            : {};
      return [status, { description: reply.description, ...content }];
    }),
  );
}

/** `get /v1/groups/:id/members` -> `getV1GroupsByIdMembers`. */
function operationId(route: RouteDoc): string {
  const words = route.path
    .split(/[/._-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(":") ? `By${w[1]!.toUpperCase()}${w.slice(2)}` : w[0]!.toUpperCase() + w.slice(1)));
  return route.method + words.join("");
}

function operation(route: RouteDoc): JsonSchema {
  const codes = errorCodesOf(route);
  const errors = errorReplies(codes);
  const replies = successReplies(route);
  for (const status of Object.keys(errors)) {
    if (status in replies) throw new Error(`${route.method} ${route.path}: ${status} is both a reply and an error`);
  }
  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.deprecated ? { deprecated: true } : {}),
    security: SECURITY[route.auth],
    parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query")],
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(route.body) } } } } : {}),
    responses: { ...replies, ...errors },
    "x-error-codes": codes,
  };
}

function paths(routes: readonly RouteDoc[]): Record<string, Record<string, JsonSchema>> {
  const out: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const item = (out[openApiPath(route.path)] ??= {});
    if (item[route.method]) throw new Error(`documented twice: ${route.method} ${route.path}`);
    item[route.method] = operation(route);
  }
  return out;
}

function replyDefinitions(routes: readonly RouteDoc[]): Record<string, JsonSchema> {
  const named = new Map<string, ZodType>(SHARED);
  for (const route of routes) {
    for (const reply of Object.values(route.replies)) {
      if (!("json" in reply)) continue;
      const known = named.get(reply.json.name);
      if (known && known !== reply.json.schema) throw new Error(`two schemas named ${reply.json.name}`);
      named.set(reply.json.name, reply.json.schema);
    }
  }
  return namedDefinitions(named, COMPONENTS);
}

/** The OpenAPI 3.1 document of every route in the catalog. */
export function buildOpenApiDocument(routes: readonly RouteDoc[] = ROUTES): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "QChat HTTP API",
      version: "1",
      description:
        "Generated from the code (workers/openapi/, protocol/). Every non-2xx reply is the ErrorBody envelope; each operation lists its codes in `x-error-codes` and per status. The chat itself runs over the WebSocket at /v1/ws, whose frames are described in /v1/protocol.schema.json; docs/protocol.md is the guide.",
    },
    servers: [{ url: "/" }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths: paths(routes),
    components: {
      schemas: replyDefinitions(routes),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "The access token from /v1/auth/login or /v1/auth/refresh" },
        adminToken: { type: "http", scheme: "bearer", description: "The ADMIN_TOKEN secret" },
        signedUrl: { type: "apiKey", in: "query", name: "sig", description: "`exp` and `sig` from GET /v1/files/{id}/url" },
        queryToken: {
          type: "apiKey",
          in: "query",
          name: "token",
          description: "The access token as `?token=` (or as a `bearer.<token>` WebSocket subprotocol), for browsers",
        },
      },
    },
  };
}
