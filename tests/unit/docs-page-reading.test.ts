// The docs page's reading of the served documents (web/src/docs/), against the documents the
// Worker builds: every operation and frame is found, auth is read right, and every example the
// page prefills (request bodies, console frames) is accepted by the published schema and by the
// zod validator the server itself runs.
import { describe, expect, it } from "vitest";
import { clientFrame, serverFrame } from "../../protocol/frames";
import { readFrames } from "../../web/src/docs/frame-catalog";
import { readOperations } from "../../web/src/docs/openapi";
import { patternExample } from "../../web/src/docs/pattern-example";
import { exampleOf } from "../../web/src/docs/schema-example";
import { ROUTES } from "../../workers/openapi/catalog";
import { buildOpenApiDocument } from "../../workers/openapi/document";
import { buildProtocolSchema } from "../../workers/openapi/protocol-schema";
import { check } from "../workers/openapi-schema-check";

const openapi = buildOpenApiDocument();
const protocol = buildProtocolSchema();
const operations = readOperations(openapi);
const find = (method: string, path: string) => operations.find((op) => op.method === method && op.path === path);

describe("docs page: the OpenAPI document", () => {
  it("lists every documented route once, with summary and group", () => {
    expect(operations).toHaveLength(ROUTES.length);
    for (const op of operations) expect(op.summary, `${op.method} ${op.path}`).not.toBe("");
    expect(new Set(operations.map((op) => op.group)).size).toBeGreaterThan(5);
  });

  it("reads who may call", () => {
    expect(find("GET", "/v1/status")).toMatchObject({ auth: false, authText: "" });
    expect(find("GET", "/v1/me")).toMatchObject({ auth: true, authText: "bearer token", otherBearer: [] });
    expect(find("GET", "/v1/admin/stats")).toMatchObject({ auth: true, otherBearer: ["adminToken"] });
  });

  it("reads parameters and error codes", () => {
    const history = find("GET", "/v1/conversations/{peerId}/messages")!;
    expect(history.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      "path:peerId:true",
      "query:before:false",
      "query:limit:false",
    ]);
    expect(history.errorCodes).toContain("CONVERSATION_NOT_FOUND");
    expect(history.replies.map((r) => r.status)).toContain("404");
  });

  it("prefills every JSON body with an example the route's own validator accepts", () => {
    for (const route of ROUTES.filter((r) => r.body)) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const op = find(route.method.toUpperCase(), path)!;
      const example = exampleOf(op.body!.schema, openapi);
      expect(check(openapi, op.body!.schema, example), `${op.method} ${op.path} against the document`).toBeNull();
      expect(route.body!.safeParse(example).error?.issues, `${op.method} ${op.path} against zod`).toBeUndefined();
    }
  });
});

describe("docs page: the frame schemas", () => {
  const frames = readFrames(protocol);
  const typesOf = (union: { options: readonly { shape: { type: { value: string } } }[] }) => union.options.map((o) => o.shape.type.value);

  it("finds every client and server frame by its type", () => {
    expect(frames.client.map((f) => f.type)).toEqual(typesOf(clientFrame));
    expect(frames.server.map((f) => f.type)).toEqual(typesOf(serverFrame));
  });

  it("gives every frame an example that the schema and the protocol's zod accept", () => {
    for (const [direction, union] of [
      ["client", clientFrame],
      ["server", serverFrame],
    ] as const) {
      for (const frame of frames[direction]) {
        const example = exampleOf(frame.schema, protocol, { id: "r1" });
        expect(check(protocol, frame.schema, example), `${frame.type} against the document`).toBeNull();
        expect(union.safeParse(example).error?.issues, `${frame.type} against zod`).toBeUndefined();
      }
    }
  });
});

describe("docs page: pattern examples", () => {
  it("makes the shortest matching id, and gives up on what it does not read", () => {
    expect(patternExample("^g[0-9a-v]{20}$")).toBe(`g${"0".repeat(20)}`);
    expect(patternExample("^\\d+(,\\d+){0,99}$")).toBe("0");
    expect(patternExample("^[A-Za-z0-9_][A-Za-z0-9_.-]{2,31}$")).toBe("AAA");
    expect(patternExample("^(a|b)$")).toBeUndefined();
    expect(patternExample("^[^x]$")).toBeUndefined();
  });
});
