// Fixtures for the member side of groups: three friends in a new group, and a socket per device
// that sends group frames as they are on the wire, acks every event like a client, and keeps
// what arrived (assert sets or poll: in-process sockets may reorder a burst).
import { SELF } from "cloudflare:test";
import type { UserEvent } from "../../protocol/events";
import type { HelloFrame } from "../../protocol/frames";
import type { Group } from "../../protocol/groups";
import { waitFor } from "./chat-fixtures";
import { befriend, member, type Member } from "./friends-fixtures";
import { BASE, call } from "./helpers";

/** An owner and two of their friends, all in a new group. */
export async function groupOfThree(name = "trio"): Promise<{ owner: Member; b: Member; c: Member; group: Group }> {
  const [owner, b, c] = await Promise.all([member("go"), member("gb"), member("gc")]);
  await Promise.all([befriend(owner, b), befriend(owner, c)]);
  const group = await createGroup(owner, [b, c], name);
  return { owner, b, c, group };
}

export async function createGroup(owner: Member, members: Member[], name: string): Promise<Group> {
  const res = await call("POST", "/v1/groups", { token: owner.token, body: { name, members: members.map((m) => m.id) } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create group failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.group as Group;
}

type Frame = Record<string, any>;

export interface MemberSocket {
  hello: HelloFrame;
  /** Every durable event so far (deduplicated by eseq). */
  events: UserEvent[];
  /** Sends a frame with a fresh id and resolves with the reply that echoes it (sent, ok or error). */
  request(frame: Frame): Promise<Frame>;
  /** The first event matching, waiting for it. */
  nextEvent<T extends UserEvent["type"]>(
    type: T,
    match?: (e: Extract<UserEvent, { type: T }>) => boolean,
  ): Promise<Extract<UserEvent, { type: T }>>;
  close(): void;
}

let requestCounter = 0;

/** A device of `m` on a real socket through the Worker; every `events` frame is acked (unless `ack: false`). */
export async function memberSocket(m: Member, deviceId = "main", { ack = true } = {}): Promise<MemberSocket> {
  const res = await SELF.fetch(`${BASE}/v1/ws?device=${deviceId}`, {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${m.token}` },
  });
  const ws = res.webSocket;
  if (!ws) throw new Error(`no socket: ${res.status} ${await res.text()}`);
  ws.accept();
  const events: UserEvent[] = [];
  const seen = new Set<number>();
  const replies = new Map<string, Frame>();
  let hello: HelloFrame | undefined;
  let acked = 0;
  ws.addEventListener("message", (e) => {
    const frame = JSON.parse(String(e.data)) as Frame;
    if (frame.type === "hello") hello = frame as HelloFrame;
    else if (frame.type === "events") {
      for (const event of frame.events as UserEvent[]) if (!seen.has(event.eseq) && seen.add(event.eseq)) events.push(event);
      const upTo = Math.max(acked, ...(frame.events as UserEvent[]).map((ev) => ev.eseq));
      if (ack && upTo > acked) {
        acked = upTo;
        ws.send(JSON.stringify({ type: "ack", upTo }));
      }
    } else if (typeof frame.id === "string") replies.set(frame.id, frame);
  });
  const ready = await waitFor(() => hello, 10_000, `hello for ${m.username}/${deviceId}`);
  return {
    hello: ready,
    events,
    async request(frame) {
      const id = `q${++requestCounter}`;
      ws.send(JSON.stringify({ ...frame, id }));
      return waitFor(() => replies.get(id), 10_000, `reply to ${frame.type}`);
    },
    nextEvent(type, match = () => true) {
      return waitFor(
        () => events.find((e) => e.type === type && match(e as never)) as never,
        10_000,
        `${type} event for ${m.username}/${deviceId}`,
      );
    },
    close: () => ws.close(1000, "done"),
  };
}

/** A fresh clientMsgId. */
export const msgId = () => `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** This user's groups as hello shows them, on a new connection. */
export async function helloGroups(m: Member, deviceId = "peek"): Promise<HelloFrame["groups"]> {
  const s = await memberSocket(m, deviceId, { ack: false });
  s.close();
  return s.hello.groups;
}
