// Documented routes: /v1/files* (upload, download, signed URLs), operator stats and these documents.
import { z } from "zod";
import {
  fileDownloadQuerySchema,
  fileIdParamSchema,
  fileInQuerySchema,
  signedUrlReplySchema,
  uploadQuerySchema,
  uploadReplySchema,
} from "../../protocol/files";
import { adminStatsQuerySchema } from "../../protocol/admin";
import { databaseAndObject, type RouteDoc } from "./route-doc";

export const fileRoutesDoc: RouteDoc[] = [
  {
    method: "post",
    path: "/v1/files",
    tag: "Files",
    summary: "Upload a file: the raw bytes as the body, streamed to storage",
    description:
      "The type is decided from the first bytes (never the Content-Type). Over FILE_MAX_BYTES answers 413, a type not allowed 415, past the daily quota 429. `thumbnailOf` makes this image the preview of the caller's own file.",
    auth: "bearer",
    limits: ["user"],
    query: uploadQuerySchema,
    replies: { 201: { description: "The stored file", json: { name: "UploadReply", schema: uploadReplySchema } } },
    errors: ["PAYLOAD_TOO_LARGE", "FILE_TYPE_NOT_ALLOWED", "FILE_QUOTA_EXCEEDED", "FILE_NOT_FOUND", "DATABASE_UNAVAILABLE"],
  },
  {
    method: "get",
    path: "/v1/files/:id/url",
    tag: "Files",
    summary: "A signed download URL (for `<img src>`, which cannot send a token)",
    auth: "bearer",
    limits: ["user"],
    params: fileIdParamSchema,
    query: fileInQuerySchema,
    replies: { 200: { description: "Path and query of the signed URL", json: { name: "SignedUrlReply", schema: signedUrlReplySchema } } },
    errors: ["FILE_NOT_FOUND", ...databaseAndObject],
  },
  {
    method: "get",
    path: "/v1/files/:id",
    tag: "Files",
    summary: "Download a file (supports Range and If-None-Match)",
    description:
      "With a bearer token, or with `exp` and `sig` from GET /v1/files/{id}/url. Allowed for the uploader and the participants of a conversation whose message carries the file; everyone else gets 404.",
    auth: "bearer-or-signed-url",
    limits: ["user"],
    params: fileIdParamSchema,
    query: fileDownloadQuerySchema,
    replies: {
      200: { description: "The bytes", binary: true },
      206: { description: "The requested range", binary: true },
      304: { description: "Not modified (If-None-Match)" },
    },
    errors: ["FILE_NOT_FOUND", "RANGE_NOT_SATISFIABLE", ...databaseAndObject],
  },
  {
    method: "get",
    path: "/v1/admin/stats",
    tag: "Operations",
    summary: "Live operating counters (ADMIN_TOKEN); `uid` and `group` add that object's stats",
    auth: "admin",
    query: adminStatsQuerySchema,
    replies: {
      200: {
        description: "Counters (their set grows with the code: described loosely)",
        json: {
          name: "AdminStatsReply",
          schema: z.looseObject({ time: z.string(), online: z.object({ users: z.number(), sockets: z.number() }) }),
        },
      },
    },
    errors: ["REDIS_UNAVAILABLE", "OBJECT_UNAVAILABLE"],
  },
];

const jsonDocument = z.record(z.string(), z.unknown());

/** The two documents describe themselves too, so the route test needs no exceptions. */
export const documentRoutes: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/openapi.json",
    tag: "Documents",
    summary: "This OpenAPI 3.1 document, generated from the code",
    auth: "none",
    replies: { 200: { description: "OpenAPI 3.1", json: { name: "JsonDocument", schema: jsonDocument } } },
    errors: [],
  },
  {
    method: "get",
    path: "/v1/protocol.schema.json",
    tag: "Documents",
    summary: "The WebSocket frames and events as JSON Schema (draft 2020-12), generated from the code",
    auth: "none",
    replies: { 200: { description: "JSON Schema", json: { name: "JsonDocument", schema: jsonDocument } } },
    errors: [],
  },
];
