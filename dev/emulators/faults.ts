// Fault injection for reliability tests: per API, added latency and a failure rate (HTTP 503
// in that API's own error shape). Set with POST /__faults {"planetscale": {"latencyMs": 50,
// "failRate": 0.5}}; an empty object clears everything. Local emulators only.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, readJson, sendJson } from "./http";

export type Api = "planetscale" | "upstash" | "resend";
export interface Fault {
  latencyMs: number;
  failRate: number;
}

const faults = new Map<Api, Fault>();

export function apiOf(path: string): Api | undefined {
  if (path.startsWith("/psdb.")) return "planetscale";
  if (path.startsWith("/redis")) return "upstash";
  if (path.startsWith("/resend")) return "resend";
  return undefined;
}

/** Waits and maybe fails as configured for this API; throws the 503 to send. */
export async function applyFault(api: Api | undefined, errorBody: (message: string) => unknown): Promise<void> {
  const fault = api && faults.get(api);
  if (!fault) return;
  if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (Math.random() < fault.failRate) throw new HttpError(503, errorBody(`injected fault: ${api} unavailable`));
}

export async function handleFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "POST") {
    const body = (await readJson(req, (message) => new HttpError(400, { error: message }))) as Partial<Record<Api, Partial<Fault>>>;
    faults.clear();
    for (const api of ["planetscale", "upstash", "resend"] as const) {
      const f = body?.[api];
      if (f)
        faults.set(api, { latencyMs: Math.max(0, Number(f.latencyMs ?? 0)), failRate: Math.min(1, Math.max(0, Number(f.failRate ?? 0))) });
    }
  }
  sendJson(res, 200, Object.fromEntries(faults));
}
