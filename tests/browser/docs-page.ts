// A developer on /docs, in a browser context of their own: the page renders the served OpenAPI and
// frame-schema documents, signs in as an existing user, tries GET /v1/status and GET /v1/me from
// their forms (200, the right bodies), and opens the socket console: hello arrives, a ping gets
// its pong. Found by role and name, as a screen reader would.
import assert from "node:assert/strict";
import type { Browser, Locator, Page } from "playwright-core";
import type { Stack } from "./stack";

const route = (page: Page, name: string): Locator => page.getByRole("region", { name, exact: true });

/** Opens the route's Try it form, sends it and returns the reply's status line and body. */
async function tryRoute(page: Page, name: string): Promise<{ status: string; body: unknown }> {
  const section = route(page, name);
  await section.getByRole("button", { name: "Try it", exact: true }).click();
  await section.getByRole("button", { name: "Send", exact: true }).click();
  const reply = section.getByRole("region", { name: "Reply", exact: true });
  const status = reply.locator(".reply-status");
  await status.waitFor();
  return { status: (await status.textContent()) ?? "", body: JSON.parse((await reply.getByLabel("Reply body").textContent()) ?? "null") };
}

/** An account that exists already (a story user). */
export interface DocsUser {
  username: string;
  password: string;
  id: number;
}

export async function docsPage(browser: Browser, stack: Stack, user: DocsUser, screenshot: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: "en-GB" });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => void (msg.type() === "error" && errors.push(`console: ${msg.text()}`)));
  try {
    await page.goto(`${stack.baseUrl}/docs`);
    await route(page, "GET /v1/status").waitFor();
    assert.equal(await page.getByRole("alert").filter({ hasText: "not available" }).count(), 0, "both documents load");
    assert.ok((await page.locator("section.frame").count()) >= 10, "the frames of both directions are listed");

    await page.getByLabel("Username or email", { exact: true }).fill(user.username);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Signed in" }).waitFor();

    const status = await tryRoute(page, "GET /v1/status");
    assert.match(status.status, /^HTTP 200/);
    assert.deepEqual((status.body as { services: unknown }).services, { mysql: "up", redis: "up" });
    const me = await tryRoute(page, "GET /v1/me");
    assert.match(me.status, /^HTTP 200/);
    const profile = (me.body as { user: { id: number; username: string } }).user;
    assert.equal(profile.username, user.username);
    assert.equal(profile.id, user.id);

    const socketConsole = page.getByRole("region", { name: "Socket console", exact: true });
    await socketConsole.getByRole("button", { name: "Connect", exact: true }).click();
    const frames = socketConsole.getByRole("log", { name: "Frames" });
    await frames.getByText(`"type": "hello"`).waitFor();
    await frames.getByText(`"uid": ${profile.id}`).waitFor();
    await socketConsole.getByLabel("Frame", { exact: true }).selectOption({ label: "ping" });
    await socketConsole.getByRole("button", { name: "Send frame", exact: true }).click();
    await frames.getByText(`"type": "pong"`).waitFor();
    await socketConsole.getByRole("button", { name: "Disconnect", exact: true }).click();
    await socketConsole.getByRole("status").getByText("Closed: 1000 NORMAL").waitFor();
    assert.deepEqual(errors, [], "the docs page logged no errors");
  } finally {
    await page.screenshot({ path: screenshot, fullPage: false }).catch(() => undefined);
    await context.close();
  }
}
