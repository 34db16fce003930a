// Surveys on kiosks (issue 17): per kiosk the survey version head office wants it to run, the
// one it says it runs and its last failure; publish a survey file to one kiosk or one site
// first (a canary), then to everyone; roll the newest back in one step. Only admins publish.
import { get, post } from './api.js';
import { ago, h, replace, when } from './dom.js';
import { register, t } from './i18n.js';

// Its own styles, linked once (style-src 'self' allows it; no inline style).
if (!document.querySelector('link[href="/console/fleet.css"]'))
  document.head.append(h('link', { rel: 'stylesheet', href: '/console/fleet.css' }));

register({
  en: {
    'fleet.title': 'Surveys on kiosks', 'fleet.publish': 'Publish a survey', 'fleet.file': 'Survey file (survey.json)',
    'fleet.translations': 'Translation overrides (optional)', 'fleet.to': 'Send to', 'fleet.everyone': 'Every kiosk',
    'fleet.site': 'One site', 'fleet.kiosk': 'One kiosk (canary)', 'fleet.which': 'Which',
    'fleet.send': 'Publish', 'fleet.published': 'Published {version}. Kiosks take it at their next heartbeat, between customers.',
    'fleet.nofile': 'Choose a survey file first.', 'fleet.history': 'Published surveys', 'fleet.version': 'Version',
    'fleet.for': 'For', 'fleet.when': 'Published', 'fleet.by': 'By', 'fleet.state': 'State', 'fleet.live': 'live',
    'fleet.rolledback': 'rolled back', 'fleet.rollback': 'Roll back', 'fleet.rolled': 'Rolled back {version}.',
    'fleet.confirm': 'Yes, roll back {version}', 'fleet.chain': 'every kiosk',
    'fleet.kiosks': 'Kiosks', 'fleet.kioskcol': 'Kiosk', 'fleet.sitecol': 'Site', 'fleet.wanted': 'Wanted',
    'fleet.running': 'Running', 'fleet.status': 'Status', 'fleet.uptodate': 'up to date', 'fleet.pending': 'updating',
    'fleet.failed': 'failed', 'fleet.silent': 'no survey report yet', 'fleet.local': 'its own file', 'fleet.none': 'Nothing published yet.',
    'fleet.summary': '{done} of {all} kiosks run what head office wants · failing: {failed}',
    'fleet.logo': 'Logo (PNG, optional)',
    'fleet.logo.hint': 'At most 256 KiB and 1024 × 1024 pixels; it shows at the top of the Welcome screen.',
    'fleet.logo.ready': '{file}: {w} × {h} pixels, {size} KiB', 'fleet.logo.remove': 'Remove the logo',
    'fleet.logo.too_many_bytes': 'The logo {file} is {size} KiB; a logo may be at most {max} KiB.',
    'fleet.logo.too_many_pixels': 'The logo {file} is {w} × {h} pixels; a logo may be at most {max} × {max}.',
    'fleet.logo.not_png': '{file} is not a PNG image. Choose a PNG file for the logo.',
    'fleet.logo.empty': '{file} is empty. Choose a PNG file for the logo.',
    'fleet.logo.damaged': 'The logo {file} is damaged and cannot be read. Save it again as PNG.',
    'fleet.withlogo': 'with logo', 'fleet.lastfailure': 'Last failure', 'fleet.nofailure': 'none',
    'fleet.fixed': 'since fixed',
  },
  es: {
    'fleet.title': 'Encuestas en los quioscos', 'fleet.publish': 'Publicar una encuesta', 'fleet.file': 'Archivo de encuesta (survey.json)',
    'fleet.translations': 'Traducciones propias (opcional)', 'fleet.to': 'Enviar a', 'fleet.everyone': 'Todos los quioscos',
    'fleet.site': 'Una tienda', 'fleet.kiosk': 'Un quiosco (prueba)', 'fleet.which': 'Cuál',
    'fleet.send': 'Publicar', 'fleet.published': 'Publicada {version}. Los quioscos la toman en su próximo latido, entre clientes.',
    'fleet.nofile': 'Elija primero un archivo de encuesta.', 'fleet.history': 'Encuestas publicadas', 'fleet.version': 'Versión',
    'fleet.for': 'Para', 'fleet.when': 'Publicada', 'fleet.by': 'Por', 'fleet.state': 'Estado', 'fleet.live': 'activa',
    'fleet.rolledback': 'retirada', 'fleet.rollback': 'Retirar', 'fleet.rolled': '{version} retirada.',
    'fleet.confirm': 'Sí, retirar {version}', 'fleet.chain': 'todos los quioscos',
    'fleet.kiosks': 'Quioscos', 'fleet.kioskcol': 'Quiosco', 'fleet.sitecol': 'Tienda', 'fleet.wanted': 'Deseada',
    'fleet.running': 'En uso', 'fleet.status': 'Estado', 'fleet.uptodate': 'al día', 'fleet.pending': 'actualizando',
    'fleet.failed': 'fallo', 'fleet.silent': 'aún sin informe', 'fleet.local': 'su propio archivo', 'fleet.none': 'Nada publicado todavía.',
    'fleet.summary': '{done} de {all} quioscos usan lo que quiere la central · con fallo: {failed}',
    'fleet.logo': 'Logotipo (PNG, opcional)',
    'fleet.logo.hint': 'Como máximo 256 KiB y 1024 × 1024 píxeles; se ve arriba en la pantalla de bienvenida.',
    'fleet.logo.ready': '{file}: {w} × {h} píxeles, {size} KiB', 'fleet.logo.remove': 'Quitar el logotipo',
    'fleet.logo.too_many_bytes': 'El logotipo {file} ocupa {size} KiB; un logotipo puede ocupar como máximo {max} KiB.',
    'fleet.logo.too_many_pixels': 'El logotipo {file} mide {w} × {h} píxeles; como máximo puede medir {max} × {max}.',
    'fleet.logo.not_png': '{file} no es una imagen PNG. Elija un archivo PNG para el logotipo.',
    'fleet.logo.empty': '{file} está vacío. Elija un archivo PNG para el logotipo.',
    'fleet.logo.damaged': 'El logotipo {file} está dañado y no se puede leer. Guárdelo de nuevo como PNG.',
    'fleet.withlogo': 'con logotipo', 'fleet.lastfailure': 'Último fallo', 'fleet.nofailure': 'ninguno',
    'fleet.fixed': 'ya resuelto',
  },
  fr: {
    'fleet.title': 'Questionnaires des bornes', 'fleet.publish': 'Publier un questionnaire', 'fleet.file': 'Fichier du questionnaire (survey.json)',
    'fleet.translations': 'Traductions propres (facultatif)', 'fleet.to': 'Envoyer à', 'fleet.everyone': 'Toutes les bornes',
    'fleet.site': 'Un magasin', 'fleet.kiosk': 'Une borne (essai)', 'fleet.which': 'Lequel',
    'fleet.send': 'Publier', 'fleet.published': '{version} publié. Les bornes le prennent à leur prochain signal, entre deux clients.',
    'fleet.nofile': 'Choisissez d’abord un fichier.', 'fleet.history': 'Questionnaires publiés', 'fleet.version': 'Version',
    'fleet.for': 'Pour', 'fleet.when': 'Publié', 'fleet.by': 'Par', 'fleet.state': 'État', 'fleet.live': 'actif',
    'fleet.rolledback': 'annulé', 'fleet.rollback': 'Annuler', 'fleet.rolled': '{version} annulé.',
    'fleet.confirm': 'Oui, annuler {version}', 'fleet.chain': 'toutes les bornes',
    'fleet.kiosks': 'Bornes', 'fleet.kioskcol': 'Borne', 'fleet.sitecol': 'Magasin', 'fleet.wanted': 'Voulu',
    'fleet.running': 'En service', 'fleet.status': 'État', 'fleet.uptodate': 'à jour', 'fleet.pending': 'mise à jour',
    'fleet.failed': 'échec', 'fleet.silent': 'pas encore de rapport', 'fleet.local': 'son propre fichier', 'fleet.none': 'Rien de publié pour l’instant.',
    'fleet.summary': '{done} bornes sur {all} utilisent ce que veut le siège · en échec : {failed}',
    'fleet.logo': 'Logo (PNG, facultatif)',
    'fleet.logo.hint': '256 Kio et 1024 × 1024 pixels au plus ; il s’affiche en haut de l’écran d’accueil.',
    'fleet.logo.ready': '{file} : {w} × {h} pixels, {size} Kio', 'fleet.logo.remove': 'Retirer le logo',
    'fleet.logo.too_many_bytes': 'Le logo {file} fait {size} Kio ; un logo peut faire au plus {max} Kio.',
    'fleet.logo.too_many_pixels': 'Le logo {file} fait {w} × {h} pixels ; un logo peut faire au plus {max} × {max}.',
    'fleet.logo.not_png': '{file} n’est pas une image PNG. Choisissez un fichier PNG pour le logo.',
    'fleet.logo.empty': '{file} est vide. Choisissez un fichier PNG pour le logo.',
    'fleet.logo.damaged': 'Le logo {file} est endommagé et illisible. Enregistrez-le à nouveau en PNG.',
    'fleet.withlogo': 'avec logo', 'fleet.lastfailure': 'Dernier échec', 'fleet.nofailure': 'aucun',
    'fleet.fixed': 'résolu depuis',
  },
  de: {
    'fleet.title': 'Umfragen auf den Terminals', 'fleet.publish': 'Umfrage veröffentlichen', 'fleet.file': 'Umfragedatei (survey.json)',
    'fleet.translations': 'Eigene Übersetzungen (optional)', 'fleet.to': 'Senden an', 'fleet.everyone': 'Alle Terminals',
    'fleet.site': 'Eine Filiale', 'fleet.kiosk': 'Ein Terminal (Test)', 'fleet.which': 'Welche',
    'fleet.send': 'Veröffentlichen', 'fleet.published': '{version} veröffentlicht. Die Terminals übernehmen sie beim nächsten Lebenszeichen, zwischen zwei Kunden.',
    'fleet.nofile': 'Bitte zuerst eine Umfragedatei wählen.', 'fleet.history': 'Veröffentlichte Umfragen', 'fleet.version': 'Version',
    'fleet.for': 'Für', 'fleet.when': 'Veröffentlicht', 'fleet.by': 'Von', 'fleet.state': 'Stand', 'fleet.live': 'aktiv',
    'fleet.rolledback': 'zurückgenommen', 'fleet.rollback': 'Zurücknehmen', 'fleet.rolled': '{version} zurückgenommen.',
    'fleet.confirm': 'Ja, {version} zurücknehmen', 'fleet.chain': 'alle Terminals',
    'fleet.kiosks': 'Terminals', 'fleet.kioskcol': 'Terminal', 'fleet.sitecol': 'Filiale', 'fleet.wanted': 'Gewünscht',
    'fleet.running': 'Läuft', 'fleet.status': 'Stand', 'fleet.uptodate': 'aktuell', 'fleet.pending': 'wird aktualisiert',
    'fleet.failed': 'Fehler', 'fleet.silent': 'noch keine Meldung', 'fleet.local': 'eigene Datei', 'fleet.none': 'Noch nichts veröffentlicht.',
    'fleet.summary': '{done} von {all} Terminals nutzen, was die Zentrale will · mit Fehler: {failed}',
    'fleet.logo': 'Logo (PNG, optional)',
    'fleet.logo.hint': 'Höchstens 256 KiB und 1024 × 1024 Pixel; es erscheint oben auf dem Begrüßungsbildschirm.',
    'fleet.logo.ready': '{file}: {w} × {h} Pixel, {size} KiB', 'fleet.logo.remove': 'Logo entfernen',
    'fleet.logo.too_many_bytes': 'Das Logo {file} ist {size} KiB groß; ein Logo darf höchstens {max} KiB groß sein.',
    'fleet.logo.too_many_pixels':
      'Das Logo {file} hat {w} × {h} Pixel; ein Logo darf höchstens {max} × {max} Pixel haben.',
    'fleet.logo.not_png': '{file} ist kein PNG-Bild. Bitte eine PNG-Datei als Logo wählen.',
    'fleet.logo.empty': '{file} ist leer. Bitte eine PNG-Datei als Logo wählen.',
    'fleet.logo.damaged': 'Das Logo {file} ist beschädigt und nicht lesbar. Bitte erneut als PNG speichern.',
    'fleet.withlogo': 'mit Logo', 'fleet.lastfailure': 'Letzter Fehler', 'fleet.nofailure': 'keiner',
    'fleet.fixed': 'inzwischen behoben',
  },
});

