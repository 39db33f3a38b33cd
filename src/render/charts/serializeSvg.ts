import { ChartElement, ChartText, xlinkNamespace, type ChartNode } from './svgDocument.js';

// An SVG tree drawn into svgDocument.ts as XML text, written as a browser's (and jsdom's) XMLSerializer
// writes it, so that a chart's bytes do not depend on which document Plot drew into.

/** The element as XML, as a browser's XMLSerializer writes an SVG tree (same attribute order and escapes). */
export function serializeSvg(element: Element): string {
  const root = element as unknown as ChartElement;
  if (!(root instanceof ChartElement)) throw new Error('invalid element: not drawn in an svgDocument');
  const out: string[] = [];
  write(root, null, out);
  return out.join('');
}

function write(node: ChartNode, parentNamespace: string | null, out: string[]): void {
  if (node instanceof ChartText) {
    out.push(escapeText(node.data));
    return;
  }
  const element = node as ChartElement;
  out.push('<', element.localName);
  if (element.namespaceURI !== parentNamespace) out.push(' xmlns="', escapeAttribute(element.namespaceURI), '"');
  let xlink = false;
  for (const [name, value] of element.attributes) {
    if (name.startsWith('xlink:')) xlink = true;
    out.push(' ', name, '="', escapeAttribute(name === 'style' ? element.style.cssText : value), '"');
  }
  // Plot's links (its href channel): valid XML, though not jsdom's bytes; no chart of ours has links.
  if (xlink) out.push(' xmlns:xlink="', xlinkNamespace, '"');
  if (!element.childNodes.length) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of element.childNodes) write(child, element.namespaceURI, out);
  out.push('</', element.localName, '>');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}
