// The one way the Worker names a user's Durable Object: by uid, the same name the status module
// hands back as the user's shard and the objects use to call each other.

export function userSession(env: Pick<Env, "USER_SESSION">, uid: number) {
  return env.USER_SESSION.get(env.USER_SESSION.idFromName(String(uid)));
}
