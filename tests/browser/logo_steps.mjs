// A logo from the console's Surveys page (issue 17), end to end with real parts: a file that
// is too large, not a PNG or too many pixels is refused in the browser with a message in the
// person's language; a good one is previewed, published with the survey to one kiosk as a
// canary, pulled by `heardctl sync` and shown by a real headless kiosk on its Welcome screen
// (its screenshot read back here), then rolled back in one step, after which the kiosk shows
// no logo. Runs after fleetSteps (hub-1..3 exist). Screenshots into `shots`.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { bubbleLogo, noise, encodePng } from './png.mjs';

async function chooseLogo(page, file) {
  const before = await page.textContent('#fleet-message');
  await page.setInputFiles('#fleet-logo', file);
  // A refusal changes the message; a good file shows the preview.
  await page.waitForFunction((old) => !document.querySelector('#fleet-logo-preview').hidden
    || document.querySelector('#fleet-message').textContent !== old, before);
}

// How many pixels of a PNG are the logo's magenta, counted by the browser's own decoder in a
// blank page (the console's policy allows no data: images).
async function magentaPixels(page, png) {
  const blank = await page.context().newPage();
  try {
    await blank.setContent('<canvas></canvas>');
    return await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.querySelector('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) n += d[i] > 235 && d[i + 1] < 20 && d[i + 2] > 235 ? 1 : 0;
      return n;
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

// A real kiosk of site-05 on its own database: `heardctl sync --once` pulls what the hub
// serves it (and sends its heartbeat), the headless kiosk applies it at start and shows Welcome.
function logoKiosk({ dir, tokens, url, kioskPath, heardctlPath, shots }) {
  const id = 'site-05-door';
  const k = { id, db: join(dir, 'logo-kiosk.db'), config: join(dir, 'logo-kiosk.conf') };
  k.token = join(dir, 'logo-kiosk.token');
  writeFileSync(k.config, '');
  writeFileSync(k.token, `${tokens[id]}\n`, { mode: 0o600 });
  k.sync = () => execFileSync(heardctlPath, ['--config', k.config, '--db', k.db, 'sync', '--once', '--hub', url,
    '--kiosk-id', id, '--token-file', k.token, '--max-time', '60'],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  k.welcome = (version, name) => {
    const script = join(dir, `${name}.script`);
    writeFileSync(script, `expect-survey ${version}\nscreenshot ${name}\n`);
    try {
      execFileSync(kioskPath, ['--headless', '--size', '800x480', '--script', script, '--db', k.db,
        '--screenshots', shots, '--kiosk-id', id, '--config', k.config],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      throw new Error(`kiosk script ${name} failed (exit ${e.status}): ${e.stderr}`);
    }
    return readFileSync(join(shots, `${name}.png`));
  };
  return k;
}

async function refusedInWords(page, file, words) {
  await chooseLogo(page, file);
  assert.ok(await page.locator('#fleet-message.error').count(), `${file} was not refused`);
  assert.equal(await page.textContent('#fleet-message'), words);
  assert.ok(await page.locator('#fleet-logo-preview').isHidden(), 'a refused logo has no preview');
  assert.equal(await page.inputValue('#fleet-logo'), '', 'a refused logo is not kept for publishing');
}

async function refusals(page, dir) {
  const big = join(dir, 'big-logo.png');
  writeFileSync(big, noise(300));
  const gif = join(dir, 'logo.png');
  writeFileSync(gif, Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
  const wide = join(dir, 'banner.png');
  writeFileSync(wide, encodePng(1500, 20, () => [0, 90, 160, 255]));
  const kib = Math.ceil(statSync(big).size / 1024);
  assert.ok(kib > 256, `the noise logo is only ${kib} KiB`);
  await refusedInWords(page, big, `The logo big-logo.png is ${kib} KiB; a logo may be at most 256 KiB.`);
  await refusedInWords(page, wide, 'The logo banner.png is 1500 × 20 pixels; a logo may be at most 1024 × 1024.');
  await refusedInWords(page, gif, 'logo.png is not a PNG image. Choose a PNG file for the logo.');
  // In the person's language.
  await page.selectOption('#language', 'de');
  await page.waitForSelector('#view h1:has-text("Umfragen auf den Terminals")');
  await refusedInWords(page, big,
    `Das Logo big-logo.png ist ${kib} KiB groß; ein Logo darf höchstens 256 KiB groß sein.`);
  await page.selectOption('#language', 'es');
  await page.waitForSelector('#view h1:has-text("Encuestas en los quioscos")');
  await refusedInWords(page, gif, 'logo.png no es una imagen PNG. Elija un archivo PNG para el logotipo.');
  await page.selectOption('#language', 'en');
  await page.waitForSelector('#view h1:has-text("Surveys on kiosks")');
}

async function rollBack(page, version) {
  await page.click(`tr[data-version="${version}"] button.rollback`);
  await page.click(`tr[data-version="${version}"] button.rollback`);
  await page.waitForSelector(`#fleet-message.ok:has-text("Rolled back ${version}")`);
}

export async function logoSteps({ page, url, tokens, dir, shots, kioskPath, heardctlPath, heartbeat }) {
  await refusals(page, dir);
  const logo = join(dir, 'corner-bakery.png');
  writeFileSync(logo, bubbleLogo(160));
  await chooseLogo(page, logo);
  assert.match(await page.textContent('#fleet-logo-preview'), /corner-bakery\.png: 160 × 160 pixels, \d+ KiB/);
  const drawn = await page.$eval('#fleet-logo-preview canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) n += d[i] > 235 && d[i + 1] < 20 && d[i + 2] > 235 ? 1 : 0;
    return n;
  });
  assert.ok(drawn > 1000, `the preview shows the logo (${drawn} magenta pixels)`);

  // A kiosk that fails on what it should run, so the list has a failure on top.
  await heartbeat(url, 'site-12-till', tokens['site-12-till'], '1',
    'survey hub-1 from the hub failed here; 1 stays: assets/fonts/NotoSans-Regular.ttf: cannot be read');
  await page.setInputFiles('#fleet-file', join(dir, 'survey.json'));
  await page.selectOption('#fleet-scope', 'kiosk');
  await page.selectOption('#fleet-target', 'site-05-door');
  await page.click('.fleet-publish button[type=submit]');
  await page.waitForSelector('#fleet-message.ok:has-text("Published hub-4")');
  await page.waitForSelector('tr[data-version="hub-4"] .badge.logo');
  assert.ok(await page.locator('#fleet-logo-preview').isHidden(), 'the form is cleared after publishing');

  if (!kioskPath) {
    console.log('logo on a kiosk not run: this build has no heard-kiosk');
    await rollBack(page, 'hub-4');
    return;
  }
  const kiosk = logoKiosk({ dir, tokens, url, kioskPath, heardctlPath, shots });
  // Before: its shipped survey, no logo (and its database made, as on a new box).
  assert.equal(await magentaPixels(page, kiosk.welcome('1', 'kiosk-logo-before')), 0);
  kiosk.sync();
  const welcome = await magentaPixels(page, kiosk.welcome('hub-4', 'kiosk-logo-welcome'));
  assert.ok(welcome > 400, `the kiosk's Welcome screen shows the logo (${welcome} magenta pixels)`);
  kiosk.sync();  // its heartbeat: it runs hub-4
  await page.reload();
  await page.waitForSelector('tr[data-kiosk="site-05-door"][data-state=ok] .running:has-text("hub-4")');
  const states = await page.$$eval('.fleet-kiosks tbody tr',
    (rows) => rows.map((r) => `${r.dataset.kiosk}:${r.dataset.state}`));
  assert.equal(states[0], 'site-12-till:failed', 'the failure is on top');
  // The picture in the README: a logo chosen (its preview), the canary live, the failure on top.
  await chooseLogo(page, logo);
  await page.evaluate(() => window.scrollTo(0, 0));
  // The top of the page: the form, the publications and the kiosks that need someone.
  await page.screenshot({ path: join(shots, 'surveys-desk.png'), fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: 1560 } });
  await page.click('#fleet-logo-preview button');

  // One step back: the canary goes, the kiosk runs the chain's hub-1 again, without the logo.
  await rollBack(page, 'hub-4');
  kiosk.sync();
  const after = await magentaPixels(page, kiosk.welcome('hub-1', 'kiosk-logo-rolled-back'));
  assert.equal(after, 0, 'after the rollback the kiosk shows no logo');
  kiosk.sync();
  await page.reload();
  await page.waitForSelector('tr[data-kiosk="site-05-door"][data-state=ok] .running:has-text("hub-1")');
  console.log(`logo: refused 3 ways in 3 languages, published to site-05-door, ${welcome} logo pixels on its Welcome, `
    + 'rolled back');
}
