// The WebSocket frames in the protocol's JSON Schema document: the client -> server union and the
// server -> client union, each branch named by its `type` constant.
import { isSchema, resolve, unionLabel, variants, type Schema } from "./json-schema";

export interface FrameDoc {
  type: string;
  schema: Schema;
  description?: string;
}

export interface FrameCatalog {
  client: FrameDoc[];
  server: FrameDoc[];
}

/** Where a generated document keeps its named schemas, the document itself first. */
function containers(doc: Schema): Schema[] {
  const components = isSchema(doc.components) ? doc.components.schemas : undefined;
  return [doc, doc.properties, doc.$defs, doc.definitions, components].filter(isSchema);
}

/** The first union whose key matches `name` (`clientFrame`, `ClientFrame`, `client`...). */
function findUnion(doc: Schema, name: RegExp): Schema[] | undefined {
  for (const container of containers(doc)) {
    for (const [key, value] of Object.entries(container)) {
      if (!name.test(key) || !isSchema(value)) continue;
      const union = variants(resolve(value, doc));
      if (union) return union;
    }
  }
  return undefined;
}

/** A frame's `type` constant (what goes on the wire), else the branch's schema name. */
const frameType = (schema: Schema, doc: Schema): string => unionLabel(resolve(schema, doc), doc);

const framesOf = (union: Schema[] | undefined, doc: Schema): FrameDoc[] =>
  (union ?? []).map((schema) => {
    const s = resolve(schema, doc);
    return { type: frameType(schema, doc), schema, description: typeof s.description === "string" ? s.description : undefined };
  });

export function readFrames(doc: Schema): FrameCatalog {
  return { client: framesOf(findUnion(doc, /client/i), doc), server: framesOf(findUnion(doc, /server/i), doc) };
}
