// The everyday chapter of the browser story (issue 15): Alice and Bob see each other typing; Bob
// edits a message (Up-arrow, Escape, then a real edit) and Alice sees "(edited)"; Alice deletes a
// message for herself only (gone after her reload, still on Bob's page); Bob clears his whole
// conversation with her (his page only); in a new group both see Carol typing and her edit; she searches her
// messages, pages on with "Load more" and jumps to an old one; she blocks Carol and unblocks her
// in Settings; she exports her data as a JSON download; Dave signs up, writes to Alice, deletes
// his account and is signed out; her earlier "Find people" hit for him reads "Deleted user" with no
// "Add friend", and her search shows his message as from "Deleted user".
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Browser, Locator } from "playwright-core";
import { button, friendButton, label, messageRow, openApp, sendByKeyboard, signedIn, signUp, type Person } from "./person";
import { newPerson } from "./person";
import type { Stack } from "./stack";
import type { StepRunner } from "./steps";
import type { Snap } from "./story";

const typingLine = (p: Person): Locator => p.page.locator(".conversation:not(.group-view) .typing-line");
const composer = (p: Person): Locator => p.page.locator("#composer");
const editingBar = (p: Person): Locator => p.page.locator(".conversation:not(.group-view) .editing-bar");
/** The confirm dialog's button (the dialog names the action and its consequences). */
async function confirm(p: Person, expect: RegExp, yes: string): Promise<void> {
  const dialog = p.page.getByRole("alertdialog");
  await dialog.getByText(expect).waitFor();
  await dialog.getByRole("button", { name: yes, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
}
const openSettings = async (p: Person): Promise<Locator> => {
  await button(p.page, "Settings").click();
  const dialog = p.page.getByRole("dialog", { name: "Settings" });
  await dialog.waitFor();
  return dialog;
};
const BOOK_CLUB = "Book club";
/** The server's edit window in this run (run.ts passes it to the Worker). */
export const EDIT_WINDOW_SECONDS = 20;
const groupButton = (p: Person): Locator => p.page.locator("li[data-group]", { hasText: BOOK_CLUB }).locator("button.group");
const groupComposer = (p: Person): Locator => p.page.locator("#group-composer");
const groupTyping = (p: Person): Locator => p.page.locator(".group-view .typing-line");
const groupMessage = (p: Person, text: string): Locator =>
  p.page.locator(".group-view .message-list li.msg").filter({ has: p.page.locator("p.body").getByText(text, { exact: true }) });
const searchHits = (p: Person): Locator => p.page.locator(".search-hits li");
/** Searches and waits for the answer (the button is disabled while the search runs). */
async function searchMessages(p: Person, q: string): Promise<void> {
  await label(p.page, "Search messages").fill(q);
  const submit = p.page.getByRole("button", { name: "Search in messages", exact: true });
  await submit.click();
  await p.page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button[aria-label="Search in messages"]')?.disabled);
  await p.page.locator(".search-summary", { hasText: `“${q}”` }).waitFor();
}

/** Searches again until a hit holds `text`: a message reaches MySQL's index a moment after it is sent. */
async function searchUntil(p: Person, q: string, text: string, timeoutMs = 10_000): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await searchMessages(p, q);
    const hit = searchHits(p).filter({ hasText: text });
    if ((await hit.count()) > 0) return hit;
    if (Date.now() > deadline) throw new Error(`no hit with ${JSON.stringify(text)} for ${JSON.stringify(q)} after ${timeoutMs} ms`);
    await p.page.waitForTimeout(500);
  }
}

export interface EverydayOptions {
  /** Message search (GET /v1/search/messages) is served. */
  search: boolean;
  /** Account export and deletion (/v1/me/export, /v1/me/delete) are served. */
  account: boolean;
  /** Messages that Alice sent Bob earlier, oldest first ("Burst message 1".."N"). */
  burst: number;
}

