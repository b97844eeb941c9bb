// The message box's behaviour shared by the 1:1 and group views: it grows with its text up to the
// CSS max-height (CSSOM writes are allowed under the page's CSP), and Enter sends while Shift+Enter
// adds a line, never while an IME is composing a character. Returns `fit`, for after a send.
export function composerKeys(composer: HTMLFormElement, textarea: HTMLTextAreaElement): () => void {
  const fit = () => {
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + 2}px`;
  };
  textarea.addEventListener("input", fit);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  return fit;
}
