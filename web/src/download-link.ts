// A link that downloads a file with a signed URL. The URL lives about five minutes, so a click
// after that first fetches a fresh one, then follows it.
import type { StoredFile } from "../../protocol/files";
import { describeError, h } from "./dom";
import type { FileContext, FileUrls } from "./file-urls";
import { toast } from "./toast";

export interface DownloadLink {
  link: HTMLAnchorElement;
  /** Fills in the URL ahead of a click (call it when the link comes into view). */
  prefetch(): void;
}

export function downloadLink(file: StoredFile, context: FileContext, urls: FileUrls, text = "Download"): DownloadLink {
  const link = h("a", { class: "download", href: "#", download: file.name, "aria-label": `Download ${file.name}` }, text);
  const refresh = () => urls.get(file.id, context).then((url) => void (link.href = url));
  link.addEventListener("click", (event) => {
    const url = urls.fresh(file.id);
    if (url && link.getAttribute("href") === url) return; // still good: the browser follows it
    event.preventDefault();
    refresh().then(
      () => link.click(),
      (err: unknown) => toast(`Could not download “${file.name}”: ${describeError(err)}`, "error"),
    );
  });
  return { link, prefetch: () => void refresh().catch(() => undefined) };
}
