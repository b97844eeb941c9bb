// The group chapter of the browser story: Carol joins Alice and Bob; Alice makes a group of the
// three, Bob mentions Carol with @ completion, Carol pastes a picture, Carol drops offline and comes back to unread and
// mention badges, Alice promotes Bob and sets a topic, Bob mutes the group, Alice removes Carol
// and lets her back in with an invite link; Carol leaves, Alice hands the group to Bob, who
// dissolves it. Every claim is what a person sees on their page.
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { fixture, pasteFiles, PICTURE, seesPicture } from "./files-story";
import { button, friendButton, label, openApp, signedIn, signUp, type Person } from "./person";
import type { Stack } from "./stack";
import type { StepRunner } from "./steps";
import type { Snap } from "./story";

const GROUP = "Climbing trip";

const groupRow = (p: Person): Locator => p.page.locator("li[data-group]", { hasText: GROUP });
const groupButton = (p: Person): Locator => groupRow(p).locator("button.group");
/** A group message row whose body reads exactly `text` (mentions shown as names). */
const groupMessage = (p: Person, text: string): Locator =>
  p.page.locator(".group-view .message-list li.msg").filter({ has: p.page.locator("p.body").getByText(text, { exact: true }) });
const note = (p: Person, text: string): Locator => p.page.locator(".group-view .message-list li.note", { hasText: text });
const composer = (p: Person): Locator => p.page.locator("#group-composer");

/** Types `@<start>`, picks `name` from the completion list with Enter, then types the rest and sends with Enter. */
async function sendWithMention(p: Person, start: string, name: string, rest: string): Promise<void> {
  const box = composer(p);
  await box.click();
  await box.pressSequentially(`@${start}`);
  await p.page
    .getByRole("listbox", { name: "Mention a member" })
    .getByRole("option", { name: `@${name}`, exact: true })
    .waitFor();
  await box.press("Enter");
  assert.equal(await box.inputValue(), `@${name} `, "the pick shows the name in the composer");
  await box.pressSequentially(rest);
  await box.press("Enter");
  assert.equal(await box.inputValue(), "", "Enter sends once the list is closed");
}

async function sendGroup(p: Person, text: string): Promise<void> {
  await composer(p).fill(text);
  await composer(p).press("Enter");
}

/** Both badges of a person's group row: unread and mentions ("" when absent). */
async function badges(p: Person): Promise<{ unread: string; mentions: string }> {
  const text = async (l: Locator) => ((await l.count()) > 0 ? ((await l.first().textContent()) ?? "") : "");
  return {
    unread: await text(groupButton(p).locator(".badge:not(.mentions)")),
    mentions: await text(groupButton(p).locator(".badge.mentions")),
  };
}