const scopeText = (p) => (p.scope === 'chain' ? t('fleet.chain') : `${p.scope === 'site' ? t('fleet.site') : t('fleet.kiosk')}: ${p.target}`);

// failed: its latest heartbeat reports a failure and it does not run what it should;
// pending: it should run a version it does not run yet (or has not said what it runs); ok.
function kioskState(k) {
  // A failure no longer matters once the kiosk runs what it should (after a rollback, say).
  if (k.wanted && k.running === k.wanted) return ['ok', t('fleet.uptodate')];
  if (k.error) return ['failed', t('fleet.failed')];
  // Grouped with those updating, but grey: the demo's and a new chain's usual case, not alarming.
  if (k.wanted && !k.reported_at) return ['pending', t('fleet.silent'), 'silent'];
  if (k.wanted) return ['pending', t('fleet.pending')];
  return ['ok', t('fleet.uptodate')];
}

// Failures first (the newest first), then kiosks still to update, then those up to date: on a
// phone, what needs someone is at the top without scrolling. Otherwise by site, as sent.
const order = { failed: 0, pending: 1, ok: 2 };
function sortKiosks(list) {
  const rank = (k) => order[kioskState(k)[0]];
  return list.map((k, i) => ({ k, i })).sort((a, b) => rank(a.k) - rank(b.k)
    || (rank(a.k) === 0 ? (b.k.failed_at || 0) - (a.k.failed_at || 0) : 0) || a.i - b.i).map(({ k }) => k);
}

