// Incremental RESP2 reply parser: returns undefined until a whole reply is buffered.

/** An error reply from Redis (`-ERR ...`); kept as a value so pipelines can report it per command. */
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespError";
  }
}

/**
 * A parsed reply. Simple strings (`+OK`) stay JS strings and bulk strings stay Buffers, because
 * the Upstash wire format treats them differently (only the status "OK" is sent un-encoded).
 */
export type RespReply = string | Buffer | number | null | RespError | RespReply[];

export interface Parsed {
  value: RespReply;
  next: number;
}

const CRLF = "\r\n";

/** Parses one reply starting at `offset`; undefined when the buffer ends mid-reply. */
export function parseReply(buf: Buffer, offset: number): Parsed | undefined {
  const lineEnd = buf.indexOf(CRLF, offset);
  if (lineEnd < 0) return undefined;
  const kind = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString("utf8", offset + 1, lineEnd);
  const afterLine = lineEnd + 2;

  switch (kind) {
    case "+":
      return { value: line, next: afterLine };
    case "-":
      return { value: new RespError(line), next: afterLine };
    case ":":
      return { value: Number(line), next: afterLine };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, next: afterLine };
      const end = afterLine + length;
      if (buf.length < end + 2) return undefined;
      return { value: Buffer.from(buf.subarray(afterLine, end)), next: end + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, next: afterLine };
      const items: RespReply[] = [];
      let next = afterLine;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(kind)}`);
  }
}
