// The files chapter of the browser story: Alice attaches a picture with the button (a progress
// bar while it goes up, then the picture inline on both pages, from its thumbnail), Bob opens it
// full size, drops a PDF on the conversation, and Alice downloads it from its chip; a file of a
// type QChat does not take, pasted into the composer, gets a toast naming the types it does, one
// over the server's limit (FILE_MAX_BYTES, 2 MB in this run) a toast naming the limit, and an
// upload cancelled half-way sends nothing.
// Every claim is what a person sees on their page (or, for the download, gets on disk).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { JSHandle, Locator, Page } from "playwright-core";
import { button, type Person } from "./person";
import type { StepRunner } from "./steps";
import type { Snap } from "./story";

export const FIXTURES = new URL("./fixtures/", import.meta.url);
export const PICTURE = { name: "mountains.png", mime: "image/png", width: 960, height: 640 };
const PDF = { name: "trip-plan.pdf", mime: "application/pdf" };
/** Not a type QChat takes (a Windows program's first bytes). */
const PROGRAM = { name: "setup.exe", mime: "application/octet-stream", bytes: Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00", "latin1") };

export const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

/** A DataTransfer in the page holding these files, as a drop or a paste carries them. */
export function filesInPage(page: Page, files: Array<{ name: string; mime: string; bytes: Buffer }>): Promise<JSHandle<DataTransfer>> {
  const wire = files.map((f) => ({ name: f.name, mime: f.mime, base64: f.bytes.toString("base64") }));
  return page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.mime }));
    return dt;
  }, wire);
}

/** Pastes what `dt` holds into a composer the way a browser does (a paste event carrying it). */
async function paste(composer: Locator, dt: JSHandle<DataTransfer>): Promise<void> {
  await composer.evaluate(
    (el, clipboardData) => el.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true })),
    dt,
  );
}

export async function pasteFiles(composer: Locator, files: Array<{ name: string; mime: string; bytes: Buffer }>): Promise<void> {
  await paste(composer, await filesInPage(composer.page(), files));
}

/** The open-full-size button of a picture in the 1:1 conversation (or in `scope`). */
export const pictureButton = (p: Person, name: string, scope = ".conversation:not(.group-view)"): Locator =>
  p.page.locator(scope).getByRole("button", { name: `Open ${name} full size`, exact: true });

/**
 * Waits until the picture has loaded and checks what it shows: the thumbnail (not the original)
 * at the size the metadata reserved, and no empty text bubble beside it.
 */
export async function seesPicture(p: Person, name: string, scope = ".conversation:not(.group-view)"): Promise<void> {
  const frame = p.page
    .locator(scope)
    .locator(".attachment.picture")
    .filter({ has: p.page.getByRole("button", { name: `Open ${name} full size`, exact: true }) });
  await frame.and(p.page.locator('[data-state="loaded"]')).waitFor();
  const shown = await frame.locator("img").evaluate((img: HTMLImageElement) => ({
    width: img.getAttribute("width"),
    height: img.getAttribute("height"),
    natural: img.naturalWidth,
    src: new URL(img.src).pathname,
    original: img.closest<HTMLElement>(".attachment")?.dataset.file,
    hasBody: img.closest("li.msg")?.querySelector("p.body") !== null,
  }));
  assert.deepEqual(
    { width: shown.width, height: shown.height },
    { width: "260", height: "173" },
    `${p.name}: room reserved from the metadata`,
  );
  assert.equal(shown.natural, 520, `${p.name} sees the 520 px thumbnail the sender's browser made`);
  assert.notEqual(shown.src, `/v1/files/${shown.original}`, "the thumbnail is its own file");
  assert.equal(shown.hasBody, false, "a picture without text shows no empty bubble");
}