// The last failure the kiosk reported and since when; muted once the kiosk is past it.
function failureCell(k, tone) {
  const label = t('fleet.lastfailure');
  if (!k.last_failure) {
    return h('td', { class: 'failure none muted', 'data-label': label, title: t('fleet.nofailure'), text: '–' });
  }
  return h('td', { class: `failure${tone === 'failed' ? '' : ' muted'}`, 'data-label': label },
    h('span', { class: 'failure-text', text: k.last_failure }),
    h('span', { class: 'failure-when', text: [when(k.failed_at), ago(k.failed_at),
      tone === 'failed' ? null : t('fleet.fixed')].filter(Boolean).join(' · ') }));
}

function kioskTable(list) {
  const columns = ['fleet.kioskcol', 'fleet.sitecol', 'fleet.wanted', 'fleet.running', 'fleet.lastfailure'];
  return h('div', { class: 'scroll' }, h('table', { class: 'fleet-kiosks' },
    h('thead', {}, h('tr', {}, columns.map((k) => h('th', { text: t(k) })))),
    h('tbody', {}, sortKiosks(list).map((k) => {
      const [tone, text, look = tone] = kioskState(k);
      return h('tr', { 'data-kiosk': k.id, 'data-state': tone, class: `fleet-${look}` },
        h('th', {}, h('span', { class: 'kiosk-id', text: k.id }), ' ',
          h('span', { class: `badge fleet-${look}`, text })),
        h('td', { class: 'site', 'data-label': t('fleet.sitecol'), text: k.site || '–' }),
        h('td', { class: 'wanted', 'data-label': t('fleet.wanted'), text: k.wanted || t('fleet.local') }),
        h('td', { class: 'running', 'data-label': t('fleet.running'), text: k.running || '–' }),
        failureCell(k, tone));
    }))));
}

