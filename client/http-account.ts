// The caller's own account data in the typed HTTP client: export it (GET /v1/me/export), delete
// the account (POST /v1/me/delete, the password again; the token is forgotten after), and look
// people up by id (GET /v1/users?ids=), which also names the ids of deleted accounts.
import type { AccountExport, DeleteAccountReply, UserLookupReply } from "../protocol/account";
import { CLIENT_ERROR, QChatError } from "./errors";
import type { HttpTransport } from "./http-request";

export function accountRoutes(t: HttpTransport) {
  const me = t.api.v1.me;

  return {
    /** Everything the server keeps about the caller, as one document (the server allows 5 an hour). */
    exportAccount: async (): Promise<AccountExport> => {
      const res = await t.ok(me.export.$get());
      try {
        return (await res.json()) as AccountExport;
      } catch (err) {
        throw new QChatError(CLIENT_ERROR.INVALID_RESPONSE, res.status, "GET /v1/me/export: reply is not JSON", { cause: err });
      }
    },
    /**
     * Deletes the caller's account for good (the password again: INVALID_CREDENTIALS when wrong).
     * Every token of the account is refused afterwards; this client forgets its own.
     */
    deleteAccount: async (password: string): Promise<DeleteAccountReply> => {
      const reply = await t.json(me.delete.$post({ json: { password } }));
      t.setToken(undefined);
      return reply;
    },
    /** Public profiles by id (at most 100), and which ids are deleted accounts ("Deleted user"). */
    lookupUsers: (ids: number[]): Promise<UserLookupReply> => t.json(t.api.v1.users.$get({ query: { ids: ids.join(",") } })),
  };
}
