// The CLI's saved session (cli/session-store.ts): under $XDG_CONFIG_HOME/qchat/, one file per
// profile, readable by the user only (mode 600), forgotten on logout.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteSession, loadSession, saveSession, sessionPath, type SavedSession } from "../../cli/session-store";

const session: SavedSession = {
  api: "http://127.0.0.1:8787",
  token: "t",
  expiresAt: "2026-11-23T09:15:00.000Z",
  refreshToken: "r.s",
  refreshExpiresAt: "2026-12-23T09:00:00.000Z",
  user: { id: 482915736, username: "alice" },
  chatUrl: "ws://127.0.0.1:8787/v1/ws",
  deviceId: "cli-1234abcd",
};

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "qchat-cli-"));
  saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("session store", () => {
  it("saves under $XDG_CONFIG_HOME/qchat with mode 600, per profile, and deletes", () => {
    const path = sessionPath(undefined);
    expect(path).toBe(join(dir, "qchat", "session.json"));
    expect(sessionPath("bob")).toBe(join(dir, "qchat", "session-bob.json"));
    saveSession(path, session);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "qchat")).mode & 0o777).toBe(0o700);
    expect(loadSession(path)).toEqual(session);
    expect(loadSession(sessionPath("bob"))).toBeUndefined();
    deleteSession(path);
    expect(loadSession(path)).toBeUndefined();
  });

  it("tightens a file that was readable by others", () => {
    const path = sessionPath(undefined);
    saveSession(path, session);
    writeFileSync(path, JSON.stringify(session), { mode: 0o644 });
    saveSession(path, { ...session, token: "t2" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses profile names that could escape the directory", () => {
    expect(() => sessionPath("../evil")).toThrow(/--profile/);
  });
});
