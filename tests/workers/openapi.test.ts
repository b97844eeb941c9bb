// GET /v1/openapi.json: served publicly and cacheable, and it describes exactly the routes the
// app mounts (a route added without documenting it fails here), with well-formed operations.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS, type ErrorCode } from "../../protocol/errors";
import { app } from "../../workers/app";
import { BASE } from "./helpers";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};
type Operation = {
  operationId: string;
  parameters: { name: string; in: string }[];
  security: Record<string, unknown>[];
  responses: Record<
    string,
    { content?: Record<string, { schema: { allOf?: [unknown, { properties: { error: { properties: { code: { enum: string[] } } } } }] } }> }
  >;
  "x-error-codes": ErrorCode[];
};

async function fetchDoc(headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}/v1/openapi.json`, { headers });
  return { res, doc: (await res.json()) as Doc };
}

/** `METHOD /path/{param}` of every route the app mounts (middleware entries are method ALL). */
function mountedRoutes(): Set<string> {
  return new Set(
    app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${(r.path.replace(/\/$/, "") || "/").replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
  );
}

function documentedRoutes(doc: Doc): Set<string> {
  return new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));
}

const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

describe("GET /v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document without a token, cacheable for five minutes, with CORS for allowed origins", async () => {
    const { res, doc } = await fetchDoc({ Origin: "https://app.qchat.test" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://app.qchat.test");
    expect(doc.openapi).toBe("3.1.0");
    const other = await SELF.fetch(`${BASE}/v1/openapi.json`, { headers: { Origin: "https://evil.test" } });
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("documents every route the app mounts, and no route the app lacks", async () => {
    const { doc } = await fetchDoc();
    const mounted = mountedRoutes();
    const documented = documentedRoutes(doc);
    expect(mounted.size).toBeGreaterThan(30);
    expect(
      [...mounted].filter((r) => !documented.has(r)),
      "mounted but not documented",
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !mounted.has(r)),
      "documented but not mounted",
    ).toEqual([]);
  });

  it("declares each path parameter, a unique operationId, and known security schemes", async () => {
    const { doc } = await fetchDoc();
    const ids = new Set<string>();
    for (const { path, method, op } of operations(doc)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = op.parameters
        .filter((p) => p.in === "path")
        .map((p) => p.name)
        .sort();
      expect(declared, `${method} ${path}`).toEqual(inPath);
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      for (const requirement of op.security) {
        for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
      }
    }
  });

  it("lists each error code under its own status, in the one envelope, and every $ref resolves", async () => {
    const { doc } = await fetchDoc();
    for (const { path, method, op } of operations(doc)) {
      for (const code of op["x-error-codes"]) {
        const reply = op.responses[String(ERROR_STATUS[code])];
        const schema = reply?.content?.["application/json"]?.schema;
        expect(schema?.allOf?.[0], `${method} ${path} ${code}`).toEqual({ $ref: "#/components/schemas/ErrorBody" });
        expect(schema?.allOf?.[1].properties.error.properties.code.enum).toContain(code);
      }
    }
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(ref!);
    const errorBody = doc.components.schemas.ErrorBody as { properties: { error: { properties: { code: { enum: string[] } } } } };
    expect(errorBody.properties.error.properties.code.enum.sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });
});
