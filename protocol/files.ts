// File contract: what an upload answers, what a message's attachment carries, and the limits.
// The bytes live in R2 (binding FILES); metadata and references in MySQL.
import { z } from "zod";

/** `f` + 24 lowercase base-32 characters, random. */
export const fileIdSchema = z.string().regex(/^f[0-9a-v]{24}$/, "a file id");
export type FileId = z.infer<typeof fileIdSchema>;

/** Default upload limit; FILE_MAX_BYTES in the environment changes it. */
export const FILE_MAX_BYTES_DEFAULT = 25 * 1024 * 1024;
/** Default bytes a user may upload per day (UTC); FILE_DAILY_QUOTA_BYTES changes it. */
export const FILE_DAILY_QUOTA_BYTES_DEFAULT = 500 * 1024 * 1024;
export const FILE_NAME_MAX = 200;
/** A signed download URL lives this long (for `<img src>`, which cannot send a bearer token). */
export const SIGNED_URL_TTL_SECONDS = 300;
/** An upload no message references is deleted after this long. */
export const ORPHAN_FILE_TTL_SECONDS = 24 * 3600;

/**
 * Types a file may have, decided from its first bytes (never from the client's Content-Type).
 * Images in `INLINE_IMAGE_TYPES` are served inline; everything else as an attachment.
 */
export const ALLOWED_FILE_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "application/zip",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/mp4",
  "audio/webm",
] as const;
export const fileTypeSchema = z.enum(ALLOWED_FILE_TYPES);
export type FileType = z.infer<typeof fileTypeSchema>;
export const INLINE_IMAGE_TYPES: readonly FileType[] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/** A stored file as uploads answer it and as a message's attachment carries it. */
export const fileSchema = z.object({
  id: fileIdSchema,
  name: z.string(),
  size: z.number().int().nonnegative(),
  mime: fileTypeSchema,
  /** Hex SHA-256 of the bytes, computed by the server while streaming. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Pixel size, for images whose header says it. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** A smaller copy for previews (an image the client uploaded with `thumbnailOf`). */
  thumbnailId: fileIdSchema.optional(),
});
export type StoredFile = z.infer<typeof fileSchema>;

// ---- HTTP ------------------------------------------------------------------------------------

/**
 * `POST /v1/files?name=<file name>[&thumbnailOf=<file id>]`, the raw bytes as the body (streamed
 * to R2, never buffered whole). 201 `{file}`. 413 PAYLOAD_TOO_LARGE over FILE_MAX_BYTES, 415
 * FILE_TYPE_NOT_ALLOWED when the first bytes are no allowed type, 429 FILE_QUOTA_EXCEEDED past the
 * daily quota. `thumbnailOf`: this upload is a downscaled image of the caller's own file.
 */
export const uploadQuerySchema = z.object({
  name: z.string().trim().min(1).max(FILE_NAME_MAX),
  thumbnailOf: fileIdSchema.optional(),
});
export const uploadReplySchema = z.object({ file: fileSchema });
export type UploadReply = z.infer<typeof uploadReplySchema>;

/** `in`: the conversation (peer uid or group id) whose message carries the file, for messages MySQL does not have yet. */
export const fileInQuerySchema = z.object({ in: z.string().max(32).optional() });
/** `GET /v1/files/:id`: `exp` and `sig` together are a signed URL (then no bearer token is needed). */
export const fileDownloadQuerySchema = fileInQuerySchema.extend({
  exp: z.string().max(16).optional(),
  sig: z.string().max(64).optional(),
});
export const fileIdParamSchema = z.object({ id: fileIdSchema });

/**
 * `GET /v1/files/:id` with a bearer token, or `GET /v1/files/:id?exp=<unix s>&sig=<hex>` with a
 * signed URL from `GET /v1/files/:id/url`. Allowed for the uploader and for the participants of a
 * conversation (1:1, or the group's current members who joined before the message) whose message
 * references the file; everyone else gets 404 FILE_NOT_FOUND. Supports `Range`.
 */
export const signedUrlReplySchema = z.object({
  /** Path and query to append to the API's origin, e.g. `/v1/files/f…?exp=…&sig=…`. */
  url: z.string(),
  expiresAt: z.string(),
});
export type SignedUrlReply = z.infer<typeof signedUrlReplySchema>;
