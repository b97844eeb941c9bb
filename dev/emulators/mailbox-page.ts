// HTML for the mailbox pages. Every value from an email is escaped; HTML bodies render only inside
// a sandboxed iframe (no scripts, no same-origin), so a hostile message cannot run code here.
import { escapeHtml as esc } from "./http";
import type { StoredEmail } from "./mailbox";

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  a { color: #0b5cad; } .muted { color: #777; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { font-weight: 600; } pre { white-space: pre-wrap; background: #f6f6f6; padding: 1rem; }
  iframe { width: 100%; height: 60vh; border: 1px solid #ccc; }`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

function list(values: readonly string[]): string {
  return esc(values.join(", "));
}

/** `/mailbox`: newest message first. */
export function renderMailboxList(emails: readonly StoredEmail[]): string {
  const rows = emails.map(
    (e) => `<tr>
  <td class="muted">${esc(e.created_at)}</td><td>${esc(e.from)}</td><td>${list(e.to)}</td>
  <td><a href="/mailbox/${encodeURIComponent(e.id)}">${esc(e.subject || "(no subject)")}</a></td></tr>`,
  );
  const table =
    emails.length === 0
      ? `<p class="muted">No messages yet. Mail sent through the Resend emulator shows up here.</p>`
      : `<table><thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead>
<tbody>${rows.join("")}</tbody></table>`;
  return layout("Local mailbox", `<h1>Local mailbox</h1><p class="muted">${emails.length} message(s)</p>${table}`);
}

/** `/mailbox/:id`: headers, the HTML body in a sandboxed iframe, and the text body. */
export function renderMailboxMessage(email: StoredEmail): string {
  const optional = (label: string, values: readonly string[]) => (values.length ? `<dt>${label}</dt><dd>${list(values)}</dd>` : "");
  const attachments = email.attachments.map((a) => `${a.filename} (${a.size} bytes)`);
  const html =
    email.html === null
      ? ""
      : `<h2>HTML</h2>
<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${esc(email.html)}"></iframe>`;
  const text = email.text === null ? "" : `<h2>Text</h2><pre>${esc(email.text)}</pre>`;
  return layout(
    email.subject || "(no subject)",
    `<p><a href="/mailbox">&larr; All messages</a></p>
<h1>${esc(email.subject || "(no subject)")}</h1>
<dl><dt>From</dt><dd>${esc(email.from)}</dd><dt>To</dt><dd>${list(email.to)}</dd>
${optional("Cc", email.cc)}${optional("Bcc", email.bcc)}${optional("Reply-To", email.reply_to)}
${optional("Attachments", attachments)}<dt>Received</dt><dd>${esc(email.created_at)}</dd><dt>Id</dt><dd>${esc(email.id)}</dd></dl>
${html}${text}`,
  );
}

export function renderNotFound(): string {
  return layout("Not found", `<p><a href="/mailbox">&larr; All messages</a></p><h1>Message not found</h1>`);
}
