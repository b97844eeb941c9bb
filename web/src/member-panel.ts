// The member panel of an open group: members with their roles, and what the reader's role allows
// (docs/protocol.md "Who may do what"): admins add friends, make invite links and remove members;
// the owner also promotes and demotes, transfers ownership, removes admins and dissolves.
// Everyone but the owner may leave. Buttons carry the member's name for screen readers.
import type { GroupMember } from "../../client";
import type { ChatApp } from "./chat-app";
import { confirmDialog } from "./confirm-dialog";
import { describeError, h, replace } from "./dom";
import { groupSettingsForm } from "./group-settings";
import { groupConv, isAdmin, myRole, type GroupConv } from "./group-state";
import { displayName, nameOf } from "./state";
import { toast } from "./toast";

const ROLE_ORDER = { owner: 0, admin: 1, member: 2 } as const;
/** The group is gone from the screen: focus goes to the group list's heading, not to the page's top. */
const focusGroups = () => queueMicrotask(() => document.getElementById("groups-title")?.focus());

/** A small button whose visible text is short and whose accessible name says whom it acts on. */
function action(text: string, label: string, run: () => Promise<void>, kind = "secondary"): HTMLButtonElement {
  const button = h("button", { type: "button", class: `small ${kind}`, "aria-label": label }, text);
  button.addEventListener("click", () => {
    button.disabled = true;
    void run().finally(() => (button.disabled = false));
  });
  return button;
}

export function createMemberPanel(app: ChatApp, onClose: () => void) {
  const { state } = app;
  const close = h("button", { type: "button", class: "link", "aria-label": "Close members" }, "Close");
  close.addEventListener("click", onClose);
  const title = h("h2", { id: "members-title" });
  const list = h("ul", { class: "members", "aria-labelledby": "members-title" });
  const manage = h("div", { class: "manage" });
  const el = h(
    "aside",
    { id: "member-panel", class: "member-panel", "aria-labelledby": "members-title" },
    h("div", { class: "section-title" }, title, close),
    list,
    manage,
  );
  /** The invite link made last, per group (shown until the panel shows another group). */
  let invite: { groupId: string; link: string; expiresAt: string } | undefined;
  /** What the panel shows now: rebuilt only when it changes, so a half-made choice survives events. */
  let shown = "";

  const name = (uid: number) => nameOf(state, uid);
  const ask = (question: string, yes: string, run: () => Promise<void>) => async () => {
    if (await confirmDialog(question, yes)) await run();
  };

  function memberRow(conv: GroupConv, m: GroupMember): HTMLElement {
    const me = myRole(state, conv);
    const gid = conv.groupId;
    const who = name(m.uid);
    const actions: HTMLElement[] = [];
    if (m.uid !== state.me.id && me === "owner") {
      actions.push(
        m.role === "admin"
          ? action("Make member", `Make ${who} a member`, () => app.groups.setRole(gid, m.uid, "member"))
          : action("Make admin", `Make ${who} an admin`, () => app.groups.setRole(gid, m.uid, "admin")),
        action(
          "Make owner",
          `Make ${who} the owner`,
          ask(`Make ${who} the owner of “${conv.group?.name}”? You will be an admin.`, "Make owner", () => app.groups.transfer(gid, m.uid)),
        ),
      );
    }
    if (m.uid !== state.me.id && m.role !== "owner" && (me === "owner" || (me === "admin" && m.role === "member"))) {
      actions.push(
        action(
          "Remove",
          `Remove ${who}`,
          ask(`Remove ${who} from “${conv.group?.name}”?`, "Remove", () => app.groups.remove(gid, m.uid)),
        ),
      );
    }
    return h(
      "li",
      { "data-member": m.uid, "data-role": m.role },
      h("span", { class: "name" }, who, m.uid === state.me.id ? h("span", { class: "muted" }, " (you)") : null),
      m.role === "member" ? null : h("span", { class: "role" }, m.role),
      actions.length ? h("span", { class: "actions" }, ...actions) : null,
    );
  }

  function addForm(conv: GroupConv): HTMLElement | null {
    const inGroup = new Set(conv.members?.map((m) => m.uid));
    const candidates = [...state.friends.values()].filter((f) => !inGroup.has(f.id));
    if (candidates.length === 0) return null;
    const select = h(
      "select",
      { id: "add-member", name: "uid" },
      ...candidates.sort((a, b) => displayName(a).localeCompare(displayName(b))).map((f) => h("option", { value: f.id }, displayName(f))),
    );
    const form = h(
      "form",
      { class: "add-member" },
      h("label", { for: "add-member" }, "Add a friend"),
      h("div", { class: "row" }, select, h("button", { type: "submit", class: "small" }, "Add")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void app.groups.addMembers(conv.groupId, [Number(select.value)]);
    });
    return form;
  }

  function inviteBlock(conv: GroupConv): HTMLElement {
    const make = action("Create invite link", "Create invite link", async () => {
      try {
        invite = { groupId: conv.groupId, ...(await app.groups.invite(conv.groupId)) };
        update();
      } catch (err) {
        toast(describeError(err), "error");
      }
    });
    const shown = invite?.groupId === conv.groupId ? invite : undefined;
    return h(
      "div",
      { class: "invite" },
      make,
      shown
        ? h(
            "p",
            { class: "hint" },
            h("label", { for: "invite-link" }, "New invite link"),
            h("input", { id: "invite-link", readonly: true, value: shown.link }),
            `Works until ${new Date(shown.expiresAt).toLocaleString()}; anyone with it can join.`,
          )
        : null,
    );
  }

  function update(): void {
    const gid = state.openGroup;
    if (gid === undefined) return;
    const conv = groupConv(state, gid);
    const role = myRole(state, conv);
    const signature = JSON.stringify([
      gid,
      role,
      conv.group,
      conv.members,
      conv.members?.map((m) => name(m.uid)),
      [...state.friends.keys()],
      invite,
    ]);
    if (signature === shown) return;
    shown = signature;
    const members = [...(conv.members ?? [])].sort(
      (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || name(a.uid).localeCompare(name(b.uid)),
    );
    replace(title, `Members (${conv.members?.length ?? conv.group?.memberCount ?? "…"})`);
    replace(list, ...members.map((m) => memberRow(conv, m)));
    const mayAdd = isAdmin(role) || Boolean(conv.group?.membersCanInvite);
    const groupName = conv.group?.name ?? "this group";
    replace(
      manage,
      conv.group && role && isAdmin(role) ? groupSettingsForm(app, conv.group, role) : null,
      mayAdd ? addForm(conv) : null,
      mayAdd ? inviteBlock(conv) : null,
      role && role !== "owner"
        ? action(
            "Leave group",
            "Leave group",
            ask(`Leave “${groupName}”? You will no longer see its messages.`, "Leave", () => app.groups.leave(gid).then(focusGroups)),
          )
        : null,
      role === "owner"
        ? action(
            "Dissolve group",
            "Dissolve group",
            ask(`Dissolve “${groupName}” for everyone? Its history ends too.`, "Dissolve", () =>
              app.groups.dissolve(gid).then(focusGroups),
            ),
            "danger",
          )
        : null,
    );
  }

  return { el, update };
}
