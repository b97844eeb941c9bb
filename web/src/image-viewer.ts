// A picture full size in a modal <dialog> (Escape or the close button or a click beside it
// closes it), with its name, size, a download link and a link to open it in a new tab.
import type { StoredFile } from "../../protocol/files";
import { describeError, h } from "./dom";
import { downloadLink } from "./download-link";
import { humanSize } from "./file-format";
import type { FileContext, FileUrls } from "./file-urls";

export function openImageViewer(file: StoredFile, context: FileContext, urls: FileUrls): void {
  const img = h("img", { alt: file.name, width: file.width, height: file.height });
  const status = h("p", { class: "muted", role: "status" }, "Loading…");
  const close = h("button", { type: "button", class: "secondary small" }, "Close");
  const newTab = h("a", { href: "#", target: "_blank", rel: "noopener noreferrer" }, "Open in a new tab");
  const download = downloadLink(file, context, urls);
  const title = h("h2", { id: "image-viewer-title" }, file.name);
  const dialog = h(
    "dialog",
    { class: "dialog image-viewer", "aria-labelledby": "image-viewer-title" },
    h("div", { class: "image-viewer-bar" }, title, close),
    h("div", { class: "image-viewer-frame" }, img, status),
    h("p", { class: "image-viewer-links" }, h("span", { class: "muted" }, humanSize(file.size)), newTab, download.link),
  );
  document.body.append(dialog);
  close.addEventListener("click", () => dialog.close());
  // A click on the backdrop lands on the dialog itself.
  dialog.addEventListener("click", (event) => event.target === dialog && dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  img.addEventListener("load", () => (status.hidden = true));
  img.addEventListener("error", () => (status.textContent = "Could not load the picture."));
  urls.get(file.id, context).then(
    (url) => {
      img.src = url;
      newTab.href = url;
      download.link.href = url;
    },
    (err: unknown) => (status.textContent = `Could not load the picture: ${describeError(err)}`),
  );
  dialog.showModal();
  close.focus();
}