// The newest live publication of each scope is the one a rollback takes back.
function newestLive(publications) {
  const seen = new Set();
  const out = new Set();
  for (const p of publications) {
    const key = `${p.scope}/${p.target}`;
    if (p.rolled_back_at === null && !seen.has(key)) out.add(p.version);
    seen.add(key);
  }
  return out;
}

function history(data, refresh, say) {
  if (!data.publications.length) return h('p', { class: 'muted', text: t('fleet.none') });
  const rollable = newestLive(data.publications);
  // Two clicks, the second on a button that says what happens: no dialog to dismiss by habit.
  const rollBack = async (p, button) => {
    if (!button.classList.contains('armed')) {
      button.classList.add('armed');
      button.textContent = t('fleet.confirm', { version: p.version });
      return;
    }
    try {
      await post('/api/fleet/rollback', { scope: p.scope, target: p.target });
      await refresh(t('fleet.rolled', { version: p.version }));
    } catch (e) { say(e.message, true); }
  };
  return h('div', { class: 'scroll' }, h('table', { class: 'publications' },
    h('thead', {}, h('tr', {}, ['fleet.version', 'fleet.for', 'fleet.when', 'fleet.by', 'fleet.state', '']
      .map((k) => h('th', { text: k ? t(k) : '' })))),
    h('tbody', {}, data.publications.map((p) => h('tr', { 'data-version': p.version },
      h('th', {}, p.version, p.logo ? h('span', { class: 'badge logo', text: t('fleet.withlogo') }) : null),
      h('td', { text: scopeText(p) }), h('td', { text: when(p.published_at) }),
      h('td', { text: p.published_by }),
      h('td', { text: p.rolled_back_at === null ? t('fleet.live') : t('fleet.rolledback') }),
      h('td', {}, data.may_publish && rollable.has(p.version)
        ? h('button', { type: 'button', class: 'secondary rollback', text: t('fleet.rollback'), onclick: (e) => rollBack(p, e.currentTarget) }) : null))))));
}

