import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
const doc = new JSDOM(readFileSync(process.argv[2], 'utf8')).window.document;
const out = new Set();
const walker = doc.createTreeWalker(doc.body, 4);
for (let n = walker.nextNode(); n; n = walker.nextNode()) { const t = n.textContent.trim(); if (t) out.add(t); }
for (const el of doc.querySelectorAll('[aria-label],[title]')) { for (const a of ['aria-label','title']) if (el.getAttribute(a)) out.add('@'+a+': '+el.getAttribute(a)); }
console.log([...out].join('\n'));
