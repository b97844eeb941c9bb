// The group's settings in the member panel: admins rename it and set its topic; the owner also
// decides whether every member may add people. Only the fields that changed are sent (each one
// becomes a system entry in the group's log).
import type { UpdateGroupInput } from "../../client";
import { GROUP_NAME_MAX, GROUP_TOPIC_MAX, type Group, type GroupRole } from "../../protocol/groups";
import type { ChatApp } from "./chat-app";
import { busy, h } from "./dom";

export function groupSettingsForm(app: ChatApp, group: Group, role: GroupRole): HTMLFormElement {
  const alert = h("p", { class: "error", role: "alert" });
  const name = h("input", { id: "group-settings-name", name: "name", required: true, maxlength: GROUP_NAME_MAX, value: group.name });
  const topic = h("input", { id: "group-settings-topic", name: "topic", maxlength: GROUP_TOPIC_MAX, value: group.topic });
  const invite = h("input", { type: "checkbox", id: "group-settings-invite", name: "membersCanInvite" });
  invite.checked = group.membersCanInvite;
  const form = h(
    "form",
    { class: "group-settings", "aria-label": "Group settings" },
    h("label", { for: "group-settings-name" }, "Group name"),
    name,
    h("label", { for: "group-settings-topic" }, "Topic"),
    topic,
    role === "owner" ? h("p", { class: "check" }, invite, h("label", { for: "group-settings-invite" }, "Members can add people")) : null,
    alert,
    h("button", { type: "submit", class: "small" }, "Save settings"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes: UpdateGroupInput = {};
    if (name.value.trim() !== group.name) changes.name = name.value.trim();
    if (topic.value.trim() !== group.topic) changes.topic = topic.value.trim();
    if (role === "owner" && invite.checked !== group.membersCanInvite) changes.membersCanInvite = invite.checked;
    if (Object.keys(changes).length === 0) return;
    void busy(form, alert, () => app.groups.update(group.groupId, changes));
  });
  return form;
}
