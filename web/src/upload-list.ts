// Uploads on their way to the open conversation, above its composer: name, a progress bar with
// the percentage, and Cancel. Items are updated in place, so Cancel keeps focus as bars move.
import { h, replace } from "./dom";
import type { Upload } from "./files-app";
import { humanSize } from "./file-format";

export function createUploadList() {
  const el = h("ul", { class: "uploads", "aria-label": "Uploads" });
  const items = new Map<string, { li: HTMLLIElement; bar: HTMLProgressElement; text: HTMLSpanElement }>();

  function item(upload: Upload) {
    const bar = h("progress", { max: upload.total, value: 0, "aria-label": `Uploading ${upload.name}` });
    const text = h("span", { class: "upload-percent muted" });
    const cancel = h("button", { type: "button", class: "link", "aria-label": `Cancel uploading ${upload.name}` }, "Cancel");
    cancel.addEventListener("click", () => upload.cancel());
    const li = h(
      "li",
      { class: "upload", "data-upload": upload.id },
      h("span", { class: "upload-name" }, upload.name),
      h("span", { class: "upload-size muted" }, humanSize(upload.total)),
      bar,
      text,
      cancel,
    );
    return { li, bar, text };
  }

  return {
    el,
    update(uploads: Upload[]): void {
      const keep = new Set(uploads.map((u) => u.id));
      for (const [id, it] of items) if (!keep.has(id)) (it.li.remove(), items.delete(id));
      for (const upload of uploads) {
        let it = items.get(upload.id);
        if (!it) {
          it = item(upload);
          items.set(upload.id, it);
          el.append(it.li);
        }
        it.bar.value = upload.loaded;
        replace(it.text, `${Math.floor((100 * upload.loaded) / Math.max(1, upload.total))} %`);
      }
      el.hidden = uploads.length === 0;
    },
  };
}
