// A CLI signed in as Alice for a test: a temporary config folder (XDG_CONFIG_HOME) holding a saved
// session for `api`. Returns the folder, for the test to remove.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import { saveSession, sessionPath } from "../../cli/session-store";
import { ALICE } from "./client-fake-socket";

export function signedInCli(api: string, prefix = "qchat-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  vi.stubEnv("XDG_CONFIG_HOME", dir);
  saveSession(sessionPath(undefined), {
    api,
    token: "tok",
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    refreshToken: "refresh",
    refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: ALICE, username: "alice" },
    chatUrl: "ws://qchat.test/v1/ws",
    deviceId: "cli-test",
  });
  return dir;
}
