// The QChat web page: the login/sign-up card until there is a session, then the chat screen.
// Served by the Worker as static assets (web/dist/); talks to the API on its own origin.
import { createHttpClient } from "../../client";
import type { LoginReply } from "../../protocol/auth";
import { renderAuth } from "./auth-view";
import { createChatApp } from "./chat-app";
import { renderChat } from "./chat-view";
import { API_BASE, mailboxUrl } from "./config";
import { loadSession, saveSession, type Session } from "./session";

const root = document.getElementById("app")!;

function showAuth(notice?: string): void {
  const http = createHttpClient({ baseUrl: API_BASE });
  renderAuth(root, { http, notice, onLoggedIn: (reply: LoginReply) => showChat(saveSession(reply)) });
}

function showChat(session: Session): void {
  const http = createHttpClient({ baseUrl: API_BASE, token: session.token });
  const app = createChatApp(session, http, (notice) => showAuth(notice));
  renderChat(root, app);
}

mailboxUrl(); // remembers a ?mailbox= override for this tab before any navigation drops it
const session = loadSession();
if (session) showChat(session);
else showAuth();
