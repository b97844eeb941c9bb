// The "Sign in" box at the top of the docs page: username (or email) and password, or who is
// signed in with a "Sign out" button. Try-it forms and the socket console use its token.
import { busy, field, h, replace } from "../dom";
import { currentSession, onSessionChange, signIn, signOut, type DocsSession } from "./docs-session";

export function signInBox(): HTMLElement {
  const box = h("section", { class: "card docs-signin", "aria-labelledby": "signin-title" });
  const render = (session: DocsSession | undefined) => replace(box, ...(session ? signedIn(session) : signInForm()));
  onSessionChange(render);
  render(currentSession());
  return box;
}

function signedIn(session: DocsSession): Node[] {
  return [
    h("h2", { id: "signin-title" }, "Signed in"),
    h(
      "p",
      {},
      "Requests and the socket console use ",
      h("strong", {}, session.username),
      "'s token (kept in this tab only). ",
      h("button", { type: "button", class: "secondary small", onclick: signOut }, "Sign out"),
    ),
  ];
}

function signInForm(): Node[] {
  const alert = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "signin-form", "aria-labelledby": "signin-title" },
    h("label", { for: "docs-login" }, "Username or email"),
    h("input", { id: "docs-login", name: "login", autocomplete: "username", required: true }),
    h("label", { for: "docs-password" }, "Password"),
    h("input", { id: "docs-password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(form, alert, async () => void (await signIn(field(form, "login"), field(form, "password", false))));
  });
  return [
    h("h2", { id: "signin-title" }, "Sign in"),
    h(
      "p",
      { class: "muted" },
      "Routes marked “bearer token” need a signed-in user. No account yet? Sign up on ",
      h("a", { href: "/" }, "the chat page"),
      ".",
    ),
    form,
    alert,
  ];
}
