// Renders extension/icon.svg into the PNG icons the manifests name (Chrome takes no SVG
// icons). Run by hand after changing the SVG; the PNGs are committed.
// Usage: node scripts/render-icons.mjs   (needs /usr/bin/chromium: scripts/setup.sh --browsers)
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const extension = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'extension');
const svg = readFileSync(join(extension, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  await page.screenshot({ path: join(extension, 'icons', `icon-${size}.png`), omitBackground: true });
  await page.close();
}
await browser.close();
