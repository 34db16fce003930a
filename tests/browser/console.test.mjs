// The console in a real browser: Debian's chromium, driven by playwright-core, against a real
// heard-hub on loopback with the demo chain (20 sites, 40 kiosks). Signs in, reads the
// overview, resolves a case, proves a manager cannot open another site's case, and that a
// comment holding HTML shows as text and runs nothing. Screenshots go to $SCREENSHOTS.
// Every wait is on an event or a selector, never on a fixed sleep.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
// playwright-core is installed beside the console (src/hub/console/node_modules), which CTest
// names in NODE_PATH; only require() reads NODE_PATH, not import.
const { chromium } = createRequire(import.meta.url)('playwright-core');
import { fleetSteps } from './fleet_steps.mjs';

const hubPath = process.env.HEARD_HUB;
const shots = process.env.SCREENSHOTS;
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const xss = '<img src=x onerror=alert(1)>';
mkdirSync(shots, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'heard-console-'));

function demoChain() {
  const out = execFileSync(hubPath, ['demo', '--dir', dir], { encoding: 'utf8' });
  const people = {};
  for (const m of out.matchAll(/^user: (\S+) {2}password: (\S+)/gm)) people[m[1]] = m[2];
  assert.ok(people.ana && people.maria, `demo printed no sign-ins: ${out}`);
  const tokens = Object.fromEntries(readFileSync(join(dir, 'kiosk-tokens.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')));
  return { people, tokens };
}

function startHub() {
  const hub = spawn(hubPath, ['--listen', '127.0.0.1:0', '--db', join(dir, 'hub.db'), '--config', join(dir, 'hub.toml')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    hub.on('exit', (code) => reject(new Error(`heard-hub exited with ${code}`)));
    createInterface({ input: hub.stdout }).on('line', (line) => {
      const m = line.match(/listening on 127\.0\.0\.1:(\d+)/);
      if (m) resolve({ hub, url: `http://127.0.0.1:${m[1]}` });
    });
  });
}

// A UUIDv7, as kiosks make them: 48 bits of milliseconds, version 7, then random bits.
function uuidv7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let t = Date.now();
  for (let i = 5; i >= 0; i -= 1) { b[i] = t % 256; t = Math.floor(t / 256); }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// A customer's urgent complaint whose comment is an XSS attempt, sent as site-01's kiosk would.
async function uploadXssComplaint(url, token) {
  const id = uuidv7();
  const record = {
    id, kiosk_id: 'site-01-door', created_at: new Date(Date.now() - 600000).toISOString(), utc_offset_min: 60,
    rating: 1, kind: 'complaint', categories: ['wait_time'], comment: xss, desired_resolution: 'call_back',
    staff: null, contact: { name: 'Ana', phone: '+34 600 000 042', email: null, channel: 'phone' },
    consent: { given: true, text_version: '2026-11' }, language: 'en', urgent: true, survey_version: '1', app_version: '1.0.0',
  };
  const reply = await fetch(`${url}/v1/kiosks/site-01-door/feedback`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
    body: `${JSON.stringify(record)}\n`,
  });
  const body = await reply.json();
  assert.deepEqual(body.accepted, [id], JSON.stringify(body));
  return id;
}

async function signIn(page, url, name, password) {
  await page.goto(url);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('#signin button[type=submit]');
  await page.waitForSelector('.tiles');
  await page.waitForSelector('.chart canvas');
}

