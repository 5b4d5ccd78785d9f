/**
 * Test-only: a DOM just big enough to run `<inpage-rec>` in Node (vitest runs here without a DOM
 * library), so the element's own wiring (attributes to the recommender's options, card events,
 * heading) is unit-tested, not only in the browser tests. Nodes are `EventTarget`s, so events are
 * Node's own (no bubbling: listen on the element). Selectors: `tag`, `.class`, `tag.class`,
 * `[attr]`, `[attr=value]`. Custom element callbacks run as in a browser: attribute changes of
 * observed attributes, connection and disconnection.
 */

type Callbacks = {
  attributeChangedCallback?(name: string, old: string | null, value: string | null): void;
  connectedCallback?(): void;
  disconnectedCallback?(): void;
};

/** A node: a text node when `text` is set, else an element (or a root). */
export class FakeNode extends EventTarget {
  parentNode: FakeNode | null = null;
  children: FakeNode[] = [];
  text: string | undefined;
  readonly attrs = new Map<string, string>();
  dataset: Record<string, string> = {};
  /** Set by `attachShadow` (open roots only exist here). */
  shadowRoot: FakeShadowRoot | null = null;
  constructor(
    readonly tagName = '',
    readonly ownerDocument: FakeNode | null = null,
  ) {
    super();
  }
  get isConnected(): boolean {
    let top: FakeNode = this;
    while (top.parentNode) top = top.parentNode;
    if (top instanceof FakeShadowRoot) return top.host.isConnected;
    return top instanceof FakeDocument;
  }
  get textContent(): string {
    return this.text ?? this.children.map((c) => c.textContent).join('');
  }
  set textContent(value: string) {
    if (this.text !== undefined) this.text = value;
    else this.replaceChildren(Object.assign(new FakeNode('#text', this.ownerDocument), { text: value }));
  }
  get childElementCount(): number {
    return this.children.length;
  }
  get firstElementChild(): FakeNode | null {
    return this.children[0] ?? null;
  }
  get nextElementSibling(): FakeNode | null {
    const siblings = this.parentNode?.children ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  get className(): string {
    return this.getAttribute('class') ?? '';
  }
  set className(value: string) {
    this.setAttribute('class', value);
  }
  get classList() {
    const classes = () => new Set(this.className.split(/\s+/).filter(Boolean));
    return {
      contains: (c: string) => classes().has(c),
      add: (...cs: string[]) => {
        this.className = [...new Set([...classes(), ...cs])].join(' ');
      },
    };
  }
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attrs.has(name);
  }
  setAttribute(name: string, value: string): void {
    const old = this.getAttribute(name);
    this.attrs.set(name, String(value));
    this.changed(name, old);
  }
  removeAttribute(name: string): void {
    const old = this.getAttribute(name);
    this.attrs.delete(name);
    this.changed(name, old);
  }
  toggleAttribute(name: string, force?: boolean): boolean {
    const on = force ?? !this.hasAttribute(name);
    if (on) this.setAttribute(name, '');
    else this.removeAttribute(name);
    return on;
  }
  private changed(name: string, old: string | null): void {
    const observed = (this.constructor as { observedAttributes?: readonly string[] }).observedAttributes;
    if (observed?.includes(name)) (this as Callbacks).attributeChangedCallback?.(name, old, this.getAttribute(name));
  }
  append(...nodes: FakeNode[]): void {
    for (const n of nodes) this.insertBefore(n, null);
  }
  prepend(...nodes: FakeNode[]): void {
    for (const n of nodes.reverse()) this.insertBefore(n, this.children[0] ?? null);
  }
  insertBefore(node: FakeNode, before: FakeNode | null): void {
    if (node.parentNode) node.parentNode.detach(node);
    const at = before ? this.children.indexOf(before) : -1;
    this.children.splice(at < 0 ? this.children.length : at, 0, node);
    node.parentNode = this;
    if (node.isConnected) (node as Callbacks).connectedCallback?.();
  }
  replaceChildren(...nodes: FakeNode[]): void {
    for (const c of [...this.children]) c.remove();
    this.append(...nodes);
  }
  remove(): void {
    const wasConnected = this.isConnected;
    this.parentNode?.detach(this);
    if (wasConnected) (this as Callbacks).disconnectedCallback?.();
  }
  private detach(node: FakeNode): void {
    this.children.splice(this.children.indexOf(node), 1);
    node.parentNode = null;
  }
  contains(node: FakeNode | null): boolean {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  matches(selector: string): boolean {
    const m = /^([a-z0-9]*)(?:\.([\w-]+))?(?:\[([\w-]+)(?:=([^\]]*))?\])?$/.exec(selector);
    if (!m || this.text !== undefined) return false;
    const [, tag, cls, attr, value] = m;
    if (tag && this.tagName !== tag) return false;
    if (cls && !this.classList.contains(cls)) return false;
    if (attr && (value === undefined ? !this.hasAttribute(attr) : this.getAttribute(attr) !== value)) return false;
    return true;
  }
  querySelectorAll(selector: string): FakeNode[] {
    return this.children.flatMap((c) => [...(c.matches(selector) ? [c] : []), ...c.querySelectorAll(selector)]);
  }
  querySelector(selector: string): FakeNode | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }
  closest(selector: string): FakeNode | null {
    for (let n: FakeNode | null = this; n; n = n.parentNode) if (n.matches(selector)) return n;
    return null;
  }
  attachShadow(_init: { mode: string }): FakeShadowRoot {
    this.shadowRoot = new FakeShadowRoot(this);
    return this.shadowRoot;
  }
  focus(): void {}
  getBoundingClientRect() {
    return { top: 0, bottom: 0, left: 0, right: 0, width: 0, height: 0 };
  }
}

/** A shadow root: the element's frame hangs here. */
export class FakeShadowRoot extends FakeNode {
  activeElement: FakeNode | null = null;
  adoptedStyleSheets: unknown[] = [];
  constructor(readonly host: FakeNode) {
    super('#shadow-root', host.ownerDocument);
  }
}

/** The document: `body` is connected, so elements appended to it get `connectedCallback`. */
export class FakeDocument extends FakeNode {
  readonly body: FakeNode;
  readonly head: FakeNode;
  baseURI = 'https://shop.example/p/1';
  currentScript: unknown = null;
  constructor() {
    super('#document');
    this.head = new FakeNode('head', this);
    this.body = new FakeNode('body', this);
    this.append(this.head, this.body);
  }
  createElement(tag: string): FakeNode {
    return new FakeNode(tag.toLowerCase(), this);
  }
  createTextNode(text: string): FakeNode {
    return Object.assign(new FakeNode('#text', this), { text });
  }
}

/** An HTMLElement base class: custom elements built on it are constructed with `new`. */
class FakeHTMLElement extends FakeNode {
  constructor() {
    super('', globalThis.document as unknown as FakeNode);
  }
}

const GLOBALS = ['document', 'Document', 'HTMLElement'] as const;

/**
 * Installs the fake `document`, `Document` and `HTMLElement` globals (before the element module is
 * imported: it picks its base class then); returns the function that removes them again.
 */
export function installFakeDom(): { document: FakeDocument; uninstall: () => void } {
  const document = new FakeDocument();
  const values = { document, Document: FakeDocument, HTMLElement: FakeHTMLElement };
  for (const name of GLOBALS) Object.defineProperty(globalThis, name, { value: values[name], configurable: true, writable: true });
  return {
    document,
    uninstall: () => {
      for (const name of GLOBALS) delete (globalThis as Record<string, unknown>)[name];
    },
  };
}
