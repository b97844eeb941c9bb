// Resend emulator: the resend SDK sends mail into the local mailbox; auth and validation errors match Resend's shape.
import { describe, expect, it } from "vitest";
import { Resend } from "resend";
import { useEmulators } from "./fixture";

const env = useEmulators();

function resend(key = env.credentials.resendApiKey): Resend {
  return new Resend(key, { baseUrl: env.emulators.urls.resend });
}

async function inbox(to: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${env.emulators.urls.mailbox}/api/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as Record<string, unknown>[];
}

describe("resend emails", () => {
  it("stores an html+text email and returns its id", async () => {
    const { data, error } = await resend().emails.send({
      from: "QChat <noreply@qchat.test>",
      to: "Ada@Example.test",
      cc: ["cc@example.test"],
      subject: "Your code: 123456 ✅",
      html: "<p>Your code is <b>123456</b></p>",
      text: "Your code is 123456",
    });
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = await inbox("ada@example.test");
    expect(message).toEqual({
      id: data?.id,
      to: ["Ada@Example.test"],
      from: "QChat <noreply@qchat.test>",
      subject: "Your code: 123456 ✅",
      text: "Your code is 123456",
      html: "<p>Your code is <b>123456</b></p>",
      created_at: expect.any(String),
    });
  });

  it("gets a sent email back by id", async () => {
    const sent = await resend().emails.send({ from: "a@qchat.test", to: ["get@example.test"], subject: "s", text: "t" });
    const { data, error } = await resend().emails.get(sent.data!.id);
    expect(error).toBeNull();
    expect(data).toMatchObject({ object: "email", id: sent.data!.id, to: ["get@example.test"], subject: "s", text: "t", html: null });
  });

  it("returns the same id for a repeated idempotency key and 409 for a different payload", async () => {
    const email = { from: "a@qchat.test", to: "idem@example.test", subject: "once", text: "t" };
    const first = await resend().emails.send(email, { idempotencyKey: "k-1" });
    const again = await resend().emails.send(email, { idempotencyKey: "k-1" });
    expect(again.data?.id).toBe(first.data?.id);
    expect(await inbox("idem@example.test")).toHaveLength(1);
    const other = await resend().emails.send({ ...email, subject: "changed" }, { idempotencyKey: "k-1" });
    expect(other.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
  });

  it("rejects an unknown API key with 403 invalid_api_key and a missing one with 401", async () => {
    const { data, error } = await resend("re_wrong").emails.send({ from: "a@qchat.test", to: "x@example.test", subject: "s", text: "t" });
    expect(data).toBeNull();
    expect(error).toEqual({ statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });
    const res = await fetch(`${env.emulators.urls.resend}/emails`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
    expect(await inbox("x@example.test")).toEqual([]);
  });

  it("answers 422 for missing from, to, subject or body and for a malformed from", async () => {
    const base = { from: "a@qchat.test", to: "v@example.test", subject: "s", text: "t" };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...base, from: undefined }, "missing_required_field", /`from`/],
      [{ ...base, to: undefined }, "missing_required_field", /`to`/],
      [{ ...base, to: [] }, "missing_required_field", /`to`/],
      [{ ...base, subject: undefined }, "missing_required_field", /`subject`/],
      [{ ...base, text: undefined }, "missing_required_field", /`html` or `text`/],
      [{ ...base, from: "not an address" }, "invalid_from_address", /`from`/],
    ];
    for (const [payload, name, message] of cases) {
      const { error } = await resend().emails.send(payload as never);
      expect(error, JSON.stringify(payload)).toMatchObject({ statusCode: 422, name, message: expect.stringMatching(message) });
    }
    expect(await inbox("v@example.test")).toEqual([]);
  });
});
