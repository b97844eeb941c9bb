// Minimal RESP2 client over node:net: encodes commands, parses replies, and pools connections.
import { connect, type Socket } from "node:net";
import { parseReply, type RespReply } from "./resp-parser";

export type { RespReply } from "./resp-parser";
export { RespError } from "./resp-parser";

export interface RespConnection {
  /** Sends one command; replies come back in order, so several calls may be in flight (pipelining). */
  send(args: readonly string[]): Promise<RespReply>;
  /** True once the socket failed or closed; such a connection must not be reused. */
  readonly broken: boolean;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 3_000;

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg, "utf8");
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

/** Opens one connection; rejects if Redis does not accept it within a few seconds. */
export function openRespConnection(host: string, port: number): Promise<RespConnection> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    const pending: { resolve(reply: RespReply): void; reject(err: Error): void }[] = [];
    let buffer: Buffer = Buffer.alloc(0);
    let broken = false;

    const fail = (err: Error) => {
      broken = true;
      for (const waiter of pending.splice(0)) waiter.reject(err);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => {
      const err = new Error(`redis at ${host}:${port} did not answer within ${CONNECT_TIMEOUT_MS} ms`);
      socket.destroy(err);
      reject(err);
    });
    socket.once("connect", () => {
      socket.setTimeout(0); // blocking commands may legitimately wait for a long time
      socket.setNoDelay(true);
      resolve(connection);
    });
    socket.on("error", (err) => (fail(err), reject(err)));
    socket.on("close", () => fail(new Error("redis connection closed")));
    socket.on("data", (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      try {
        let parsed = parseReply(buffer, 0);
        while (parsed) {
          buffer = buffer.subarray(parsed.next);
          pending.shift()?.resolve(parsed.value);
          parsed = buffer.length > 0 ? parseReply(buffer, 0) : undefined;
        }
      } catch (err) {
        socket.destroy(err as Error); // a protocol error leaves the stream unusable
      }
    });

    const connection: RespConnection = {
      get broken() {
        return broken;
      },
      send(args) {
        if (broken) return Promise.reject(new Error("redis connection is closed"));
        return new Promise<RespReply>((resolveReply, rejectReply) => {
          pending.push({ resolve: resolveReply, reject: rejectReply });
          socket.write(encodeCommand(args));
        });
      },
      close() {
        broken = true;
        socket.destroy();
      },
    };
  });
}

export interface RespPool {
  /** Runs `fn` with a connection nobody else uses meanwhile; broken connections are dropped, not reused. */
  withConnection<T>(fn: (conn: RespConnection) => Promise<T>): Promise<T>;
  close(): void;
}

/** Keeps up to `maxIdle` idle connections; opens more on demand. */
export function createRespPool(host: string, port: number, maxIdle = 8): RespPool {
  const idle: RespConnection[] = [];
  const all = new Set<RespConnection>();
  let closed = false;

  return {
    async withConnection(fn) {
      if (closed) throw new Error("redis pool is closed");
      let conn = idle.pop();
      while (conn?.broken) (all.delete(conn), (conn = idle.pop())); // died while idle, e.g. redis restarted
      conn ??= await openRespConnection(host, port);
      all.add(conn);
      try {
        return await fn(conn);
      } finally {
        if (closed || conn.broken || idle.length >= maxIdle) {
          conn.close();
          all.delete(conn);
        } else {
          idle.push(conn);
        }
      }
    },
    close() {
      closed = true;
      for (const conn of all) conn.close();
      all.clear();
      idle.length = 0;
    },
  };
}
