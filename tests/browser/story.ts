// The browser story, step by step. Each step is what one or both people do and what they must
// then see; later steps build on earlier ones.
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { filesStory } from "./files-story";
import { button, friendButton, label, messageRow, openApp, sendByKeyboard, signedIn, signUp, waitForMark, type Person } from "./person";
import { LOCAL_ADMIN_TOKEN } from "../../dev/local-cloud";
import { readCode, type Stack } from "./stack";
import type { StepRunner } from "./steps";

/** More than one history page (30), so Bob has to scroll back. */
export const BURST = 34;

/**
 * Polls a cell's text until `ok` accepts it, or fails with the last text seen: the admin table
 * refreshes every 5 s and each object flushes its own counters on its own alarm, so the first
 * value shown may not yet include every object's share.
 */
async function cellUntil(cell: Locator, ok: (text: string) => boolean, what: string, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await cell.count()) > 0 ? ((await cell.first().textContent()) ?? "") : "(no row yet)";
    if (ok(text)) return;
    if (Date.now() >= deadline) throw new Error(`${what}: still ${JSON.stringify(text)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Screenshots of both pages in the middle of a step, named after the step and `label`. */
export type Snap = (label: string) => Promise<void>;

/** What run.ts adds to the story: the group chapter, before Alice logs out, and who is online then. */
export interface Chapters {
  /** Runs after the 1:1 chapter (Bob has scrolled back through history). */
  beforeLogout(): Promise<void>;
  /** How many people the admin view should count online at the end. */
  online: number;
  /** Takes the README's picture of files from a person's window. */
  filesShot(p: Person): Promise<void>;
}

export async function story(runner: StepRunner, stack: Stack, alice: Person, bob: Person, snap: Snap, more: Chapters): Promise<void> {
  const ids = { alice: 0, bob: 0 };

  await runner.step("alice signs up with a code from the local mailbox", async () => {
    await openApp(alice, stack);
    await button(alice.page, "Sign up").click();
    const link = alice.page.getByRole("link", { name: "local mailbox" });
    assert.equal(await link.getAttribute("href"), stack.mailboxUrl, "the sign-up form links to the local mailbox");
    await signUp(alice, stack);
    ids.alice = await alice.id();
  });

  await runner.step("bob signs up on a phone-sized screen", async () => {
    await openApp(bob, stack);
    await signUp(bob, stack);
    ids.bob = await bob.id();
    const overflow = await bob.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "no sideways scrolling at 390 px");
  });

  await runner.step("alice finds bob and sends a friend request", async () => {
    await label(alice.page, "Find people").fill("bo");
    await button(alice.page, "Search").click();
    const result = alice.page.locator(`.results li[data-user="${ids.bob}"]`);
    await result.getByRole("button", { name: "Add friend" }).click();
    await result.getByText("Requested").waitFor();
    await alice.page.getByText("Waiting for @bob").waitFor();
    // Live notification on Bob's side: a toast and the request, without reloading.
    await bob.page.locator(".toast", { hasText: "alice wants to be your friend" }).waitFor();
    await bob.page.locator(`li[data-request]`, { hasText: "@alice" }).waitFor();
  });

  await runner.step("bob accepts and both see each other online", async () => {
    await bob.page.locator("li[data-request]", { hasText: "@alice" }).getByRole("button", { name: "Accept" }).click();
    await bob.page.locator(`li[data-friend="${ids.alice}"][data-presence="online"]`).waitFor();
    await alice.page.locator(`li[data-friend="${ids.bob}"][data-presence="online"]`).waitFor();
    await alice.page.locator(".toast", { hasText: "You and bob are now friends" }).waitFor();
  });

  await runner.step("alice writes; bob gets an unread badge; alice sees delivered then read", async () => {
    await friendButton(alice, ids.bob).click();
    await alice.page.waitForFunction(() => document.activeElement?.id === "composer");
    await sendByKeyboard(alice, "Hi Bob! Lunch at noon?");
    await waitForMark(alice, "Hi Bob! Lunch at noon?", "delivered");
    await friendButton(bob, ids.alice).locator(".badge", { hasText: "1" }).waitFor();
    await friendButton(bob, ids.alice).click();
    await messageRow(bob, "Hi Bob! Lunch at noon?").waitFor();
    await waitForMark(alice, "Hi Bob! Lunch at noon?", "read");
    await friendButton(bob, ids.alice)
      .locator(".badge")
      .waitFor({ state: "detached" })
      .catch(() => undefined);
  });

  await runner.step("bob replies and alice reads it live", async () => {
    await sendByKeyboard(bob, "Sure, see you there. À bientôt!");
    await messageRow(alice, "Sure, see you there. À bientôt!").waitFor();
    await waitForMark(bob, "Sure, see you there. À bientôt!", "read");
  });

  await filesStory(runner, alice, bob, snap, more.filesShot);

  await runner.step("alice recalls a message and it disappears for bob", async () => {
    await sendByKeyboard(alice, "Oops, wrong chat");
    await messageRow(bob, "Oops, wrong chat").waitFor();
    await messageRow(alice, "Oops, wrong chat").getByRole("button", { name: "Recall" }).click();
    await alice.page.locator(".message-list li.msg.recalled", { hasText: "You recalled a message" }).waitFor();
    await bob.page.locator(".message-list li.msg.recalled", { hasText: "Message recalled" }).waitFor();
    assert.equal(await messageRow(bob, "Oops, wrong chat").count(), 0, "the recalled text is gone on bob's page");
  });

  await runner.step("bob switches to busy and alice sees it", async () => {
    await bob.page.getByLabel("Status").selectOption("busy");
    await alice.page.locator(`li[data-friend="${ids.bob}"][data-presence="busy"]`).waitFor();
    await alice.page.locator(`#conversation-title[data-presence="busy"]`).waitFor();
  });

  await runner.step("bob goes offline; alice's messages wait", async () => {
    await bob.context.setOffline(true);
    await bob.page.locator(".banner[data-state=offline]", { hasText: "You are offline" }).waitFor();
    await alice.page.locator(`li[data-friend="${ids.bob}"][data-presence="offline"]`).waitFor();
    await sendByKeyboard(alice, "Are you there?");
    await sendByKeyboard(alice, "Call me when you're back");
    await waitForMark(alice, "Call me when you're back", "sent");
    assert.equal(
      await messageRow(alice, "Are you there?").locator(".mark").getAttribute("data-mark"),
      "sent",
      "not delivered while bob is offline",
    );
  });

  await runner.step("bob comes back online and gets the queued messages", async () => {
    await bob.context.setOffline(false);
    await bob.page.locator(".banner").waitFor({ state: "hidden", timeout: 15_000 });
    await messageRow(bob, "Are you there?").waitFor();
    await messageRow(bob, "Call me when you're back").waitFor();
    // Bob has the conversation open, so the queued messages are read at once.
    await waitForMark(alice, "Call me when you're back", "read");
    await alice.page.locator(`li[data-friend="${ids.bob}"][data-presence="busy"]`).waitFor();
  });

  await runner.step(
    "the server restarts; both pages show the reconnecting banner and recover",
    async () => {
      await stack.restartWorker(async () => {
        for (const p of [alice, bob]) await p.page.locator(".banner", { hasText: "Connection lost. Reconnecting" }).waitFor();
        // Written during the outage: waits in the outbox, goes out once the socket is back.
        await sendByKeyboard(alice, "Sent while the server was down");
        await waitForMark(alice, "Sent while the server was down", "sending");
        await snap("server-down");
      });
      // The SDK's backoff (full jitter, doubling) may wait several seconds after the server is back.
      for (const p of [alice, bob]) await p.page.locator(".banner").waitFor({ state: "hidden", timeout: 35_000 });
      await messageRow(bob, "Sent while the server was down").waitFor();
      await waitForMark(alice, "Sent while the server was down", "read");
    },
    { timeoutMs: 60_000 },
  );

  await runner.step("bob reloads, stays signed in and scrolls back through history", async () => {
    // Focus stays in the composer after a send, so the keyboard alone can type the burst.
    for (let i = 1; i <= BURST; i++) {
      await alice.page.keyboard.insertText(`Burst message ${i}`);
      await alice.page.keyboard.press("Enter");
    }
    await waitForMark(alice, `Burst message ${BURST}`, "read");
    // No wait for MySQL's write-behind: while it trails, history answers from the conversation
    // owner's log (docs/architecture.md), so a reload shows every acked message at once.
    await bob.page.reload();
    await signedIn(bob);
    await friendButton(bob, ids.alice).click();
    await messageRow(bob, `Burst message ${BURST}`).waitFor();
    assert.equal(await messageRow(bob, "Hi Bob! Lunch at noon?").count(), 0, "the oldest message is not on the first page");
    await bob.page.getByRole("log", { name: "alice" }).evaluate((el) => el.scrollTo({ top: 0 }));
    await messageRow(bob, "Hi Bob! Lunch at noon?").waitFor();
    await bob.page.getByText("This is the beginning of your conversation.").waitFor();
  });

  await more.beforeLogout();

  await runner.step("alice logs out, resets her password and logs in with it", async () => {
    await button(alice.page, "Log out").click();
    await alice.page.getByText("You are logged out.").waitFor();
    assert.equal(await alice.page.evaluate(() => sessionStorage.getItem("qchat.session")), null, "the token left sessionStorage");
    await button(alice.page, "Forgot password?").click();
    await label(alice.page, "Email").fill(alice.email);
    const since = Date.now() - 1_000;
    await button(alice.page, "Send code").click();
    await alice.page.getByText(`We emailed a 6-digit code to ${alice.email}`).waitFor();
    await label(alice.page, "Code from the email").fill(await readCode(stack.mailboxUrl, alice.email, since));
    alice.password = "a brand new passphrase";
    await label(alice.page, "New password").fill(alice.password);
    await button(alice.page, "Set new password").click();
    await alice.page.getByText("Password changed. Log in with your new password.").waitFor();
    assert.equal(await label(alice.page, "Username or email").inputValue(), alice.email);
    await label(alice.page, "Password").fill(alice.password);
    await button(alice.page, "Log in").click();
    await signedIn(alice);
    await friendButton(alice, ids.bob).waitFor();
  });

  await runner.step(
    "an operator opens the admin view and sees live counters",
    async () => {
      const page = await alice.context.newPage();
      try {
        await page.goto(`${stack.baseUrl}/admin.html`);
        await label(page, "Admin token").fill("not-the-admin-token");
        await button(page, "Show stats").click();
        await page.getByRole("alert").getByText("not the admin token").waitFor();
        await label(page, "Admin token").fill(LOCAL_ADMIN_TOKEN);
        await button(page, "Show stats").click();
        // Objects flush their counters every 5 s locally; the table refreshes every 5 s.
        const sends = page.locator("table.stats tr", { has: page.locator("th", { hasText: /^frames\.send$/ }) }).locator("td");
        await cellUntil(sends, (text) => Number(text) >= BURST, "the send counter covers at least the burst");
        const online = page.locator("table.stats tr", { has: page.locator("th", { hasText: /^users$/ }) }).locator("td");
        await cellUntil(online, (text) => text === String(more.online), `all ${more.online} people are online`);
      } finally {
        await page.close();
      }
    },
    { timeoutMs: 60_000 },
  );
}
