// Mailbox: JSON API (newest first, filtered by recipient, clearing) and HTML pages that escape everything.
import { beforeEach, describe, expect, it } from "vitest";
import { Resend } from "resend";
import { useEmulators } from "./fixture";

const env = useEmulators();

async function send(to: string | string[], subject: string, body: { html?: string; text?: string } = { text: "t" }): Promise<string> {
  const resend = new Resend(env.credentials.resendApiKey, { baseUrl: env.emulators.urls.resend });
  const { data, error } = await resend.emails.send({ from: "QChat <noreply@qchat.test>", to, subject, ...body } as never);
  if (error) throw new Error(error.message);
  return data!.id;
}

async function get(path: string): Promise<Response> {
  return fetch(`${env.emulators.urls.mailbox}${path}`);
}

describe("mailbox", () => {
  beforeEach(async () => {
    const res = await fetch(`${env.emulators.urls.mailbox}/api/messages`, { method: "DELETE" });
    expect(res.status).toBe(204);
  });

  it("lists messages newest first and filters by recipient address", async () => {
    const first = await send("bob@example.test", "one");
    const second = await send(["carol@example.test", "Bob <BOB@example.test>"], "two");
    const third = await send("carol@example.test", "three");
    const all = (await (await get("/api/messages")).json()) as { id: string }[];
    expect(all.map((m) => m.id)).toEqual([third, second, first]);
    const bob = (await (await get("/api/messages?to=bob@example.test")).json()) as { id: string; subject: string }[];
    expect(bob.map((m) => m.subject)).toEqual(["two", "one"]);
    expect(await (await get("/api/messages?to=nobody@example.test")).json()).toEqual([]);
  });

  it("clears all messages on DELETE", async () => {
    await send("dave@example.test", "gone soon");
    await fetch(`${env.emulators.urls.mailbox}/api/messages`, { method: "DELETE" });
    expect(await (await get("/api/messages")).json()).toEqual([]);
  });

  it("escapes a script subject on the list page", async () => {
    await send("eve@example.test", '<script>alert(1)</script> & "quotes"');
    const res = await get("");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
  });

  it("shows one message with its HTML body only inside a sandboxed srcdoc iframe", async () => {
    const id = await send("frank@example.test", "<img src=x onerror=alert(1)>", {
      html: `<p onclick="x()">Hi</p><script>alert("html")</script>`,
      text: "plain <b>text</b>",
    });
    const res = await get(`/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<script|<img|<p onclick/);
    expect(html).toContain(
      `<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="&lt;p onclick=&quot;x()&quot;&gt;Hi&lt;/p&gt;&lt;script&gt;alert(&quot;html&quot;)&lt;/script&gt;">`,
    );
    expect(html).toContain("<pre>plain &lt;b&gt;text&lt;/b&gt;</pre>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("answers 404 for unknown messages and path tricks", async () => {
    expect((await get("/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    expect((await get("/..%2F..%2Fpackage")).status).toBe(404);
    expect((await get("/api/messages/not-an-id")).status).toBe(404);
  });
});