// The same limits the hub and the kiosk enforce (src/core/logo.hpp); checked here first so a
// person hears at once, in their language, why a file will not do. The hub checks again.
const maxLogoBytes = 256 * 1024;
const maxLogoSide = 1024;
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const kib = (bytes) => Math.ceil(bytes / 1024);

// A refused logo in words: `fault` as the hub names it (console_fleet.hpp).
function logoProblem(fault, file, { bytes = 0, width = 0, height = 0 } = {}) {
  const max = fault === 'too_many_bytes' ? kib(maxLogoBytes) : maxLogoSide;
  return t(`fleet.logo.${fault}`, { file, size: kib(bytes), max, w: width, h: height });
}

// The file's bytes and size when it will do, else {problem}: the byte limit before reading it,
// the PNG signature, then the pixel size from the browser's own decoder.
async function readLogo(file) {
  if (!file.size) return { problem: logoProblem('empty', file.name) };
  if (file.size > maxLogoBytes) return { problem: logoProblem('too_many_bytes', file.name, { bytes: file.size }) };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!pngSignature.every((b, i) => bytes[i] === b)) return { problem: logoProblem('not_png', file.name) };
  let image;
  try { image = await createImageBitmap(new Blob([bytes], { type: 'image/png' })); } catch {
    return { problem: logoProblem('damaged', file.name) };
  }
  const { width, height } = image;
  if (width > maxLogoSide || height > maxLogoSide) {
    image.close();
    return { problem: logoProblem('too_many_pixels', file.name, { width, height }) };
  }
  return { bytes, image, width, height };
}

function base64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

// The logo input with its preview: drawn on a canvas (the policy allows no blob: images), on a
// light and a dark square, since a kiosk's Welcome screen may be either.
function logoPicker(say) {
  const input = h('input', { id: 'fleet-logo', type: 'file', accept: 'image/png,.png' });
  const canvas = h('canvas', { class: 'logo-preview', width: 240, height: 96, 'aria-hidden': 'true' });
  const facts = h('span', { class: 'logo-facts' });
  const remove = h('button', { type: 'button', class: 'secondary small', text: t('fleet.logo.remove') });
  const preview = h('div', { class: 'logo-box', id: 'fleet-logo-preview', hidden: true },
    canvas, h('div', {}, facts, remove));
  const picked = { logo: null };
  const clear = () => { picked.logo = null; input.value = ''; preview.hidden = true; };
  remove.addEventListener('click', clear);
  input.addEventListener('change', async () => {
    picked.logo = null;
    preview.hidden = true;
    if (!input.files.length) return;
    const file = input.files[0];
    const logo = await readLogo(file);
    if (logo.problem) {
      input.value = '';
      say(logo.problem, true);
      return;
    }
    draw(canvas, logo.image);
    const size = kib(logo.bytes.length);
    facts.textContent = t('fleet.logo.ready', { file: file.name, w: logo.width, h: logo.height, size });
    picked.logo = { name: file.name, bytes: logo.bytes };
    preview.hidden = false;
    say('');
  });
  return { input, preview, picked, clear };
}

