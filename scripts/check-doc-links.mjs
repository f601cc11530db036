// Checks every relative link (and #anchor) in the markdown files given: node scripts/check-doc-links.mjs README.md docs/*.md docs/*/*.md bench/README.md
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
const slug = (h) => h.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
const anchors = (file) => {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
};
let bad = 0, n = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = m[1];
    if (/^[a-z]+:/i.test(link)) continue;
    n++;
    const [path, anchor] = link.split('#');
    const target = path ? resolve(dirname(file), path) : resolve(file);
    if (!existsSync(target)) { console.log(`${file}: missing ${link}`); bad++; continue; }
    if (anchor && !(statSync(target).isFile() && anchors(target).has(anchor))) { console.log(`${file}: no anchor ${link}`); bad++; }
  }
}
console.log(`${n} relative links checked, ${bad} broken`);
process.exit(bad ? 1 : 0);
