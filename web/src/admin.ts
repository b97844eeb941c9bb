// The operators' view (/admin.html): live counters from GET /v1/admin/stats, refreshed every 5 s.
// The admin token is typed in and kept in this tab's sessionStorage only.
import { API_BASE } from "./config";
import { h, replace } from "./dom";

const REFRESH_MS = 5_000;
const TOKEN_KEY = "qchat.admin";

interface Stats {
  time: string;
  online: { users: number; sockets: number };
  counters: Record<string, number>;
  queues: { objects: number; outbox: number; mysqlBacklog: number; unackedEvents: number; deepest: { uid: number; depth: number } | null };
}

const root = document.getElementById("app")!;
let timer: ReturnType<typeof setTimeout> | undefined;

const table = (caption: string, rows: [string, string | number][]) =>
  h(
    "table",
    { class: "stats" },
    h("caption", {}, caption),
    ...rows.map(([name, value]) => h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, String(value)))),
  );

function showLogin(notice?: string): void {
  const input = h("input", { id: "admin-token", name: "token", type: "password", autocomplete: "off", required: true });
  const form = h(
    "form",
    { class: "card" },
    h("h1", {}, "QChat admin"),
    notice ? h("p", { class: "error", role: "alert" }, notice) : null,
    h("label", { for: "admin-token" }, "Admin token"),
    input,
    h("button", { type: "submit" }, "Show stats"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    void refresh();
  });
  replace(root, form);
  input.focus();
}

async function refresh(): Promise<void> {
  clearTimeout(timer);
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return showLogin();
  let reply: Response;
  try {
    reply = await fetch(`${API_BASE}/v1/admin/stats`, { headers: { Authorization: `Bearer ${token}` } });
  } catch (err) {
    timer = setTimeout(() => void refresh(), REFRESH_MS);
    return void root.querySelector(".updated")?.replaceChildren(`Could not reach the API (${String(err)}); retrying`);
  }
  if (!reply.ok) {
    const body = (await reply.json().catch(() => ({}))) as { error?: { message?: string } };
    sessionStorage.removeItem(TOKEN_KEY);
    return showLogin(body.error?.message ?? `HTTP ${reply.status}`);
  }
  const stats = (await reply.json()) as Stats;
  const q = stats.queues;
  replace(
    root,
    h(
      "main",
      { class: "card admin" },
      h("h1", {}, "QChat admin"),
      h(
        "p",
        { class: "muted updated" },
        `Updated ${new Date(stats.time).toLocaleTimeString()}; objects flush their counters every minute.`,
      ),
      table("Online", [
        ["users", stats.online.users],
        ["sockets", stats.online.sockets],
      ]),
      table("Queues", [
        ["objects with a backlog", q.objects],
        ["outbox calls", q.outbox],
        ["MySQL writes behind", q.mysqlBacklog],
        ["unacked events", q.unackedEvents],
        ["deepest object", q.deepest ? `${q.deepest.uid} (${q.deepest.depth})` : "none"],
      ]),
      table("Counters since Redis was last emptied", Object.entries(stats.counters)),
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => (sessionStorage.removeItem(TOKEN_KEY), clearTimeout(timer), showLogin()) },
        "Forget token",
      ),
    ),
  );
  timer = setTimeout(() => void refresh(), REFRESH_MS);
}

void refresh();
