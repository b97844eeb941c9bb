// The local mailbox: every email "sent" through the Resend emulator, one JSON file per message.
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A stored email: the fields the Resend API accepted, normalised, plus id and creation time. */
export interface StoredEmail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  reply_to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  attachments: { filename: string; size: number }[];
  scheduled_at: string | null;
  /** ISO time, strictly increasing within one process so "newest first" is stable. */
  created_at: string;
}

/** What `GET /mailbox/api/messages` returns per message. */
export type MessageSummary = Pick<StoredEmail, "id" | "to" | "from" | "subject" | "text" | "html" | "created_at">;

export interface Mailbox {
  save(email: Omit<StoredEmail, "created_at">): Promise<StoredEmail>;
  /** Newest first; `to` keeps only messages addressed (to/cc/bcc) to that address, case-insensitively. */
  list(filter?: { to?: string }): Promise<StoredEmail[]>;
  get(id: string): Promise<StoredEmail | undefined>;
  clear(): Promise<void>;
}

const ID_PATTERN = /^[0-9a-f-]{36}$/;

/** The bare address of `Name <a@b.c>` or `a@b.c`, lower-cased. */
export function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim().toLowerCase();
}

export function summarize(email: StoredEmail): MessageSummary {
  const { id, to, from, subject, text, html, created_at } = email;
  return { id, to, from, subject, text, html, created_at };
}

/** Message files in the folder; none if someone removed the folder meanwhile. */
async function messageFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Opens (creating if needed) the mailbox folder. */
export async function openMailbox(dir: string): Promise<Mailbox> {
  await mkdir(dir, { recursive: true });
  let lastTime = 0;
  const fileOf = (id: string) => join(dir, `${id}.json`);

  async function readAll(): Promise<StoredEmail[]> {
    const names = await messageFiles(dir);
    const emails = await Promise.all(
      names.map(async (name) => {
        try {
          return JSON.parse(await readFile(join(dir, name), "utf8")) as StoredEmail;
        } catch {
          return undefined; // half-written or foreign file: skip it rather than break the listing
        }
      }),
    );
    return emails.filter((e): e is StoredEmail => e !== undefined && typeof e.created_at === "string");
  }

  return {
    async save(email) {
      await mkdir(dir, { recursive: true });
      lastTime = Math.max(Date.now(), lastTime + 1);
      const stored: StoredEmail = { ...email, created_at: new Date(lastTime).toISOString() };
      await writeFile(fileOf(email.id), JSON.stringify(stored, null, 2));
      return stored;
    },
    async list(filter = {}) {
      const wanted = filter.to ? bareAddress(filter.to) : undefined;
      const all = await readAll();
      const addressed = (e: StoredEmail) => [...e.to, ...e.cc, ...e.bcc].some((a) => bareAddress(a) === wanted);
      return all
        .filter((e) => wanted === undefined || addressed(e))
        .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    },
    async get(id) {
      if (!ID_PATTERN.test(id)) return undefined; // ids become file names: never let a path through
      try {
        return JSON.parse(await readFile(fileOf(id), "utf8")) as StoredEmail;
      } catch {
        return undefined;
      }
    },
    async clear() {
      const names = await messageFiles(dir);
      await Promise.all(names.map((n) => rm(join(dir, n), { force: true })));
    },
  };
}