const { people, tokens } = demoChain();
const { hub, url } = await startHub();
const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
const problems = [];
let dialogs = 0;
const watch = (page) => {
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  // Refusals the test provokes (401 before sign-in, 404 for another site's case) are expected;
  // anything else, a CSP violation above all, is a problem.
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
};
try {
  const caseId = await uploadXssComplaint(url, tokens['site-01-door']);

  // Head office at a desk.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await desk.newPage();
  watch(page);
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector('#signin:not([hidden])');
  const loadMs = Math.round(performance.now() - started);
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((n, e) => n + e.transferSize, 0));
  console.log(`first load (sign-in page): ${loadMs} ms, ${bytes} bytes transferred`);
  // Bytes, not milliseconds: the size is the same on any machine, the time is not.
  assert.ok(bytes <= 200 * 1024, `the first load moved ${bytes} bytes; the budget is 200 KB`);
  await page.screenshot({ path: join(shots, 'signin.png') });

  await signIn(page, url, 'ana', people.ana);
  assert.equal(await page.locator('.ranking tbody tr').count(), 20);
  assert.equal(await page.locator('.tile').count(), 4);
  await page.screenshot({ path: join(shots, 'overview-desk.png'), fullPage: true });

  await page.click('nav a[data-view=inbox]');
  await page.waitForSelector('.cases li');
  assert.ok(await page.locator('.cases li').first().locator('.badge.urgent').count(), 'urgent cases come first');
  await page.screenshot({ path: join(shots, 'inbox-desk.png') });

  // The XSS comment is text, and nothing runs.
  await page.goto(`${url}/#case/${caseId}`);
  await page.waitForSelector('.comment.big');
  assert.equal(await page.textContent('.comment.big'), xss);
  assert.equal(await page.locator('main img').count(), 0);
  await page.click('text=Reveal');
  await page.waitForSelector('.revealed');
  assert.match(await page.textContent('.revealed'), /600 000 042/);
  await page.fill('#note', 'Called back, apologised, refunded the wait.');
  await page.click('text=Mark resolved');
  await page.waitForFunction(() => document.querySelector('#case-status')?.textContent === 'resolved');
  await page.screenshot({ path: join(shots, 'case-resolved-desk.png'), fullPage: true });
  const open = await page.evaluate(async () => (await (await fetch('/api/cases')).json()).cases);
  assert.ok(!open.some((c) => c.id === caseId), 'a resolved case leaves the inbox');
  const elsewhere = open.find((c) => c.site !== 'site-01' && c.site !== 'site-02');
  assert.ok(elsewhere, 'the demo chain has open cases at other sites');

  await fleetSteps({ page, url, tokens, dir, shots, assetsDir: process.env.HEARD_ASSETS_DIR });

  await page.click('#signout');
  await page.waitForSelector('#signin:not([hidden])');

  // A store manager on a phone: their two stores only.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const mobile = await phone.newPage();
  watch(mobile);
  await signIn(mobile, url, 'maria', people.maria);
  assert.equal(await mobile.locator('.ranking tbody tr').count(), 2);
  await mobile.screenshot({ path: join(shots, 'overview-phone.png'), fullPage: true });
  await mobile.click('nav a[data-view=inbox]');
  await mobile.waitForSelector('.cases li, .heading + p');
  const sites = await mobile.evaluate(async () => (await (await fetch('/api/cases')).json()).cases.map((c) => c.site));
  assert.ok(sites.every((s) => s === 'site-01' || s === 'site-02'), `manager saw ${sites}`);
  await mobile.screenshot({ path: join(shots, 'inbox-phone.png') });
  await mobile.goto(`${url}/#case/${elsewhere.id}`);
  await mobile.waitForSelector('#view .error');
  assert.match(await mobile.textContent('#view .error'), /no such case/);
  const status = await mobile.evaluate(async (id) => (await fetch(`/api/cases/${id}`)).status, elsewhere.id);
  assert.equal(status, 404);
  await mobile.goto(`${url}/#case/${caseId}`);
  await mobile.waitForSelector('.comment.big');
  await mobile.screenshot({ path: join(shots, 'case-phone.png'), fullPage: true });
  await mobile.click('nav a[data-view=responses]');
  await mobile.waitForSelector('.responses li');
  await mobile.screenshot({ path: join(shots, 'responses-phone.png') });

  assert.equal(dialogs, 0, 'no dialog opened');
  assert.deepEqual(problems, [], 'no errors or CSP violations in the console');
  console.log(`console browser test passed; screenshots in ${shots}`);
} finally {
  await browser.close();
  hub.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
