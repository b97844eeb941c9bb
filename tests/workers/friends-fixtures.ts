// Fixtures for the friend tests: signed-in users and ready-made friendships, through the API.
import { call, login, seedUser } from "./helpers";

export interface Member {
  id: number;
  username: string;
  email: string;
  token: string;
}

/** A new user (seeded directly, see seedUser), logged in through the real /v1/auth/login route. */
export async function member(prefix?: string): Promise<Member> {
  const u = await seedUser(prefix);
  const { token } = await login(u.username, u.password);
  return { id: u.profile.id, username: u.username, email: u.email, token };
}

/** The public fields every reply must show for a user, and nothing more. */
export function publicView(m: Member) {
  return { id: m.id, username: m.username, nickname: m.username, avatarUrl: null, bio: "" };
}

/** `a` asks, `b` accepts (naming `a` as `alias`). */
export async function befriend(a: Member, b: Member, alias = ""): Promise<void> {
  const sent = await call("POST", "/v1/friends/requests", { token: a.token, body: { to: b.id } });
  if (sent.status !== 201) throw new Error(`request failed: ${JSON.stringify(sent.body)}`);
  const accepted = await call("POST", `/v1/friends/requests/${sent.body.request.id}/accept`, { token: b.token, body: { alias } });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
}
