// Bulk setup, straight into the stores (registration needs emailed codes, one by one): users in
// MariaDB with a real PBKDF2 hash, ring friendships, and login sessions in Redis with tokens
// signed by the stack's TOKEN_SECRET, exactly as a login would leave them; a group creator's
// friendships with its members (creating the group itself goes through the route).
import { randomUUID } from "node:crypto";
import { createConnection } from "mysql2/promise";
import { hashPassword } from "../workers/gateway/password";
import { signToken } from "../workers/status/token";
import type { StackInfo } from "./stack-process";

export const BENCH_PASSWORD = "bench password 1";
const BATCH = 1000;

export interface SeededUser {
  id: number;
  username: string;
  token: string;
}

export interface Seeder {
  /** `count` new users; with `ring`, user i and i+1 (mod count) are friends both ways. */
  users(count: number, opts: { ring: boolean; iterations: number; sessions: boolean }): Promise<SeededUser[]>;
  /** Makes `hub` a friend of every one of `spokes`, both ways (a group's creator and its members). */
  friendsOf(hub: SeededUser, spokes: SeededUser[]): Promise<void>;
  /** Milliseconds one PBKDF2 hash at `iterations` took in Node (median of 3). */
  hashCostMs(iterations: number): Promise<number>;
  close(): Promise<void>;
}

/** Needs only the stack's MySQL, Upstash endpoint and TOKEN_SECRET (the bench's stack or a running `npm start`). */
export async function openSeeder(stack: Pick<StackInfo, "mysql" | "upstash" | "vars">, runTag: string): Promise<Seeder> {
  const db = await createConnection(stack.mysql);
  const hashes = new Map<number, string>();
  const usedIds = new Set<number>();
  let serial = 0;
  const hashFor = async (iterations: number) => {
    if (!hashes.has(iterations)) hashes.set(iterations, await hashPassword(BENCH_PASSWORD, iterations));
    return hashes.get(iterations)!;
  };
  const nextId = () => {
    for (;;) {
      const id = 100_000_000 + Math.floor(Math.random() * 900_000_000);
      if (!usedIds.has(id)) return (usedIds.add(id), id);
    }
  };

  async function redisPipeline(commands: (string | number)[][]): Promise<void> {
    const res = await fetch(`${stack.upstash.url}/pipeline`, {
      method: "POST",
      headers: { Authorization: `Bearer ${stack.upstash.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(commands),
    });
    if (!res.ok) throw new Error(`redis pipeline: HTTP ${res.status} ${await res.text()}`);
  }

  /** Both directions of each pair, as accepting a friend request leaves them. */
  async function befriend(pairs: [SeededUser, SeededUser][]): Promise<void> {
    const now = new Date();
    const rows = pairs.flatMap(([a, b]) => [
      [a.id, b.id, "", now],
      [b.id, a.id, "", now],
    ]);
    for (let i = 0; i < rows.length; i += BATCH) {
      await db.query("INSERT IGNORE INTO friendships (user_id, friend_id, alias, created_at) VALUES ?", [rows.slice(i, i + BATCH)]);
    }
  }

  return {
    async users(count, opts) {
      const hash = await hashFor(opts.iterations);
      const now = new Date();
      const users = Array.from({ length: count }, () => {
        const username = `b${runTag}${(serial++).toString(36)}`;
        return { id: nextId(), username, token: "" };
      });
      for (let i = 0; i < users.length; i += BATCH) {
        // Bench usernames are ASCII lower case, so each is its own lookup key (NFKC + lower case).
        const rows = users
          .slice(i, i + BATCH)
          .map((u) => [u.id, u.username, u.username, `${u.username}@bench.test`, hash, u.username, "", "unknown", now, now]);
        await db.query(
          "INSERT INTO users (id, username, username_key, email, password_hash, nickname, bio, sex, created_at, updated_at) VALUES ?",
          [rows],
        );
      }
      if (opts.ring && count >= 2) await befriend(users.map((u, i) => [u, users[(i + 1) % count]!]));
      if (opts.sessions) {
        const ttl = 6 * 3600;
        const iat = Math.floor(Date.now() / 1000);
        const secret = stack.vars.TOKEN_SECRET!;
        const commands: (string | number)[][] = [];
        for (const u of users) {
          const jti = randomUUID();
          commands.push(["SET", `qchat:session:${jti}`, String(u.id), "EX", ttl]);
          u.token = await signToken({ sub: String(u.id), jti, iat, exp: iat + ttl }, secret);
        }
        for (let i = 0; i < commands.length; i += BATCH) await redisPipeline(commands.slice(i, i + BATCH));
      }
      return users;
    },
    friendsOf: (hub, spokes) => befriend(spokes.filter((s) => s.id !== hub.id).map((s) => [hub, s])),
    async hashCostMs(iterations) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await hashPassword(BENCH_PASSWORD, iterations);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[1]!;
    },
    close: () => db.end(),
  };
}
