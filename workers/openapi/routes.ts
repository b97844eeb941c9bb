// GET /v1/openapi.json and GET /v1/protocol.schema.json: the machine-readable API documents,
// generated once per isolate from the code. Public (no auth), cacheable for five minutes.
import { Hono } from "hono";
import type { AppEnv } from "../context";
import { buildOpenApiDocument } from "./document";
import type { JsonSchema } from "./json-schema";
import { buildProtocolSchema } from "./protocol-schema";

const CACHE_CONTROL = "public, max-age=300";

/** Built at the first request, not at startup: the documents are ~100 KB of work nobody else needs. */
function memo(build: () => JsonSchema): () => string {
  let text: string | undefined;
  return () => (text ??= JSON.stringify(build()));
}
const openApiText = memo(() => buildOpenApiDocument());
const protocolText = memo(buildProtocolSchema);

export const openApiRoutes = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.body(openApiText(), 200, { "Content-Type": "application/json", "Cache-Control": CACHE_CONTROL }))
  .get("/protocol.schema.json", (c) =>
    c.body(protocolText(), 200, { "Content-Type": "application/schema+json", "Cache-Control": CACHE_CONTROL }),
  );
