export interface InlineStyle {
  setProperty(name: string, value: unknown, priority?: string): void;
  removeProperty(name: string): void;
  getPropertyValue(name: string): string;
  cssText: string;
}

/**
 * An element's inline style in svgDocument.ts: Plot assigns camelCase properties (`Object.assign(svg.style, { fontFamily })`),
 * d3 calls setProperty with CSS names. Written out as a browser's CSSOM writes it for the values charts use.
 */
export function inlineStyle(onSet: () => void): Record<string, unknown> & InlineStyle {
  const declarations = new Map<string, { value: string; priority: string }>();
  const methods: InlineStyle = {
    setProperty(name, value, priority = '') {
      const text = value == null ? '' : String(value);
      if (text === '') declarations.delete(name);
      else {
        declarations.set(name, { value: cssValue(text), priority });
        onSet();
      }
    },
    removeProperty(name) {
      declarations.delete(name);
    },
    getPropertyValue(name) {
      return declarations.get(name)?.value ?? '';
    },
    get cssText() {
      return [...declarations].map(([name, { value, priority }]) => `${name}: ${value}${priority ? ` !${priority}` : ''};`).join(' ');
    },
    set cssText(text: string) {
      declarations.clear();
      for (const declaration of String(text).split(';')) {
        const colon = declaration.indexOf(':');
        if (colon > 0) methods.setProperty(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
      }
    },
  };
  return new Proxy(methods as Record<string, unknown> & InlineStyle, {
    get(target, key) {
      if (typeof key !== 'string' || key in target) return Reflect.get(target, key);
      return target.getPropertyValue(cssName(key));
    },
    set(target, key, value) {
      if (typeof key !== 'string' || key in target) return Reflect.set(target, key, value);
      target.setProperty(cssName(key), value);
      return true;
    },
  });
}

function cssName(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Hex colours as `rgb(…)` and font names in double quotes, as browsers (and jsdom) serialise them. */
function cssValue(value: string): string {
  return value
    .replace(/#([0-9a-f]{6}|[0-9a-f]{3})\b/gi, (_, hex: string) => {
      const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
      return `rgb(${r}, ${g}, ${b})`;
    })
    .replace(/'([^'"]*)'/g, '"$1"');
}
