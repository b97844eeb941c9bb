// Fetches one of the served documents (OpenAPI, frame schemas). A missing or broken document is
// a message the page shows in its place, never an exception.
import type { Schema } from "./json-schema";
import { isSchema } from "./json-schema";

export type Loaded = { ok: true; doc: Schema } | { ok: false; why: string };

export async function loadDocument(path: string): Promise<Loaded> {
  try {
    const res = await fetch(path, { headers: { accept: "application/json" } });
    if (!res.ok) return { ok: false, why: `${path} answered HTTP ${res.status}` };
    const doc: unknown = await res.json();
    return isSchema(doc) ? { ok: true, doc } : { ok: false, why: `${path} is not a JSON object` };
  } catch (err) {
    return { ok: false, why: `${path} could not be read (${String(err)})` };
  }
}
