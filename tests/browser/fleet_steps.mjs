// Surveys on kiosks (issue 17) in the browser, as head office does it: publish a survey file
// to one kiosk as a canary, see the kiosk report it runs it, publish to everyone, roll back in
// one step; a survey with a mistake is refused with file:line:key. Kiosks are played by their
// heartbeats (what a real kiosk sends once it runs a survey). Screenshots into `shots`.
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export async function heartbeat(url, kiosk, token, running, error = null) {
  const reply = await fetch(`${url}/v1/kiosks/${kiosk}/heartbeat`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ at: new Date().toISOString(), app_version: '1.0.0', outbox: 0, survey_version: running, config_error: error }),
  });
  assert.equal(reply.status, 204);
}

async function served(url, kiosk, token) {
  const reply = await fetch(`${url}/v1/kiosks/${kiosk}/config`, { headers: { Authorization: `Bearer ${token}` } });
  return reply.status === 200 ? (await reply.json()).version : `HTTP ${reply.status}`;
}

async function publish(page, file, scope, target) {
  const before = await page.textContent('#fleet-message');
  await page.setInputFiles('#fleet-file', file);
  await page.selectOption('#fleet-scope', scope);
  if (target) await page.selectOption('#fleet-target', target);
  await page.click('.fleet-publish button[type=submit]');
  await page.waitForFunction((old) => {
    const text = document.querySelector('#fleet-message').textContent;
    return text && text !== old;
  }, before);
  return page.textContent('#fleet-message');
}

export async function fleetSteps({ page, url, tokens, dir, shots, assetsDir }) {
  const survey = JSON.parse(readFileSync(join(assetsDir, 'survey.json'), 'utf8'));
  const first = join(dir, 'survey.json');
  writeFileSync(first, JSON.stringify(survey, null, 2));
  survey.categories.push({ id: 'parking', label: { en: 'Parking', es: 'Aparcamiento', fr: 'Parking', de: 'Parkplatz' } });
  const good = join(dir, 'survey-parking.json');
  writeFileSync(good, JSON.stringify(survey, null, 2));
  delete survey.categories[0].label.de;
  const broken = join(dir, 'survey-broken.json');
  writeFileSync(broken, JSON.stringify(survey, null, 2));

  await page.click('nav a[data-view=fleet]');
  await page.waitForSelector('.fleet-kiosks tbody tr');
  assert.equal(await page.locator('.fleet-kiosks tbody tr').count(), 40);

  // A mistake is refused as the kiosk would report it.
  const refused = await publish(page, broken, 'chain');
  assert.match(refused, /survey-broken\.json:\d+: categories\[0\]\.label\.de: missing text for configured language 'de'/);

  // What every kiosk runs today, then the change on one kiosk first: the canary.
  assert.match(await publish(page, first, 'chain'), /Published hub-1/);
  const canary = await publish(page, good, 'kiosk', 'site-01-door');
  assert.match(canary, /Published hub-2/);
  assert.equal(await served(url, 'site-01-door', tokens['site-01-door']), 'hub-2');
  assert.equal(await served(url, 'site-01-till', tokens['site-01-till']), 'hub-1');
  await heartbeat(url, 'site-01-door', tokens['site-01-door'], 'hub-2');
  await page.reload();
  await page.waitForSelector('tr[data-kiosk="site-01-door"] .badge.fleet-ok');
  await page.screenshot({ path: join(shots, 'fleet-canary-desk.png'), fullPage: true });

  // Then everyone; one kiosk cannot run it and says why.
  assert.match(await publish(page, good, 'chain'), /Published hub-3/);
  assert.equal(await served(url, 'site-07-till', tokens['site-07-till']), 'hub-3');
  await heartbeat(url, 'site-01-door', tokens['site-01-door'], 'hub-3');
  await heartbeat(url, 'site-02-door', tokens['site-02-door'], 'hub-1',
    'survey hub-3 from the hub failed here; hub-1 stays: assets/i18n/it.json: cannot be read');
  await page.reload();
  await page.waitForSelector('tr[data-kiosk="site-02-door"] .badge.fleet-failed');
  assert.match(await page.textContent('tr[data-kiosk="site-02-door"] .failure'), /it\.json/);
  // Failures first, then the kiosks still to update, then those up to date.
  const states = await page.$$eval('.fleet-kiosks tbody tr', (rows) => rows.map((r) => r.dataset.state));
  assert.equal(states[0], 'failed');
  const rank = (state) => ['failed', 'pending', 'ok'].indexOf(state);
  assert.deepEqual(states, [...states].sort((a, b) => rank(a) - rank(b)));
  assert.ok(states.includes('pending') && states.includes('ok'), states.join());
  assert.equal(await page.textContent('tr[data-kiosk="site-03-till"] .wanted'), 'hub-3');
  await page.screenshot({ path: join(shots, 'fleet-everyone-desk.png'), fullPage: true });

  // One step back: the chain-wide hub-3 goes; the chain gets hub-1 again, the canary its hub-2.
  await page.click('tr[data-version="hub-3"] button.rollback');
  assert.equal(await page.textContent('tr[data-version="hub-3"] button.rollback'), 'Yes, roll back hub-3');
  await page.click('tr[data-version="hub-3"] button.rollback');
  await page.waitForSelector('#fleet-message.ok');
  assert.match(await page.textContent('#fleet-message'), /Rolled back hub-3/);
  assert.equal(await page.textContent('tr[data-version="hub-3"] td:nth-of-type(4)'), 'rolled back');
  assert.equal(await served(url, 'site-07-till', tokens['site-07-till']), 'hub-1');
  assert.equal(await served(url, 'site-01-door', tokens['site-01-door']), 'hub-2');
  // The kiosk that could not run hub-3 runs what it should again.
  await page.waitForSelector('tr[data-kiosk="site-02-door"] .badge.fleet-ok');
  // Its failure stays listed, with its time, as fixed since.
  assert.match(await page.textContent('tr[data-kiosk="site-02-door"] .failure.muted'), /it\.json.*since fixed/s);
  await page.screenshot({ path: join(shots, 'fleet-rolled-back-desk.png'), fullPage: true });
}
