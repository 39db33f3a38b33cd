// Elements built from text: attributes one by one, children as nodes or text. Nothing here parses markup,
// so a customer called `<img onerror=…>` stays that text.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** An SVG element (a KPI's sparkline), built the same way. */
export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Node[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
