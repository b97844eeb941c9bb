// The web page's names of non-friends (web/src/name-lookup.ts): each id looked up once through
// the bulk lookup, a deleted account named "Deleted user", and someone who stopped being a friend
// looked up again (the page's friend_removed), so a deleted friend no longer shows their old name.
import { describe, expect, it } from "vitest";
import { createHttpClient, DELETED_USER_NAME } from "../../client";
import { createNameLookup, findName } from "../../web/src/name-lookup";

const DAVE = 700000001;
const EVE = 700000002;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("web name lookup", () => {
  it("names a deleted account Deleted user through GET /v1/users?ids=", async () => {
    const urls: string[] = [];
    const http = createHttpClient({
      baseUrl: "http://qchat.test",
      fetch: async (url) => {
        urls.push(String(url));
        return new Response(
          JSON.stringify({ users: [{ id: EVE, username: "eve", nickname: "", avatarUrl: null, bio: "" }], deleted: [DAVE] }),
        );
      },
    });
    const api = <T>(run: () => Promise<T>) => run();
    expect(await findName(http, api, DAVE)).toBe(DELETED_USER_NAME);
    expect(await findName(http, api, EVE)).toBe("eve");
    expect(urls).toEqual([`http://qchat.test/v1/users?ids=${DAVE}`, `http://qchat.test/v1/users?ids=${EVE}`]);
  });

  it("looks each id up once, skips known people, and looks a former friend up again on relearn", async () => {
    let daveDeleted = false;
    const asked: number[] = [];
    const names = new Map<number, string>();
    const friends = new Set([DAVE]);
    const lookup = createNameLookup({
      find: async (uid) => (asked.push(uid), uid === DAVE && daveDeleted ? DELETED_USER_NAME : `u${uid}`),
      found: (uid, name) => void names.set(uid, name),
      known: (uid) => friends.has(uid),
    });
    lookup.learn([DAVE, EVE, EVE]);
    await settle();
    expect(asked).toEqual([EVE]);
    lookup.learn([EVE]);
    await settle();
    expect(asked).toEqual([EVE]);
    // Dave deletes his account: the friendship goes (friend_removed), the page asks again.
    friends.delete(DAVE);
    daveDeleted = true;
    lookup.relearn([DAVE, EVE]);
    await settle();
    expect(asked).toEqual([EVE, DAVE, EVE]);
    expect(names.get(DAVE)).toBe(DELETED_USER_NAME);
  });
});
