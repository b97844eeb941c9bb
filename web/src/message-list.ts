// The message list both conversation views (1:1 and group) keep: rows keyed, re-rendered only when
// their signature changes and moved into order, and the scroll kept where a reader expects it.

/** One row as the list should show it: `render` runs only when the signature changed. */
export interface ListRow {
  key: string;
  signature: string;
  render: () => HTMLLIElement;
}

/** Brings `list` to `items`, in order, reusing the rows in `rows` (key -> element) whose signature is unchanged. */
export function reconcileRows(list: HTMLElement, rows: Map<string, HTMLLIElement>, items: ListRow[]): void {
  const keep = new Set<string>();
  items.forEach((item, i) => {
    let li = rows.get(item.key);
    if (!li || li.dataset.signature !== item.signature) {
      const next = item.render();
      next.dataset.key = item.key;
      next.dataset.signature = item.signature;
      if (li) li.replaceWith(next);
      li = next;
      rows.set(item.key, li);
    }
    keep.add(item.key);
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
  });
  for (const [key, li] of rows) if (!keep.has(key)) (li.remove(), rows.delete(key));
}

/**
 * Notes where the reader is before the list changes; the returned function scrolls afterwards:
 * older rows added above keep the view still, and a newly opened conversation, a reader already
 * at the bottom, or my own new message go to the bottom.
 */
export function keepScroll(list: HTMLElement, scroller: HTMLElement): (opened: boolean) => void {
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  const keyOf = (node: Element | null) => (node as HTMLElement | null)?.dataset.key;
  const before = { height: scroller.scrollHeight, first: keyOf(list.firstElementChild), last: keyOf(list.lastElementChild) };
  return (opened) => {
    const last = list.lastElementChild;
    const prepended = before.first !== keyOf(list.firstElementChild) && before.last === keyOf(last);
    const sentByMe = before.last !== keyOf(last) && last?.classList.contains("mine");
    if (prepended && !opened) scroller.scrollTop += scroller.scrollHeight - before.height;
    else if (opened || atBottom || sentByMe) scroller.scrollTop = scroller.scrollHeight;
  };
}