// The picture scaled into each half of the canvas, as the kiosk scales it into its site bar.
function draw(canvas, image) {
  const c = canvas.getContext('2d');
  const half = canvas.width / 2;
  const scale = Math.min((half - 16) / image.width, (canvas.height - 16) / image.height, 1);
  const w = image.width * scale;
  const hgt = image.height * scale;
  [['#ffffff', 0], ['#1c2430', half]].forEach(([background, x]) => {
    c.fillStyle = background;
    c.fillRect(x, 0, half, canvas.height);
    c.drawImage(image, x + (half - w) / 2, (canvas.height - hgt) / 2, w, hgt);
  });
  image.close();
}

function publishForm(kiosks, refresh, say) {
  const sites = [...new Set(kiosks.map((k) => k.site).filter(Boolean))].sort();
  const file = h('input', { id: 'fleet-file', type: 'file', accept: '.json,application/json' });
  const words = h('input', { id: 'fleet-translations', type: 'file', accept: '.json,application/json' });
  const logo = logoPicker(say);
  const target = h('select', { id: 'fleet-target', disabled: true });
  const scope = h('select', { id: 'fleet-scope' },
    [['chain', 'fleet.everyone'], ['site', 'fleet.site'], ['kiosk', 'fleet.kiosk']].map(([v, k]) => h('option', { value: v, text: t(k) })));
  scope.addEventListener('change', () => {
    const options = scope.value === 'site' ? sites : scope.value === 'kiosk' ? kiosks.map((k) => k.id) : [];
    replace(target, options.map((o) => h('option', { value: o, text: o })));
    target.disabled = !options.length;
  });
  const submit = async (event) => {
    event.preventDefault();
    if (!file.files.length) return say(t('fleet.nofile'), true);
    const body = { scope: scope.value, target: target.value, file: file.files[0].name, survey: await file.files[0].text() };
    if (words.files.length) body.translations = await words.files[0].text();
    const chosen = logo.picked.logo;
    if (chosen) Object.assign(body, { logo_png: base64(chosen.bytes), logo_file: chosen.name });
    try {
      const { published } = await post('/api/fleet/publish', body);
      file.value = '';
      words.value = '';
      logo.clear();
      await refresh(t('fleet.published', { version: published.version }));
    } catch (e) {
      // The hub's own check of the logo, worded here like the browser's.
      say(e.body?.logo ? logoProblem(e.body.logo.fault, body.logo_file, e.body.logo) : e.message, true);
    }
  };
  return h('form', { class: 'card fleet-publish', onsubmit: submit },
    h('h2', { text: t('fleet.publish') }),
    h('label', { for: 'fleet-file', text: t('fleet.file') }), file,
    h('label', { for: 'fleet-translations', text: t('fleet.translations') }), words,
    h('label', { for: 'fleet-logo', text: t('fleet.logo') }), h('p', { class: 'hint', text: t('fleet.logo.hint') }),
    logo.input,
    logo.preview,
    h('div', { class: 'fleet-scope' },
      h('label', { for: 'fleet-scope' }, h('span', { text: t('fleet.to') }), scope),
      h('label', { for: 'fleet-target' }, h('span', { text: t('fleet.which') }), target)),
    h('button', { type: 'submit', text: t('fleet.send') }));
}

export async function showFleet(target) {
  const message = h('p', { id: 'fleet-message', role: 'status' });
  const say = (text, bad = false) => {
    message.textContent = text;
    message.className = !text ? '' : bad ? 'error card' : 'ok card';
  };
  const draw = async (note) => {
    const data = await get('/api/fleet');
    const done = data.kiosks.filter((k) => kioskState(k)[0] === 'ok').length;
    const failed = data.kiosks.filter((k) => kioskState(k)[0] === 'failed').length;
    // On a phone the kiosks come right after the heading (fleet.css): problems before forms.
    replace(target, h('div', { class: 'fleet-page' },
      h('div', { class: 'heading' }, h('h1', { text: t('fleet.title') }),
        h('span', { class: 'scope', text: t('fleet.summary', { done, all: data.kiosks.length, failed }) })),
      message,
      data.may_publish ? publishForm(data.kiosks, draw, say) : null,
      h('section', { class: 'card fleet-history' }, h('h2', { text: t('fleet.history') }), history(data, draw, say)),
      h('section', { class: 'card fleet-list' }, h('h2', { text: t('fleet.kiosks') }), kioskTable(data.kiosks))));
    if (note) say(note);
    else message.className = '';
  };
  await draw();
}