export async function groupStory(
  runner: StepRunner,
  stack: Stack,
  people: { alice: Person; bob: Person; carol: Person },
  readmeShot: (p: Person) => Promise<void>,
  snap: Snap,
): Promise<void> {
  const { alice, bob, carol } = people;
  const ids = { alice: await alice.id(), bob: await bob.id(), carol: 0 };

  await runner.step("carol signs up and becomes alice's friend", async () => {
    await openApp(carol, stack);
    await signUp(carol, stack);
    ids.carol = await carol.id();
    await label(alice.page, "Find people").fill("carol");
    await button(alice.page, "Search").click();
    await alice.page.locator(`.results li[data-user="${ids.carol}"]`).getByRole("button", { name: "Add friend" }).click();
    await carol.page.locator("li[data-request]", { hasText: "@alice" }).getByRole("button", { name: "Accept" }).click();
    await alice.page.locator(`li[data-friend="${ids.carol}"]`).waitFor();
  });

  await runner.step("alice creates a group with bob and carol from her friends; both see it appear", async () => {
    await button(alice.page, "New group").click();
    const dialog = alice.page.getByRole("dialog", { name: "New group" });
    await label(alice.page, "Group name").fill(GROUP);
    await dialog.getByLabel("bob", { exact: true }).check();
    await dialog.getByLabel("carol", { exact: true }).check();
    await dialog.getByRole("button", { name: "Create group" }).click();
    await dialog.waitFor({ state: "detached" });
    await alice.page.locator("#group-title", { hasText: GROUP }).waitFor();
    await note(alice, `You created the group “${GROUP}”`).waitFor();
    await alice.page.locator(".group-view .status", { hasText: "3 members" }).waitFor();
    for (const p of [bob, carol]) {
      await groupRow(p).waitFor({ state: "attached" }); // bob's phone shows his chat with alice, not the list
      await p.page.locator(".toast", { hasText: `alice added you to “${GROUP}”` }).waitFor();
    }
  });

  await runner.step("bob mentions carol with @ completion; carol gets unread and mention badges", async () => {
    await bob.page.getByRole("button", { name: "Back to friends" }).click();
    await groupButton(bob).click();
    await bob.page.locator("#group-title", { hasText: GROUP }).waitFor();
    await sendWithMention(bob, "ca", "carol", "can you bring the rope?");
    // Shown as the name everywhere, though the body carries carol's id.
    await groupMessage(bob, "@carol can you bring the rope?").waitFor();
    const atAlice = groupMessage(alice, "@carol can you bring the rope?");
    await atAlice.locator(".mention", { hasText: "@carol" }).waitFor();
    await atAlice.locator(".sender", { hasText: "bob" }).waitFor();
    assert.equal(await atAlice.evaluate((el) => el.classList.contains("mentions-me")), false, "not alice's mention");
    await groupButton(carol).locator(".badge.mentions", { hasText: "@1" }).waitFor();
    assert.deepEqual(await badges(carol), { unread: "1 unread", mentions: "@1 mentions" });
    // Alice has the group open, so she has read it; carol has not yet.
    await groupMessage(bob, "@carol can you bring the rope?").locator(".readby", { hasText: "Read by 1 of 2" }).waitFor();
  });

  await runner.step("carol opens the group: her mention is highlighted, badges clear, bob sees read by 2 of 2", async () => {
    await groupButton(carol).click();
    const row = groupMessage(carol, "@carol can you bring the rope?");
    await row.locator(".mention.me", { hasText: "@carol" }).waitFor();
    assert.ok(await row.evaluate((el) => el.classList.contains("mentions-me")), "the row is marked as mentioning carol");
    await groupButton(carol).locator(".badge").first().waitFor({ state: "detached" });
    await groupMessage(bob, "@carol can you bring the rope?").locator(".readby", { hasText: "Read by 2 of 2" }).waitFor();
  });

  await runner.step("carol pastes a screenshot into the group; alice and bob see it inline", async () => {
    // A pasted screenshot comes as "image.png"; the page makes its thumbnail as for any picture.
    await pasteFiles(composer(carol), [{ name: "image.png", mime: PICTURE.mime, bytes: fixture(PICTURE.name) }]);
    for (const p of [carol, alice, bob]) await seesPicture(p, "image.png", ".group-view");
    const atAlice = alice.page.locator(".group-view li.msg.has-file").filter({ has: alice.page.locator(".sender", { hasText: "carol" }) });
    await atAlice.waitFor();
    await carol.page.locator(".group-view li.msg.mine.has-file .readby", { hasText: "Read by 2 of 2" }).waitFor();
  });

  await runner.step("alice makes bob an admin and sets a topic in the member panel; everyone sees it inline", async () => {
    await button(alice.page, "Members").click();
    const panel = alice.page.getByRole("complementary", { name: /^Members \(3\)$/ });
    await panel.locator(`li[data-member="${ids.alice}"][data-role="owner"]`).waitFor();
    await panel.getByRole("button", { name: "Make bob an admin", exact: true }).click();
    await panel.locator(`li[data-member="${ids.bob}"][data-role="admin"]`).waitFor();
    await note(alice, "You made bob an admin").waitFor();
    await note(bob, "alice made you an admin").waitFor();
    await note(carol, "alice made bob an admin").waitFor();
    await panel.getByLabel("Topic", { exact: true }).fill("Saturday at the north wall");
    await panel.getByRole("button", { name: "Save settings" }).click();
    await note(alice, "You set the topic: Saturday at the north wall").waitFor();
    await carol.page.locator(".group-view .status", { hasText: "3 members · Saturday at the north wall" }).waitFor();
  });

  await runner.step(
    "carol goes offline; alice writes and mentions her; back online carol has unread and mention badges",
    async () => {
      await friendButton(carol, ids.alice).click(); // the group is not open while she is away
      await carol.page.getByText("This is the beginning of your conversation.").waitFor();
      await carol.context.setOffline(true);
      await carol.page.locator(".banner[data-state=offline]").waitFor();
      await alice.page.locator(`li[data-friend="${ids.carol}"][data-presence="offline"]`).waitFor();
      await sendGroup(alice, "Meeting point: the north wall");
      await sendWithMention(alice, "car", "carol", "we leave at 8, bring the rope");
      const mention = groupMessage(alice, "@carol we leave at 8, bring the rope");
      await mention.locator(".readby", { hasText: "Read by 1 of 2" }).waitFor(); // bob, not carol
      await carol.context.setOffline(false);
      await carol.page.locator(".banner").waitFor({ state: "hidden", timeout: 15_000 });
      await groupButton(carol).locator(".badge.mentions", { hasText: "@1" }).waitFor();
      assert.deepEqual(await badges(carol), { unread: "2 unread", mentions: "@1 mentions" });
      await groupButton(carol).click();
      await groupMessage(carol, "Meeting point: the north wall").waitFor();
      await groupMessage(carol, "@carol we leave at 8, bring the rope").locator(".mention.me").waitFor();
      await groupButton(carol).locator(".badge").first().waitFor({ state: "detached" });
      await mention.locator(".readby", { hasText: "Read by 2 of 2" }).waitFor();
      await alice.page.mouse.move(0, 0);
      await readmeShot(alice);
    },
    { timeoutMs: 45_000 },
  );

  await runner.step("bob mutes the group: alice's next message is delivered but brings him no badge", async () => {
    const mute = bob.page.getByRole("button", { name: "Mute", exact: true });
    await mute.click();
    await bob.page.locator('.group-view button[aria-pressed="true"]', { hasText: "Mute" }).waitFor();
    await bob.page.getByRole("button", { name: "Back to the list" }).click();
    await groupRow(bob).and(bob.page.locator('[data-muted="true"]')).waitFor();
    await sendGroup(alice, "Muted people still get this");
    await groupMessage(alice, "Muted people still get this").locator('.readby[data-delivered="2"]').waitFor();
    assert.deepEqual(await badges(bob), { unread: "", mentions: "" }, "a muted group's badge does not grow");
    // After a reload the list comes from hello: still muted, still no badge.
    await bob.page.reload();
    await signedIn(bob);
    await groupRow(bob).and(bob.page.locator('[data-muted="true"]')).waitFor();
    assert.deepEqual(await badges(bob), { unread: "", mentions: "" }, "after a reload too");
  });

  await runner.step("alice recalls her message in the group; carol sees it recalled", async () => {
    await groupMessage(alice, "Muted people still get this").getByRole("button", { name: "Recall" }).click();
    await alice.page.locator(".group-view li.msg.recalled", { hasText: "You recalled a message" }).waitFor();
    await carol.page.locator(".group-view li.msg.recalled", { hasText: "Message recalled" }).waitFor();
    assert.equal(await groupMessage(carol, "Muted people still get this").count(), 0, "the text is gone on carol's page");
  });

  await runner.step("alice removes carol: carol loses the group, bob and alice see the removal inline", async () => {
    const panel = alice.page.locator("#member-panel");
    await panel.getByRole("button", { name: "Remove carol", exact: true }).click();
    await alice.page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
    await note(alice, "You removed carol").waitFor();
    await panel.locator(`li[data-member="${ids.carol}"]`).waitFor({ state: "detached" });
    await carol.page.locator(".toast", { hasText: `You were removed from “${GROUP}”` }).waitFor();
    await groupRow(carol).waitFor({ state: "detached" });
    assert.equal(await carol.page.locator(".group-view").isVisible(), false, "the group closed on carol's page");
    await groupButton(bob).click();
    await note(bob, "alice removed carol").waitFor();
  });

  await runner.step("alice makes an invite link; carol opens it and joins", async () => {
    await alice.page.locator("#member-panel").getByRole("button", { name: "Create invite link" }).click();
    const link = await label(alice.page, "New invite link").inputValue();
    assert.match(link, /#join=/);
    // Carol opens the link in her tab: the page reloads signed in, with the join form filled in.
    await carol.page.goto(link);
    await signedIn(carol);
    assert.equal(await label(carol.page, "Invite link").inputValue(), link);
    await button(carol.page, "Join").click();
    await carol.page.locator("#group-title", { hasText: GROUP }).waitFor();
    await note(carol, "You joined with an invite link").waitFor();
    // History starts at her return: what was said while she was out is not hers to see.
    assert.equal(await groupMessage(carol, "Muted people still get this").count(), 0);
    await note(alice, "carol joined with an invite link").waitFor();
    await alice.page.locator("#member-panel").locator(`li[data-member="${ids.carol}"]`).waitFor();
  });

  await runner.step("carol leaves the group; alice and bob see it inline", async () => {
    await button(carol.page, "Members").click();
    await carol.page.locator("#member-panel").getByRole("button", { name: "Leave group" }).click();
    await carol.page.getByRole("alertdialog").getByRole("button", { name: "Leave" }).click();
    await groupRow(carol).waitFor({ state: "detached" });
    await note(alice, "carol left the group").waitFor();
    await note(bob, "carol left the group").waitFor();
    await alice.page.locator("#member-panel").locator(`li[data-member="${ids.carol}"]`).waitFor({ state: "detached" });
  });

  await runner.step("alice hands the group to bob, who dissolves it: it is gone for everyone", async () => {
    const panel = alice.page.locator("#member-panel");
    await panel.getByRole("button", { name: "Make bob the owner", exact: true }).click();
    await alice.page.getByRole("alertdialog").getByRole("button", { name: "Make owner" }).click();
    await panel.locator(`li[data-member="${ids.bob}"][data-role="owner"]`).waitFor();
    await panel.locator(`li[data-member="${ids.alice}"][data-role="admin"]`).waitFor();
    await note(bob, "alice made you the owner").waitFor();
    await button(bob.page, "Members").click(); // on a phone the panel covers the conversation
    await snap("member-panel-on-a-phone");
    await bob.page.locator("#member-panel").getByRole("button", { name: "Dissolve group" }).click();
    await bob.page.getByRole("alertdialog").getByRole("button", { name: "Dissolve" }).click();
    await groupRow(bob).waitFor({ state: "detached" });
    await alice.page.locator(".toast", { hasText: `bob dissolved “${GROUP}”` }).waitFor();
    await groupRow(alice).waitFor({ state: "detached" });
  });
}
