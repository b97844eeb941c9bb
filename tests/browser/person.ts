// One person in the browser story: their own browser context (own storage, own network switch),
// one page, and the actions a person takes, found the way a person (or a screen reader) finds
// them: by label, role and visible text.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { readCode, type Stack } from "./stack";

export interface Person {
  name: string;
  username: string;
  email: string;
  password: string;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, checked at the end: the page must run clean. */
  errors: string[];
  /** The latest API replies (status, path, start of the body), printed when a step fails. */
  recentApi: string[];
  /** Successful POST /v1/auth/refresh calls. */
  refreshes: number;
  id(): Promise<number>;
}

export async function newPerson(browser: Browser, name: string, viewport: { width: number; height: number }): Promise<Person> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: "en-GB", timezoneId: "UTC" });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const person: Person = {
    name,
    username: name,
    email: `${name}@example.com`,
    password: `${name} correct horse`,
    context,
    page,
    errors: [],
    recentApi: [],
    refreshes: 0,
    id: async () => page.evaluate(() => (JSON.parse(sessionStorage.getItem("qchat.session") ?? "{}") as { user: { id: number } }).user.id),
  };
  page.on("pageerror", (err) => person.errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    // The browser logs a refused WebSocket while offline, and every refused request: the story's
    // refusals on purpose are uploads of a type QChat does not take (415) and one too big (413).
    if (msg.type() === "error" && !/WebSocket|ERR_INTERNET_DISCONNECTED|net::|status of 41[35]/.test(msg.text()))
      person.errors.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith("/v1/")) return;
    if (url.pathname === "/v1/auth/refresh" && res.ok()) person.refreshes += 1;
    void res.text().then(
      (body) => {
        person.recentApi.push(`${res.status()} ${res.request().method()} ${url.pathname}${url.search} ${body.slice(0, 200)}`);
        if (person.recentApi.length > API_LOG) person.recentApi.shift();
      },
      () => undefined,
    );
  });
  return person;
}

const API_LOG = 12;

export const label = (page: Page, text: string): Locator => page.getByLabel(text, { exact: true });
export const button = (page: Page, name: string): Locator => page.getByRole("button", { name, exact: true });

/** Opens the page with the test's mailbox address (the port differs from npm start's). */
export async function openApp(p: Person, stack: Stack): Promise<void> {
  await p.page.goto(`${stack.baseUrl}/?mailbox=${encodeURIComponent(stack.mailboxUrl)}`);
}

/** Sign-up form (opened from the login card): email, "Send code", the mailed code, username, password. */
export async function signUp(p: Person, stack: Stack): Promise<void> {
  const { page } = p;
  if (await button(page, "Sign up").isVisible()) await button(page, "Sign up").click();
  await label(page, "Email").fill(p.email);
  const since = Date.now() - 1_000;
  await button(page, "Send code").click();
  await page.getByText(`We emailed a 6-digit code to ${p.email}`).waitFor();
  await label(page, "Code from the email").fill(await readCode(stack.mailboxUrl, p.email, since));
  await label(page, "Username").fill(p.username);
  await label(page, "Password").fill(p.password);
  await button(page, "Create account").click();
  await signedIn(p);
}

/** The chat screen is up and its socket is online (the banner is gone). */
export async function signedIn(p: Person): Promise<void> {
  await p.page.getByText(`@${p.username}`, { exact: true }).waitFor();
  await p.page.locator(".banner").waitFor({ state: "hidden" });
}

export const friendButton = (p: Person, friendId: number): Locator => p.page.locator(`li[data-friend="${friendId}"] button.friend`);
/** The message row whose text is exactly `text`. */
export const messageRow = (p: Person, text: string): Locator =>
  p.page
    .locator(".conversation:not(.group-view) .message-list li.msg")
    .filter({ has: p.page.locator("p.body").getByText(text, { exact: true }) });

/** Types into the composer and presses Enter (keyboard send); the box empties and keeps focus. */
export async function sendByKeyboard(p: Person, text: string): Promise<void> {
  const composer = p.page.locator("#composer");
  await composer.fill(text);
  await composer.press("Enter");
  const state = await composer.evaluate((el: HTMLTextAreaElement) => ({ focused: document.activeElement === el, value: el.value }));
  if (!state.focused || state.value !== "")
    throw new Error(`after Enter the composer should be empty and focused: ${JSON.stringify(state)}`);
}

/** Waits until my message with `text` shows the given mark (sent / delivered / read). */
export async function waitForMark(p: Person, text: string, mark: string): Promise<void> {
  await messageRow(p, text).locator(`.mark[data-mark="${mark}"]`).waitFor();
}
