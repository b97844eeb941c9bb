// How the load client reaches the room: one socket per pair object. In the bench's rings (user i
// sends to i+1 and receives from i-1, bench/workloads.ts) every user is in two pairs, and a
// WebSocket is held by exactly one object, so each user opens two sockets: one to the pair it
// sends on, one to the pair it receives on. QChat's one socket per user stays as it is (its user
// object fans in every conversation); the per-socket rows count both of the room's sockets.
import type { Endpoint, Target } from "../sockets";

/** `rings`: each ring's users in ring order, as the chat and idle phases open them. */
export function roomTarget(url: string, rings: { id: number }[][]): Target {
  const peers = new Map<number, number[]>();
  for (const ring of rings) {
    ring.forEach((user, i) => {
      const prev = ring[(i - 1 + ring.length) % ring.length]!.id;
      const next = ring[(i + 1) % ring.length]!.id;
      peers.set(user.id, prev === next ? [next] : [next, prev]);
    });
  }
  return {
    name: "room",
    address(user): Endpoint[] {
      const mine = peers.get(user.id);
      if (!mine) throw new Error(`room: user ${user.id} is in no ring`);
      return mine.map((peer) => ({ url: `${url}/?uid=${user.id}&peer=${peer}`, protocols: [], peer }));
    },
  };
}
