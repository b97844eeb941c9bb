// The saved login: one JSON file per profile under $XDG_CONFIG_HOME/qchat/ (or ~/.config/qchat/),
// readable only by the user (mode 600), holding the tokens the API handed out at login.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface SavedSession {
  /** The API this session belongs to. */
  api: string;
  token: string;
  /** ISO time the access token expires. */
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: { id: number; username: string };
  /** `chat.url` from the login reply. */
  chatUrl: string;
  /** This CLI install's device id, stable so the server keeps its place in the event stream. */
  deviceId: string;
}

export function configDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "qchat");
}

/** `session.json`, or `session-<profile>.json` for a named profile (several users on one machine). */
export function sessionPath(profile: string | undefined): string {
  if (profile !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(profile)) throw new Error("--profile: 1–32 of letters, digits, _ and -");
  return join(configDir(), profile ? `session-${profile}.json` : "session.json");
}

export function loadSession(path: string): SavedSession | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const data = JSON.parse(text) as Partial<SavedSession>;
  return typeof data.token === "string" && typeof data.api === "string" && data.user ? (data as SavedSession) : undefined;
}

export function saveSession(path: string, session: SavedSession): void {
  mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created: tighten an older file too.
  chmodSync(path, 0o600);
}

export function deleteSession(path: string): void {
  rmSync(path, { force: true });
}
