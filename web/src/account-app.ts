// My account's data, for the settings dialog: "Export my data" (everything QChat keeps about me,
// saved as a JSON download) and "Delete account" (the password again; then every session ends and
// this page signs out with a message saying so).
import type { HttpClient } from "../../client";

export interface AccountDeps {
  http: HttpClient;
  api: <T>(run: () => Promise<T>) => Promise<T>;
  /** With a fresh token, but a 401 is only an error (a wrong password must not end the session). */
  call: <T>(run: () => Promise<T>) => Promise<T>;
  /** Leaves the chat screen with this notice. */
  end: (notice: string) => void;
  /** While true, the socket's own end (its close when the account goes) signs out with our notice. */
  deleting: (on: boolean) => void;
  username: string;
}

export const ACCOUNT_DELETED_NOTICE = "Your account has been deleted, and you are signed out everywhere.";

export type AccountApp = ReturnType<typeof createAccountApp>;

/** `qchat-alice-2026-11-30.json`. */
export const exportFileName = (username: string, at = new Date()): string => `qchat-${username}-${at.toISOString().slice(0, 10)}.json`;

export function createAccountApp({ http, api, call, end, deleting, username }: AccountDeps) {
  return {
    /** Fetches the export and hands it to the browser as a download; errors are thrown. */
    async exportData(): Promise<void> {
      const data = await api(() => http.exportAccount());
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = exportFileName(username);
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has started the download by now; the URL only has to outlive this turn.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    /** Deletes the account (errors, e.g. a wrong password, are thrown), then signs out. */
    async deleteAccount(password: string): Promise<void> {
      deleting(true);
      try {
        await call(() => http.deleteAccount(password));
      } catch (err) {
        deleting(false);
        throw err;
      }
      end(ACCOUNT_DELETED_NOTICE);
    },
  };
}
