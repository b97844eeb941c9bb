// Reads a verification code from the local mailbox of `npm start` (the Resend emulator), so
// signing up locally needs no real email: GET <mailbox>/api/messages?to=<email>, newest first.

interface MailboxMessage {
  subject: string;
  text: string;
  created_at: string;
}

const POLL_MS = 250;

/** The 6-digit code of the newest email to `email` sent at or after `since`, or undefined. */
export async function codeFromMailbox(mailboxUrl: string, email: string, since: number, timeoutMs = 10_000): Promise<string | undefined> {
  const url = `${mailboxUrl.replace(/\/+$/, "")}/api/messages?to=${encodeURIComponent(email)}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`the mailbox answered ${res.status}`);
    const messages = (await res.json()) as MailboxMessage[];
    // A second of slack: the mailbox stamps its own clock, which may trail ours a little.
    const fresh = messages.find((m) => Date.parse(m.created_at) >= since - 1_000);
    const code = fresh && (fresh.subject.match(/\b(\d{6})\b/) ?? fresh.text.match(/\b(\d{6})\b/))?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return undefined;
}
