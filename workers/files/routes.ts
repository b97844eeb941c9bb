// /v1/files: upload (streamed to R2), download (bearer token or signed URL) and signed URLs.
import { Hono } from "hono";
import {
  fileDownloadQuerySchema,
  fileIdParamSchema,
  fileInQuerySchema,
  INLINE_IMAGE_TYPES,
  uploadQuerySchema,
  type SignedUrlReply,
  type UploadReply,
} from "../../protocol/files";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { logEvent } from "../lib/metrics";
import { extractToken, requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { pathParams, queryParams } from "../middleware/validate";
import { enforce } from "../security/rate-limit";
import { authenticate } from "../status/authenticate";
import { canRead } from "./access";
import { imageDimensions } from "./dimensions";
import { newFileId } from "./ids";
import { fileLimits } from "./limits";
import { countUpload, quotaLeft } from "./quota";
import { writeToR2 } from "./r2-writer";
import { findLiveFile, insertFile, setThumbnail, toStoredFile } from "./rows";
import { serveFile } from "./serve";
import { secondsLeft, signFileUrl, verifyFileUrl } from "./signed-url";
import { openUpload } from "./upload-source";

/** A token-authenticated download may be cached this long by the caller's browser only. */
const DOWNLOAD_MAX_AGE_SECONDS = 300;

const notFound = () => new ApiError("FILE_NOT_FOUND", "no such file");

/** The declared body length, unless the body comes chunked (then it is counted while streaming). */
function declaredLength(req: Request): number | undefined {
  const raw = req.headers.get("Content-Length");
  if (raw === null || req.headers.has("Transfer-Encoding") || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

export const fileRoutes = new Hono<AppEnv>()
  .post("/", requireAuth(), limitPerUser("fileUploadsPerUser"), queryParams(uploadQuerySchema), async (c) => {
    const me = c.var.user.uid;
    const { name, thumbnailOf } = c.req.valid("query");
    const { db, redis, env } = c.var.deps;
    const limits = fileLimits(env);
    const declared = declaredLength(c.req.raw);
    if (declared !== undefined && declared > limits.maxBytes) throw new ApiError("PAYLOAD_TOO_LARGE", `file over ${limits.maxBytes} bytes`);
    const left = await quotaLeft(redis, me, limits.dailyQuotaBytes, declared ?? 0);
    if (thumbnailOf && (await findLiveFile(db, thumbnailOf))?.uploaderId !== me) throw notFound();

    const source = await openUpload(c.req.raw.body);
    const isImage = INLINE_IMAGE_TYPES.includes(source.mime);
    if (thumbnailOf && !isImage) {
      await source.cancel();
      throw new ApiError("FILE_TYPE_NOT_ALLOWED", "a thumbnail must be a PNG, JPEG, GIF or WebP image");
    }
    const id = newFileId();
    const stored = await writeToR2(
      env.FILES,
      id,
      source,
      { maxBytes: limits.maxBytes, quotaLeft: left, quotaBytes: limits.dailyQuotaBytes, declared },
      isImage,
    );
    const size = isImage ? imageDimensions(stored.mime, stored.head) : undefined;
    const row = await insertFile(db, {
      id,
      uploaderId: me,
      name,
      size: stored.size,
      mime: stored.mime,
      sha256: stored.sha256,
      width: size?.width ?? null,
      height: size?.height ?? null,
      createdAt: new Date(),
    }).catch(async (err: unknown) => {
      await env.FILES.delete(id).catch(() => {});
      throw err;
    });
    // The file is stored: a Redis hiccup now under-counts the quota rather than failing the upload.
    await countUpload(redis, me, stored.size).catch((err: unknown) =>
      logEvent("warn", "file quota count", { uid: me, error: String(err) }),
    );
    if (thumbnailOf) await setThumbnail(db, thumbnailOf, me, id);
    return c.json({ file: toStoredFile(row) } satisfies UploadReply, 201);
  })
  .get(
    "/:id/url",
    requireAuth(),
    limitPerUser("fileReadsPerUser"),
    pathParams(fileIdParamSchema),
    queryParams(fileInQuerySchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const { db, env } = c.var.deps;
      const file = await findLiveFile(db, id);
      if (!file || !(await canRead(db, env, c.var.user.uid, file, c.req.valid("query").in))) throw notFound();
      return c.json((await signFileUrl(env.TOKEN_SECRET, id)) satisfies SignedUrlReply);
    },
  )
  .get("/:id", pathParams(fileIdParamSchema), queryParams(fileDownloadQuerySchema), async (c) => {
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const deps = c.var.deps;
    const request = { range: c.req.header("Range"), ifNoneMatch: c.req.header("If-None-Match") };
    if (query.exp !== undefined || query.sig !== undefined) {
      // A signed URL is the permission itself (checked when it was issued); any flaw reads as 404.
      if (!(await verifyFileUrl(deps.env.TOKEN_SECRET, id, query.exp ?? "", query.sig ?? ""))) throw notFound();
      const file = await findLiveFile(deps.db, id);
      if (!file) throw notFound();
      return serveFile(deps.env.FILES, file, request, Math.min(DOWNLOAD_MAX_AGE_SECONDS, secondsLeft(query.exp!)));
    }
    const token = extractToken(c.req.raw, false);
    if (!token) throw new ApiError("UNAUTHORIZED", "missing token: send Authorization: Bearer <token>, or use a signed URL");
    const user = await authenticate(deps.redis, deps.env.TOKEN_SECRET, token);
    await enforce(deps, "fileReadsPerUser", user.uid);
    const file = await findLiveFile(deps.db, id);
    if (!file || !(await canRead(deps.db, deps.env, user.uid, file, query.in))) throw notFound();
    return serveFile(deps.env.FILES, file, request, DOWNLOAD_MAX_AGE_SECONDS);
  });