/** `readmeShot`: Alice's window once Bob's PDF is there (the README's picture of files). */
export async function filesStory(
  runner: StepRunner,
  alice: Person,
  bob: Person,
  snap: Snap,
  readmeShot: (p: Person) => Promise<void>,
): Promise<void> {
  await runner.step("alice attaches a picture: a progress bar while it goes up, then it shows inline on both pages", async () => {
    // The upload is held back a moment, so the bar can be seen (locally it would take milliseconds).
    await alice.page.route(/\/v1\/files\?name=/, (route) => new Promise((r) => setTimeout(r, 1_500)).then(() => route.continue()), {
      times: 1,
    });
    const chooser = alice.page.waitForEvent("filechooser");
    await button(alice.page, "Attach a file").click();
    await (await chooser).setFiles(new URL(PICTURE.name, FIXTURES).pathname);
    await alice.page.getByRole("progressbar", { name: `Uploading ${PICTURE.name}` }).waitFor();
    await snap("upload-progress");
    await alice.page.getByRole("progressbar").waitFor({ state: "detached" });
    await seesPicture(bob, PICTURE.name);
    await seesPicture(alice, PICTURE.name);
    // Bob has the conversation open: he read it.
    await alice.page.locator(".conversation:not(.group-view) li.msg.mine.has-file .mark[data-mark=read]").waitFor();
  });

  await runner.step("bob opens the picture full size", async () => {
    await pictureButton(bob, PICTURE.name).click();
    const viewer = bob.page.getByRole("dialog", { name: PICTURE.name });
    const full = viewer.getByRole("img", { name: PICTURE.name });
    await bob.page.waitForFunction(() => (document.querySelector<HTMLImageElement>(".image-viewer img")?.naturalWidth ?? 0) > 0);
    assert.equal(await full.evaluate((img: HTMLImageElement) => img.naturalWidth), PICTURE.width, "the original, not the thumbnail");
    await viewer.getByRole("link", { name: "Open in a new tab" }).waitFor();
    await snap("picture-full-size");
    await bob.page.keyboard.press("Escape");
    await viewer.waitFor({ state: "detached" });
  });

  await runner.step("bob drops a PDF on the conversation; alice sees its name and size and downloads it", async () => {
    const bytes = fixture(PDF.name);
    const dt = await filesInPage(bob.page, [{ ...PDF, bytes }]);
    const zone = bob.page.getByRole("main", { name: "Conversation" });
    await zone.dispatchEvent("dragenter", { dataTransfer: dt });
    await zone.dispatchEvent("dragover", { dataTransfer: dt });
    assert.ok(await zone.evaluate((el) => el.classList.contains("dropping")), "the conversation shows where to drop");
    await zone.dispatchEvent("drop", { dataTransfer: dt });
    const chip = alice.page.locator(".conversation:not(.group-view) .attachment.chip", { hasText: PDF.name });
    await chip.getByText(`${bytes.length} bytes`).waitFor();
    assert.equal(await chip.locator(".file-icon").textContent(), "PDF");
    await bob.page.locator(".attachment.chip", { hasText: PDF.name }).waitFor();
    const download = alice.page.waitForEvent("download");
    await chip.getByRole("link", { name: `Download ${PDF.name}` }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), PDF.name);
    assert.ok(readFileSync(await file.path()).equals(bytes), "alice got the very bytes bob dropped");
    await readmeShot(alice);
  });

  await runner.step("alice pastes a file of a type QChat does not take: a toast says which types it does", async () => {
    await pasteFiles(alice.page.locator("#composer"), [PROGRAM]);
    await alice.page
      .locator(".toast.error", { hasText: `“${PROGRAM.name}” was not sent: QChat takes images (PNG, JPEG, GIF, WebP), PDF` })
      .waitFor();
    assert.equal(await alice.page.locator("#composer").inputValue(), "", "nothing was pasted as text");
  });

  await runner.step("alice pastes a file over the server's 2 MB limit: the toast names the limit", async () => {
    // Made in the page: 3 MB of a ZIP's first bytes and zeros; the server refuses it by its length.
    const dt = await alice.page.evaluateHandle((size) => {
      const bytes = new Uint8Array(size);
      bytes.set([0x50, 0x4b, 0x03, 0x04]);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "holiday.zip", { type: "application/zip" }));
      return transfer;
    }, 3_000_000);
    await paste(alice.page.locator("#composer"), dt);
    await alice.page.locator(".toast.error", { hasText: "“holiday.zip” is too big to send: files can be up to 2 MB." }).waitFor();
  });

  await runner.step("alice cancels an upload on its way: the bar goes and nothing is sent", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await alice.page.route(/\/v1\/files\?name=/, (route) => held.then(() => route.abort().catch(() => undefined)), { times: 1 });
    const bobsRows = bob.page.locator(".conversation:not(.group-view) li.msg");
    const before = await bobsRows.count();
    await pasteFiles(alice.page.locator("#composer"), [{ name: "second-plan.pdf", mime: PDF.mime, bytes: fixture(PDF.name) }]);
    await alice.page.getByRole("button", { name: "Cancel uploading second-plan.pdf" }).click();
    await alice.page.locator(".toast", { hasText: "Upload of “second-plan.pdf” cancelled." }).waitFor();
    await alice.page.getByRole("progressbar").waitFor({ state: "detached" });
    release();
    assert.equal(await alice.page.locator(".attachment.chip", { hasText: "second-plan.pdf" }).count(), 0, "no message on alice's page");
    assert.equal(await bobsRows.count(), before, "nothing reached bob");
  });
}