export async function everydayStory(
  runner: StepRunner,
  stack: Stack,
  browser: Browser,
  people: { alice: Person; bob: Person; carol: Person },
  opts: EverydayOptions,
  snap: Snap,
): Promise<void> {
  const { alice, bob, carol } = people;
  const ids = { alice: await alice.id(), bob: await bob.id(), carol: await carol.id() };

  await runner.step("alice and bob see each other typing; it clears when the message arrives", async () => {
    await friendButton(alice, ids.bob).click();
    // Bob's phone shows one panel: back to the list first if a conversation is open.
    for (const back of ["Back to the list", "Back to friends"])
      if (await bob.page.getByRole("button", { name: back }).isVisible()) await bob.page.getByRole("button", { name: back }).click();
    await friendButton(bob, ids.alice).click();
    await composer(alice).pressSequentially("Are we still on for Saturday?");
    await typingLine(bob).getByText("alice is typing…", { exact: true }).waitFor();
    await composer(bob).pressSequentially("Yes");
    await typingLine(alice).getByText("bob is typing…", { exact: true }).waitFor();
    await composer(alice).press("Enter");
    await messageRow(bob, "Are we still on for Saturday?").waitFor();
    assert.equal(await typingLine(bob).textContent(), "", "alice's message ends her typing notice");
    await composer(bob).fill("");
  });

  await runner.step("bob edits his message with Up-arrow; alice sees the new text marked (edited)", async () => {
    await sendByKeyboard(bob, "Yes, see you at 7");
    await messageRow(alice, "Yes, see you at 7").waitFor();
    // Up-arrow in the empty box edits the last message; Escape gives up and empties the box again.
    await composer(bob).press("ArrowUp");
    await editingBar(bob).filter({ hasText: "Editing your message" }).waitFor();
    assert.equal(await composer(bob).inputValue(), "Yes, see you at 7");
    await composer(bob).press("Escape");
    await editingBar(bob).waitFor({ state: "hidden" });
    assert.equal(await composer(bob).inputValue(), "", "Escape puts back the empty draft");
    await composer(bob).press("ArrowUp");
    await composer(bob).fill("Yes, see you at 8");
    await composer(bob).press("Enter");
    await editingBar(bob).waitFor({ state: "hidden" });
    await messageRow(bob, "Yes, see you at 8").locator(".edited", { hasText: "(edited)" }).waitFor();
    await messageRow(alice, "Yes, see you at 8").locator(".edited", { hasText: "(edited)" }).waitFor();
    assert.equal(await messageRow(alice, "Yes, see you at 7").count(), 0, "the old text is gone on alice's page");
  });

  await runner.step("alice deletes a message for herself: gone after her reload, still on bob's page", async () => {
    await messageRow(alice, "Are we still on for Saturday?").hover();
    await messageRow(alice, "Are we still on for Saturday?")
      .getByRole("button", { name: /^Delete for me/ })
      .click();
    await confirm(alice, /still sees it/, "Delete for me");
    await messageRow(alice, "Are we still on for Saturday?").waitFor({ state: "detached" });
    await alice.page.reload();
    await signedIn(alice);
    await friendButton(alice, ids.bob).click();
    await messageRow(alice, "Yes, see you at 8").locator(".edited", { hasText: "(edited)" }).waitFor();
    assert.equal(await messageRow(alice, "Are we still on for Saturday?").count(), 0, "hidden for alice after a reload");
    assert.equal(await messageRow(bob, "Are we still on for Saturday?").count(), 1, "bob still has it");
  });

  await runner.step("bob clears his conversation with alice: gone on his page (also after a reload), not on hers", async () => {
    await bob.page.locator('summary[aria-label="Options for the conversation with alice"]').click();
    await button(bob.page, "Clear conversation").click();
    await confirm(bob, /alice still sees them/, "Clear");
    await bob.page.locator(".toast", { hasText: "Conversation with alice cleared" }).waitFor();
    const bobsMessages = bob.page.locator(".conversation:not(.group-view) .message-list li.msg");
    await bobsMessages.first().waitFor({ state: "detached" });
    await bob.page.getByText("This is the beginning of your conversation.").waitFor();
    assert.equal(await messageRow(alice, "Yes, see you at 8").count(), 1, "alice keeps the conversation");
    await bob.page.reload();
    await signedIn(bob);
    await friendButton(bob, ids.alice).click();
    await bob.page.getByText("This is the beginning of your conversation.").waitFor();
    assert.equal(await bobsMessages.count(), 0, "still cleared after a reload");
    // What comes after the clear shows as usual.
    await sendByKeyboard(alice, "Still there?");
    await messageRow(bob, "Still there?").waitFor();
  });

  await runner.step("in a new group alice and bob see carol typing by name; carol edits her message with its Edit button", async () => {
    await button(alice.page, "New group").click();
    const dialog = alice.page.getByRole("dialog", { name: "New group" });
    await label(alice.page, "Group name").fill(BOOK_CLUB);
    await dialog.getByLabel("bob", { exact: true }).check();
    await dialog.getByLabel("carol", { exact: true }).check();
    await dialog.getByRole("button", { name: "Create group" }).click();
    await dialog.waitFor({ state: "detached" });
    await alice.page.locator("#group-title", { hasText: BOOK_CLUB }).waitFor();
    await bob.page.getByRole("button", { name: "Back to friends" }).click();
    for (const p of [bob, carol]) {
      await groupButton(p).click();
      await p.page.locator("#group-title", { hasText: BOOK_CLUB }).waitFor();
    }
    await groupComposer(carol).pressSequentially("Chapter one is great");
    for (const p of [alice, bob]) await groupTyping(p).getByText("carol is typing…", { exact: true }).waitFor();
    await groupComposer(carol).press("Enter");
    await groupMessage(alice, "Chapter one is great").waitFor();
    await groupMessage(bob, "Chapter one is great").waitFor();
    assert.equal(await groupTyping(alice).textContent(), "", "her message ends her typing notice");
    const mine = groupMessage(carol, "Chapter one is great");
    await mine.hover();
    await mine.getByRole("button", { name: /^Edit/ }).click();
    await carol.page.locator(".group-view .editing-bar", { hasText: "Editing your message" }).waitFor();
    assert.equal(await groupComposer(carol).inputValue(), "Chapter one is great");
    await groupComposer(carol).fill("Chapter two is even better");
    await groupComposer(carol).press("Enter");
    for (const p of [carol, alice, bob])
      await groupMessage(p, "Chapter two is even better").locator(".edited", { hasText: "(edited)" }).waitFor();
    assert.equal(await groupMessage(bob, "Chapter one is great").count(), 0, "the old text is gone on bob's page");
  });

  if (opts.search)
    await runner.step(
      "alice searches her messages, loads more and jumps to an old one; past the edit window it offers no Edit",
      async () => {
        await searchUntil(alice, "Burst", `Burst message ${opts.burst}`);
        assert.match((await searchHits(alice).first().textContent()) ?? "", new RegExp(`Burst message ${opts.burst}$`), "newest first");
        const first = await searchHits(alice).count();
        assert.ok(first < opts.burst, "the first page holds only some of them");
        await alice.page.getByRole("button", { name: "Load more" }).click();
        await alice.page.waitForFunction((n) => document.querySelectorAll(".search-hits li").length === n, opts.burst);
        const hit = searchHits(alice).filter({ hasText: /Burst message 2$/ });
        assert.equal(await hit.locator("mark").first().textContent(), "Burst", "the matching word is marked");
        assert.equal(await hit.locator(".hit-where").textContent(), "bob", "the hit names its conversation");
        await hit.getByRole("button").click();
        const row = messageRow(alice, "Burst message 2");
        await row.and(alice.page.locator(".jumped")).waitFor();
        assert.ok(await row.evaluate((el) => document.activeElement === el), "focus moves to the message");
        const box = await row.boundingBox();
        const log = await alice.page.getByRole("log", { name: "bob" }).boundingBox();
        assert.ok(box && log && box.y >= log.y && box.y + box.height <= log.y + log.height, "the message is scrolled into view");

        // Sent longer ago than the server's window (hello's editWindowSeconds): the page no longer offers to edit it.
        const old = messageRow(alice, "Are you there?");
        await old.hover();
        assert.equal(await old.getByRole("button", { name: /^Edit/ }).count(), 0, "no Edit past the edit window");
        assert.equal(await old.getByRole("button", { name: /^Delete for me/ }).count(), 1, "delete for me stays offered");
      },
    );

  await runner.step("alice blocks carol from the conversation menu and unblocks her in Settings", async () => {
    await friendButton(alice, ids.carol).click();
    await alice.page.locator('summary[aria-label="Options for the conversation with carol"]').click();
    await button(alice.page, "Block carol").click();
    await confirm(alice, /carol is not told/, "Block");
    await alice.page.locator(".toast", { hasText: "You blocked carol" }).waitFor();
    await alice.page.locator(`li[data-friend="${ids.carol}"]`).waitFor({ state: "detached" });
    await carol.page.locator(`li[data-friend="${ids.alice}"]`).waitFor({ state: "detached" });
    const settings = await openSettings(alice);
    const row = settings.locator(`li[data-blocked="${ids.carol}"]`);
    await row.getByText("@carol").waitFor();
    await snap("settings");
    await row.getByRole("button", { name: "Unblock carol" }).click();
    await settings.getByText("You have not blocked anyone.").waitFor();
    await alice.page.locator(".toast", { hasText: "You unblocked carol" }).waitFor();
    await settings.getByRole("button", { name: "Close", exact: true }).click();
    await settings.waitFor({ state: "detached" });
  });

  if (!opts.account) return;

  await runner.step("alice exports her data as a JSON download", async () => {
    const settings = await openSettings(alice);
    const [download] = await Promise.all([
      alice.page.waitForEvent("download"),
      settings.getByRole("button", { name: "Export my data" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^qchat-alice-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync(await download.path(), "utf8")) as { format: string; profile: { id: number; username: string } };
    assert.equal(data.format, "qchat-export/1");
    assert.deepEqual([data.profile.id, data.profile.username], [ids.alice, "alice"]);
    await settings.getByRole("button", { name: "Close", exact: true }).click();
  });

  const dave = await newPerson(browser, "dave", { width: 1024, height: 720 });
  try {
    await runner.step("dave deletes his account and is signed out; alice sees his message from “Deleted user”", async () => {
      await openApp(dave, stack);
      await signUp(dave, stack);
      const daveId = await dave.id();
      await label(alice.page, "Find people").fill("dave");
      await button(alice.page, "Search").click();
      await alice.page.locator(`.results li[data-user="${daveId}"]`).getByRole("button", { name: "Add friend" }).click();
      await dave.page.locator("li[data-request]", { hasText: "@alice" }).getByRole("button", { name: "Accept" }).click();
      await friendButton(dave, ids.alice).click();
      await sendByKeyboard(dave, "Farewell from dave");
      await friendButton(alice, daveId).click();
      await messageRow(alice, "Farewell from dave").waitFor();

      const settings = await openSettings(dave);
      const remove = settings.getByRole("button", { name: "Delete account" });
      await label(dave.page, "Your password").fill(dave.password);
      assert.ok(await remove.isDisabled(), "not before the username is typed");
      await label(dave.page, "Type your username (dave) to confirm").fill("dave");
      await remove.click();
      await dave.page.getByText("Your account has been deleted, and you are signed out everywhere.", { exact: true }).waitFor();
      assert.equal(await dave.page.evaluate(() => sessionStorage.getItem("qchat.session")), null, "signed out");

      await alice.page.locator(`li[data-friend="${daveId}"]`).waitFor({ state: "detached" });
      // Alice's "Find people" hit from before is no longer someone to add.
      const staleHit = alice.page.locator(`.results li[data-user="${daveId}"]`);
      await staleHit.getByText("Deleted user", { exact: true }).waitFor();
      assert.equal(await staleHit.getByRole("button", { name: "Add friend" }).count(), 0, "no Add friend for a deleted account");
      if (!opts.search) return;
      const hit = await searchUntil(alice, "Farewell", "Farewell from dave");
      await hit.locator(".hit-who", { hasText: "Deleted user" }).waitFor();
      await snap("deleted-user");
    });
  } finally {
    await dave.context.close();
  }
}
