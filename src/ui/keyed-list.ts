/**
 * Keyed rendering of a card list: a card whose item and look did not change keeps its DOM node
 * (and with it focus, a loaded image and its impression state); new cards are built; cards no
 * longer wanted are removed; the order is fixed by moving as few nodes as possible (with
 * `moveBefore` where the browser has it, which keeps focus even on a move). Each card node carries
 * its key in `data-id`.
 */

/** One wanted card: its key, a signature of everything it shows, and the value to build it from. */
export interface Keyed<T> {
  key: string;
  signature: string;
  value: T;
}

const signatures = new WeakMap<Element, string>();

type MovableParent = Element & { moveBefore?: (node: Node, child: Node | null) => void };

function place(list: MovableParent, node: Element, before: Element | null): void {
  if (list.moveBefore && node.isConnected && node.parentNode === list) {
    try {
      list.moveBefore(node, before);
      return;
    } catch {
      // fall through: a plain insert
    }
  }
  list.insertBefore(node, before);
}

/** Makes `list`'s children the cards for `entries`, reusing unchanged ones; `build` makes a new card. */
export function reconcile<T>(list: Element, entries: readonly Keyed<T>[], build: (value: T) => Element): void {
  const reusable = new Map<string, Element>();
  for (const child of Array.from(list.children)) {
    const id = child.getAttribute('data-id');
    if (id !== null && signatures.has(child) && !reusable.has(id)) reusable.set(id, child);
    else child.remove(); // placeholders, duplicates, anything not built here
  }
  const wanted = entries.map((e) => {
    const node = reusable.get(e.key);
    if (node && signatures.get(node) === e.signature) {
      reusable.delete(e.key);
      return node;
    }
    const fresh = build(e.value);
    fresh.setAttribute('data-id', e.key);
    signatures.set(fresh, e.signature);
    return fresh;
  });
  for (const stale of reusable.values()) stale.remove();
  let cursor = list.firstElementChild;
  for (const node of wanted) {
    if (node === cursor) cursor = cursor.nextElementSibling;
    else place(list, node, cursor);
  }
}
