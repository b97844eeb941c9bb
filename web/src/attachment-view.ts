// A message's file in a conversation: a picture inline (its thumbnail, at the size its metadata
// gives, so nothing jumps when it loads; a click opens it full size), or a chip with the type,
// name, size and a download link. Signed URLs are asked for only when the row comes near the
// visible part of the log. Elements are kept per message, so a row rebuilt for a new receipt
// mark keeps its loaded picture.
import type { StoredFile } from "../../protocol/files";
import { h } from "./dom";
import { downloadLink } from "./download-link";
import { fitInBox, humanSize, isInlineImage, typeLabel } from "./file-format";
import type { FileContext, FileUrls } from "./file-urls";
import { openImageViewer } from "./image-viewer";

/** Pictures show inside a square this many CSS pixels wide (smaller on narrow screens). */
const IMAGE_BOX_PX = 260;
/** URLs are fetched when a row is this close to the visible part of the log. */
const NEAR = "400px 0px";

export type Attachments = ReturnType<typeof createAttachments>;

/** `scroller`: the log the rows scroll in (lazy loading watches it). */
export function createAttachments(urls: FileUrls, scroller: HTMLElement) {
  const kept = new Map<string, HTMLElement>();
  const onNear = new Map<Element, () => void>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        onNear.get(entry.target)?.();
        onNear.delete(entry.target);
      }
    },
    { root: scroller, rootMargin: NEAR },
  );
  const whenNear = (el: Element, run: () => void) => (onNear.set(el, run), observer.observe(el));

  function picture(file: StoredFile, context: FileContext): HTMLElement {
    const size = fitInBox(file.width, file.height, IMAGE_BOX_PX);
    const img = h("img", { alt: file.name, width: size?.width, height: size?.height, decoding: "async" });
    const open = h("button", { type: "button", class: "image-open", "aria-label": `Open ${file.name} full size`, title: file.name }, img);
    const frame = h("div", { class: "attachment picture", "data-file": file.id, "data-state": "loading" }, open);
    // The thumbnail when there is one; the original otherwise (small pictures have none).
    const shown = file.thumbnailId ?? file.id;
    let retried = false;
    const load = () =>
      urls.get(shown, context).then(
        (url) => void (img.src = url),
        () => (frame.dataset.state = "failed"),
      );
    img.addEventListener("load", () => (frame.dataset.state = "loaded"));
    img.addEventListener("error", () => {
      if (!img.getAttribute("src")) return;
      // Most likely the URL expired before the picture scrolled into view: once more, fresh.
      if (retried) return void (frame.dataset.state = "failed");
      retried = true;
      urls.forget(shown);
      void load();
    });
    open.addEventListener("click", () => openImageViewer(file, context, urls));
    whenNear(frame, () => void load());
    return frame;
  }

  function chip(file: StoredFile, context: FileContext): HTMLElement {
    const download = downloadLink(file, context, urls);
    const chipEl = h(
      "div",
      { class: "attachment chip", "data-file": file.id, "data-mime": file.mime },
      h("span", { class: "file-icon", "aria-hidden": "true" }, typeLabel(file.mime)),
      h(
        "span",
        { class: "file-text" },
        h("span", { class: "file-name" }, file.name),
        h("span", { class: "file-size muted" }, humanSize(file.size)),
      ),
      download.link,
    );
    whenNear(chipEl, download.prefetch);
    return chipEl;
  }

  return {
    /** The element for `file` in the message `msgKey` (the same element on every call). */
    render(msgKey: string, file: StoredFile, context: FileContext): HTMLElement {
      const key = `${msgKey}|${file.id}|${file.thumbnailId ?? ""}`;
      let el = kept.get(key);
      if (!el) {
        el = isInlineImage(file) ? picture(file, context) : chip(file, context);
        kept.set(key, el);
      }
      return el;
    },
    /** Forgets every element (another conversation opened). */
    clear(): void {
      kept.clear();
      onNear.clear();
      observer.disconnect();
    },
  };
}
