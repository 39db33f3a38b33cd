import { inlineStyle, type InlineStyle } from './inlineStyle.js';

// The document Observable Plot draws server-side charts into: just the part of the DOM that Plot and d3
// use to build an SVG tree (elements, attributes, text, inline styles); serializeSvg.ts writes it out as a
// browser's XMLSerializer does. A full DOM (jsdom) took 0.7 s to import on this machine — a third of a
// `render` — and several times longer to draw each chart; this one costs nothing to load. The browser's
// embedded view passes its own document and never comes here.

const svgNamespace = 'http://www.w3.org/2000/svg';
const htmlNamespace = 'http://www.w3.org/1999/xhtml';
export const xlinkNamespace = 'http://www.w3.org/1999/xlink';

const elementNode = 1;
const textNode = 3;
const documentFollowing = 4;
const documentPreceding = 2;

export abstract class ChartNode {
  parentNode: ChartElement | null = null;
  abstract readonly nodeType: number;
  constructor(readonly ownerDocument: ChartDocument) {}

  get nextSibling(): ChartNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings?.[siblings.indexOf(this) + 1] ?? null;
  }

  get previousSibling(): ChartNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings?.[siblings.indexOf(this) - 1] ?? null;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }

  /** d3's `selection.order()` asks whether a node follows another: tree order from the root. */
  compareDocumentPosition(other: ChartNode): number {
    if (other === this) return 0;
    const a = pathFromRoot(this);
    const b = pathFromRoot(other);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? documentFollowing : documentPreceding;
    return a.length < b.length ? documentFollowing : documentPreceding;
  }
}

function pathFromRoot(node: ChartNode): number[] {
  const path: number[] = [];
  for (let n = node; n.parentNode; n = n.parentNode) path.unshift(n.parentNode.childNodes.indexOf(n));
  return path;
}

export class ChartText extends ChartNode {
  readonly nodeType = textNode;
  constructor(
    ownerDocument: ChartDocument,
    public data: string,
  ) {
    super(ownerDocument);
  }

  get textContent(): string {
    return this.data;
  }

  set textContent(value: string) {
    this.data = String(value ?? '');
  }
}

export class ChartElement extends ChartNode {
  readonly nodeType = elementNode;
  readonly childNodes: ChartNode[] = [];
  /** In the order first set, as a DOM keeps them (and so serialises them). */
  readonly attributes = new Map<string, string>();
  readonly #style: Record<string, unknown> & InlineStyle;

  constructor(
    ownerDocument: ChartDocument,
    readonly namespaceURI: string,
    readonly localName: string,
  ) {
    super(ownerDocument);
    // As in a DOM, the style attribute takes its place among the others when the first declaration is set.
    this.#style = inlineStyle(() => this.attributes.has('style') || this.attributes.set('style', ''));
  }

  get style(): Record<string, unknown> & InlineStyle {
    return this.#style;
  }

  /** d3's `selection.property('style', text)`. */
  set style(text: string) {
    this.#style.cssText = text;
  }

  get tagName(): string {
    return this.localName;
  }

  get children(): ChartElement[] {
    return this.childNodes.filter((n): n is ChartElement => n instanceof ChartElement);
  }

  get firstChild(): ChartNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): ChartNode | null {
    return this.childNodes.at(-1) ?? null;
  }

  get textContent(): string {
    return this.childNodes.map((n) => (n as ChartText | ChartElement).textContent).join('');
  }

  set textContent(value: string | null) {
    for (const child of this.childNodes.splice(0)) child.parentNode = null;
    const text = value == null ? '' : String(value);
    if (text) this.appendChild(new ChartText(this.ownerDocument, text));
  }

  getAttribute(name: string): string | null {
    if (name === 'style' && this.attributes.has(name)) return this.#style.cssText;
    return this.attributes.get(name) ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }

  setAttribute(name: string, value: unknown): void {
    if (name === 'style') this.#style.cssText = String(value);
    this.attributes.set(name, String(value));
  }

  removeAttribute(name: string): void {
    if (name === 'style') this.#style.cssText = '';
    this.attributes.delete(name);
  }

  setAttributeNS(namespace: string | null, name: string, value: unknown): void {
    this.attributes.set(namespace === xlinkNamespace && !name.includes(':') ? `xlink:${name}` : name, String(value));
  }

  removeAttributeNS(namespace: string | null, name: string): void {
    this.attributes.delete(namespace === xlinkNamespace && !name.includes(':') ? `xlink:${name}` : name);
  }

  appendChild<T extends ChartNode>(child: T): T {
    return this.insertBefore(child, null);
  }

  insertBefore<T extends ChartNode>(child: T, before: ChartNode | null): T {
    child.remove();
    const at = before ? this.childNodes.indexOf(before) : -1;
    if (before && at < 0) throw new Error('invalid insertBefore: the reference node is not a child');
    if (at < 0) this.childNodes.push(child);
    else this.childNodes.splice(at, 0, child);
    child.parentNode = this;
    return child;
  }

  removeChild<T extends ChartNode>(child: T): T {
    const at = this.childNodes.indexOf(child);
    if (at < 0) throw new Error('invalid removeChild: not a child');
    this.childNodes.splice(at, 1);
    child.parentNode = null;
    return child;
  }

  append(...nodes: (ChartNode | string)[]): void {
    for (const node of nodes) this.appendChild(typeof node === 'string' ? new ChartText(this.ownerDocument, node) : node);
  }
}

class ChartDocument {
  readonly documentElement: ChartElement;
  constructor() {
    this.documentElement = new ChartElement(this, htmlNamespace, 'html');
  }

  createElementNS(namespace: string | null, qualifiedName: string): ChartElement {
    return new ChartElement(this, namespace ?? svgNamespace, qualifiedName);
  }

  createElement(name: string): ChartElement {
    return new ChartElement(this, htmlNamespace, name.toLowerCase());
  }

  createTextNode(data: string): ChartText {
    return new ChartText(this, String(data));
  }
}

/** A fresh document for Plot's `document` option. */
export function svgDocument(): Document {
  return new ChartDocument() as unknown as Document;
}
