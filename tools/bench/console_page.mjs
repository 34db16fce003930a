// The console's first page load in headless Chromium (Debian's, driven by playwright-core
// from src/hub/console/node_modules), for console_bench: the sign-in page from a cold
// browser, then, signed in, the overview with its chart. Prints time and bytes transferred,
// with "MISSED" beside a figure over its target (first load <= 1 s and <= 200 KB).
//   node tools/bench/console_page.mjs URL NAME PASSWORD
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = createRequire(join(root, 'src/hub/console/package.json'))('playwright-core');
const [url, name, password] = process.argv.slice(2);

const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  let bytes = 0;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });

  let started = performance.now();
  await page.goto(url);
  await page.waitForSelector('#signin:not([hidden])');
  const firstMs = Math.round(performance.now() - started);
  const firstBytes = bytes;

  started = performance.now();
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('#signin button[type=submit]');
  await page.waitForSelector('.tiles');
  await page.waitForSelector('.chart canvas');
  const overviewMs = Math.round(performance.now() - started);

  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  console.log(`first load (sign-in page)     ${firstMs} ms, ${firstBytes} bytes`
    + `  (targets <= 1000 ms, <= 204800 bytes: ${verdict(firstMs <= 1000 && firstBytes <= 204800)})`);
  console.log(`signed in to overview drawn   ${overviewMs} ms, ${bytes} bytes in all`
    + `  (target <= 1000 ms: ${verdict(overviewMs <= 1000)})`);
} finally {
  await browser.close();
}
