// Sign-up with an emailed code, login and password reset: one card, three forms. Native form
// validation first (required, type, length), then the server's answer in an alert region.
import type { HttpClient } from "../../client";
import type { LoginReply } from "../../protocol/auth";
import { mailboxUrl } from "./config";
import { busy, describeError, field, h, replace, type Attrs } from "./dom";

export type AuthMode = "login" | "signup" | "reset";

export interface AuthViewOptions {
  http: HttpClient;
  mode?: AuthMode;
  /** A sentence to show above the form (e.g. "You are logged out."). */
  notice?: string;
  /** Prefills the login field. */
  login?: string;
  onLoggedIn(reply: LoginReply): void;
}

const TITLES: Record<AuthMode, string> = { login: "Log in", signup: "Create an account", reset: "Reset your password" };

/** Label, input (named after the id's last part) and an optional hint tied to it. */
function input(id: string, label: string, attrs: Attrs, hint?: string): HTMLElement[] {
  const els: HTMLElement[] = [
    h("label", { for: id }, label),
    h("input", { id, name: id.replace(/^\w+-/, ""), required: true, ...attrs, "aria-describedby": hint ? `${id}-hint` : undefined }),
  ];
  if (hint) els.push(h("p", { class: "hint", id: `${id}-hint` }, hint));
  return els;
}

/** Email field plus a "Send code" button that asks the server to mail a code. */
function codeRequester(opts: AuthViewOptions, prefix: string, purpose: "register" | "reset", alert: HTMLElement): HTMLElement {
  const status = h("p", { class: "hint", role: "status" });
  const button = h("button", { type: "button", class: "secondary" }, "Send code");
  const mailbox = mailboxUrl();
  button.addEventListener("click", async () => {
    const email = document.getElementById(`${prefix}-email`) as HTMLInputElement;
    if (!email.reportValidity()) return;
    button.disabled = true;
    replace(alert);
    try {
      const reply = await opts.http.requestCode({ email: email.value.trim(), purpose });
      replace(status, `We emailed a 6-digit code to ${email.value.trim()}. It expires in ${Math.round(reply.expiresIn / 60)} minutes.`);
      document.getElementById(`${prefix}-code`)?.focus();
    } catch (err) {
      replace(alert, describeError(err));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "div",
    { class: "code-request" },
    ...input(`${prefix}-email`, "Email", { type: "email", autocomplete: "email", maxlength: 254 }),
    button,
    status,
    mailbox
      ? h(
          "p",
          { class: "hint dev" },
          "Local development: emails land in the ",
          h("a", { href: mailbox, target: "_blank", rel: "noopener", id: "mailbox-link" }, "local mailbox"),
          ".",
        )
      : null,
  );
}

const codeField = (prefix: string) =>
  input(`${prefix}-code`, "Code from the email", { inputmode: "numeric", autocomplete: "one-time-code", pattern: "\\d{6}", maxlength: 6 });

export function renderAuth(root: HTMLElement, opts: AuthViewOptions): void {
  const mode = opts.mode ?? "login";
  const go = (next: AuthMode, extra: Partial<AuthViewOptions> = {}) =>
    renderAuth(root, { ...opts, notice: undefined, ...extra, mode: next });
  const alert = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "auth-form", "aria-labelledby": "auth-title" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(form, alert, () => submit(mode, form, opts, go));
  });

  if (mode === "login") {
    form.append(
      ...input("login-name", "Username or email", { autocomplete: "username", maxlength: 254, value: opts.login }),
      ...input("login-password", "Password", { type: "password", autocomplete: "current-password", maxlength: 1024 }),
      h("button", { type: "submit" }, "Log in"),
      alert,
    );
  } else if (mode === "signup") {
    form.append(
      codeRequester(opts, "signup", "register", alert),
      ...codeField("signup"),
      ...input(
        "signup-username",
        "Username",
        { autocomplete: "username", minlength: 3, maxlength: 32, pattern: "[A-Za-z0-9_][A-Za-z0-9_.\\-]{2,31}" },
        "3–32 letters, digits, _ . -",
      ),
      ...input(
        "signup-password",
        "Password",
        { type: "password", autocomplete: "new-password", minlength: 8, maxlength: 128 },
        "At least 8 characters.",
      ),
      h("button", { type: "submit" }, "Create account"),
      alert,
    );
  } else {
    form.append(
      codeRequester(opts, "reset", "reset", alert),
      ...codeField("reset"),
      ...input(
        "reset-password",
        "New password",
        { type: "password", autocomplete: "new-password", minlength: 8, maxlength: 128 },
        "At least 8 characters. Every signed-in device is logged out.",
      ),
      h("button", { type: "submit" }, "Set new password"),
      alert,
    );
  }

  const links: Array<[AuthMode, string]> = [
    ["login", "Log in"],
    ["signup", "Sign up"],
    ["reset", "Forgot password?"],
  ];
  const link = ([to, label]: [AuthMode, string]) => h("button", { type: "button", class: "link", onclick: () => go(to) }, label);
  replace(
    root,
    h(
      "main",
      { class: "auth" },
      h("h1", { class: "brand" }, "QChat"),
      h(
        "section",
        { class: "card" },
        h("h2", { id: "auth-title", tabindex: -1 }, TITLES[mode]),
        opts.notice ? h("p", { class: "notice", role: "status" }, opts.notice) : null,
        form,
        h("nav", { class: "auth-links", "aria-label": "Account" }, ...links.filter(([to]) => to !== mode).map(link)),
      ),
    ),
  );
  (form.querySelector("input") as HTMLInputElement | null)?.focus();
}

async function submit(
  mode: AuthMode,
  form: HTMLFormElement,
  opts: AuthViewOptions,
  go: (m: AuthMode, extra?: Partial<AuthViewOptions>) => void,
): Promise<void> {
  if (mode === "login") {
    opts.onLoggedIn(await opts.http.login({ login: field(form, "name"), password: field(form, "password", false) }));
  } else if (mode === "signup") {
    const user = await opts.http.register({
      email: field(form, "email"),
      code: field(form, "code"),
      username: field(form, "username"),
      password: field(form, "password", false),
    });
    opts.onLoggedIn(await opts.http.login({ login: user.username, password: field(form, "password", false) }));
  } else {
    const email = field(form, "email");
    await opts.http.resetPassword({ email, code: field(form, "code"), password: field(form, "password", false) });
    go("login", { notice: "Password changed. Log in with your new password.", login: email });
  }
}
