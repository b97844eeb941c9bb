// Bounded storage in the user's object: unnamed devices are forgotten when their socket closes,
// the offline queue is capped (a device past the cap gets hello.resync and pages history), the
// replay on connect goes a window at a time behind acks, and old send acks and log rows are
// pruned. Every claim is read from the object's own SQLite.
import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appendEvent } from "../../durable-objects/user-session/event-stream";
import { REPLAY_WINDOW_EVENTS } from "../../durable-objects/user-session/replay";
import { capQueue, pruneFlushedLog, readRetention } from "../../durable-objects/user-session/retention";
import { connect, friendPair, inUserObject, sleep, userStub, waitFor } from "./chat-fixtures";
import { BASE, call } from "./helpers";

const DAY_MS = 24 * 3600_000;

/** A socket that records every frame and acks only when told to. */
async function socketOf(token: string, device?: string) {
  const query = device === undefined ? "" : `?device=${device}`;
  const res = await SELF.fetch(`${BASE}/v1/ws${query}`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
  const ws = res.webSocket!;
  ws.accept();
  const frames: Record<string, any>[] = [];
  ws.addEventListener("message", (e) => void frames.push(JSON.parse(String(e.data)) as Record<string, any>));
  const hello = await waitFor(() => frames.find((f) => f.type === "hello"), 10_000, "hello");
  const eseqs = () => frames.filter((f) => f.type === "events").flatMap((f) => f.events.map((e: { eseq: number }) => e.eseq) as number[]);
  const ack = (upTo: number) => ws.send(JSON.stringify({ type: "ack", upTo }));
  return { ws, hello, frames, eseqs, ack };
}

const count = (uid: number, table: string) =>
  inUserObject(uid, (sql) => sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n);

describe("unnamed devices", () => {
  it("are forgotten when their socket closes, so an abandoned one keeps no events", async () => {
    const [a, b] = await friendPair();
    const phone = await connect(b, "phone");
    const unnamed = await socketOf(b.token);
    expect(unnamed.hello.deviceId).toMatch(/^anon:/);
    const ca = await connect(a);
    for (let i = 1; i <= 3; i++) await ca.send(b.id, `m${i}`);
    await waitFor(() => phone.events().filter((e) => e.type === "message").length === 3);
    await waitFor(() => unnamed.eseqs().length >= 3);
    unnamed.ws.close(1000, "bye"); // it never acked anything
    phone.close(); // acks what it has on the way out
    await phone.closed;
    const left = await waitFor(
      async () => {
        const state = await inUserObject(b.id, (sql) => ({
          events: sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
          devices: sql
            .exec<{ device_id: string }>("SELECT device_id FROM devices")
            .toArray()
            .map((d) => d.device_id),
        }));
        return state.events === 0 && state;
      },
      10_000,
      "events pruned",
    );
    expect(left.devices).toEqual(["phone"]);
    ca.close();
  });
});

describe("the offline queue cap", () => {
  it("drops events a named device never acked once they are past the age cap; the device gets hello.resync and pages history", async () => {
    const [a, b] = await friendPair();
    const tablet = await connect(b, "tablet");
    tablet.close();
    await tablet.closed;
    const phone = await connect(b, "phone");
    const ca = await connect(a);
    for (let i = 1; i <= 5; i++) await ca.send(b.id, `m${i}`);
    await waitFor(() => phone.events().filter((e) => e.type === "message").length === 5);
    phone.close();
    await phone.closed;
    // The tablet holds them: the phone acked, the tablet did not.
    const before = await inUserObject(b.id, (sql) => ({
      tablet: sql.exec<{ acked: number }>("SELECT acked FROM devices WHERE device_id = 'tablet'").one().acked,
      newest: sql.exec<{ eseq: number }>("SELECT MAX(eseq) AS eseq FROM events").one().eseq,
      kept: sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
    }));
    expect(before.kept).toBeGreaterThanOrEqual(5);
    // 31 days pass for the queue (QUEUE_MAX_DAYS is 30).
    await inUserObject(b.id, (sql) => sql.exec("UPDATE events SET created_at = created_at - ?", 31 * DAY_MS));

    const back = await socketOf(b.token, "tablet");
    expect(back.hello.resync).toEqual({ reason: "queue_limit", fromEseq: before.tablet + 1, toEseq: before.newest });
    expect(back.hello.pending).toBe(0);
    await sleep(300);
    expect(back.eseqs()).toEqual([]);
    expect(await count(b.id, "events")).toBe(0);
    // What it missed is in history, two at a time (MySQL answers once the write-behind ran).
    const bodies: string[] = [];
    let cursor: number | null | undefined;
    await waitFor(
      async () => {
        const r = await call("GET", `/v1/conversations/${a.id}/messages?limit=5`, { token: b.token });
        return r.body.messages?.length === 5;
      },
      15_000,
      "history has the messages",
    );
    do {
      const page = await call("GET", `/v1/conversations/${a.id}/messages?limit=2${cursor ? `&before=${cursor}` : ""}`, { token: b.token });
      expect(page.status).toBe(200);
      bodies.push(...page.body.messages.map((m: { body: string }) => m.body));
      cursor = page.body.nextBefore;
    } while (cursor);
    expect(bodies).toEqual(["m5", "m4", "m3", "m2", "m1"]);
    // A live event reaches it normally afterwards.
    await ca.send(b.id, "after the gap");
    await waitFor(() => back.frames.some((f) => f.type === "events" && f.events.some((e: any) => e.message?.body === "after the gap")));
    back.ws.close();
    ca.close();
  });

  it("drops events beyond the count cap, oldest first, and remembers how far", async () => {
    const [, b] = await friendPair();
    const result = await inUserObject(b.id, (sql) => {
      for (let i = 0; i < 8; i++) appendEvent(sql, `test:${i}`, { type: "friend_removed", friendId: 100_000_000 + i });
      const newest = sql.exec<{ eseq: number }>("SELECT MAX(eseq) AS eseq FROM events").one().eseq;
      const dropped = capQueue(sql, { ...readRetention(env), queueMaxEvents: 3 });
      const kept = sql
        .exec<{ eseq: number }>("SELECT eseq FROM events ORDER BY eseq")
        .toArray()
        .map((r) => r.eseq);
      return { newest, dropped, kept };
    });
    expect(result.dropped).toBe(result.newest - 3);
    expect(result.kept).toEqual([result.newest - 2, result.newest - 1, result.newest]);
  });
});

describe("replay on connect", () => {
  it("sends a long queue a window at a time, the next window only after the device acks", async () => {
    const [, b] = await friendPair();
    const first = await socketOf(b.token, "slow");
    await sleep(200);
    first.ack(Math.max(0, ...first.eseqs()));
    first.ws.close();
    await sleep(200);
    const total = REPLAY_WINDOW_EVENTS * 2 + 200;
    const range = await inUserObject(b.id, (sql) => {
      for (let i = 0; i < total; i++) appendEvent(sql, `test:${i}`, { type: "friend_removed", friendId: 100_000_000 + i });
      return sql
        .exec<{ low: number; high: number }>("SELECT MIN(eseq) AS low, MAX(eseq) AS high FROM events WHERE key LIKE 'test:%'")
        .one();
    });

    const slow = await socketOf(b.token, "slow");
    expect(slow.hello.pending).toBe(total);
    await sleep(500);
    expect(slow.eseqs()).toHaveLength(REPLAY_WINDOW_EVENTS);
    for (let window = 2; window <= 3; window++) {
      slow.ack(slow.eseqs().at(-1)!);
      const want = Math.min(total, window * REPLAY_WINDOW_EVENTS);
      await waitFor(() => slow.eseqs().length >= want, 5_000, `window ${window}`);
      await sleep(200);
      expect(slow.eseqs()).toHaveLength(want);
    }
    // Every event once, in order, and no frame over 100 events.
    const expected = Array.from({ length: total }, (_, i) => range.low + i);
    expect(slow.eseqs()).toEqual(expected);
    expect(Math.max(...slow.frames.filter((f) => f.type === "events").map((f) => f.events.length))).toBeLessThanOrEqual(100);
    slow.ws.close();
  });
});

describe("pruning by age", () => {
  it("drops send acks older than the retry window on the alarm", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    await ca.send(b.id, "old");
    await ca.send(b.id, "new");
    expect(await count(a.id, "sent_index")).toBe(2);
    await inUserObject(a.id, (sql) => {
      sql.exec(
        "UPDATE sent_index SET sent_at = sent_at - ? WHERE message_id IN (SELECT message_id FROM sent_index ORDER BY seq LIMIT 1)",
        8 * DAY_MS,
      );
      sql.exec("DELETE FROM kv WHERE key = 'retention_scanned_at'");
    });
    await waitFor(() => runDurableObjectAlarm(userStub(a.id)), 5_000, "an alarm to run");
    const left = await inUserObject(a.id, (sql) =>
      sql
        .exec<{ seq: number }>("SELECT seq FROM sent_index")
        .toArray()
        .map((r) => r.seq),
    );
    expect(left).toEqual([2]);
    ca.close();
  });

  it("drops the owner's old log rows once MySQL has them, keeping the newest per conversation", async () => {
    const [a, b] = await friendPair();
    const owner = Math.min(a.id, b.id);
    const sender = owner === a.id ? a : b;
    const peer = owner === a.id ? b : a;
    const c = await connect(sender);
    for (let i = 1; i <= 3; i++) await c.send(peer.id, `m${i}`);
    await waitFor(async () => (await count(owner, "mysql_outbox")) === 0, 15_000, "write-behind");
    const after = await inUserObject(owner, (sql) => {
      sql.exec("UPDATE conv_log SET sent_at = sent_at - ?", 8 * DAY_MS);
      pruneFlushedLog(sql, { ...readRetention(env), logKeepPerConversation: 1 });
      return {
        seqs: sql
          .exec<{ seq: number }>("SELECT seq FROM conv_log ORDER BY seq")
          .toArray()
          .map((r) => r.seq),
        pruned: sql
          .exec<{ up_to_seq: number }>("SELECT up_to_seq FROM conv_pruned")
          .toArray()
          .map((r) => r.up_to_seq),
      };
    });
    expect(after).toEqual({ seqs: [3], pruned: [2] });
    c.close();
  });
});
