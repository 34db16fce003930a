// Surveys on kiosks (issue 17): per kiosk the survey version head office wants it to run, the
// one it says it runs and its last failure; publish a survey file to one kiosk or one site
// first (a canary), then to everyone; roll the newest back in one step. Only admins publish.
import { get, post } from './api.js';
import { h, replace, when } from './dom.js';
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
    'fleet.summary': '{done} of {all} kiosks run what head office wants; {failed} report a failure.',
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
    'fleet.summary': '{done} de {all} quioscos usan lo que quiere la central; {failed} informan de un fallo.',
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
    'fleet.summary': '{done} bornes sur {all} utilisent ce que veut le siège ; {failed} signalent un échec.',
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
    'fleet.summary': '{done} von {all} Terminals nutzen, was die Zentrale will; {failed} melden einen Fehler.',
  },
});

const scopeText = (p) => (p.scope === 'chain' ? t('fleet.chain') : `${p.scope === 'site' ? t('fleet.site') : t('fleet.kiosk')}: ${p.target}`);

function kioskState(k) {
  // A failure no longer matters once the kiosk runs what it should (after a rollback, say).
  if (k.wanted && k.running === k.wanted) return ['ok', t('fleet.uptodate')];
  if (k.error) return ['failed', `${t('fleet.failed')}: ${k.error}`];
  if (!k.reported_at) return ['silent', t('fleet.silent')];
  if (!k.wanted || k.wanted === k.running) return ['ok', t('fleet.uptodate')];
  return ['pending', t('fleet.pending')];
}

// Failures first, then kiosks still updating: what needs someone comes to the top.
const order = { failed: 0, pending: 1, silent: 2, ok: 3 };

function kioskTable(list) {
  const kiosks = [...list].sort((a, b) => order[kioskState(a)[0]] - order[kioskState(b)[0]]);
  return h('div', { class: 'scroll' }, h('table', { class: 'fleet-kiosks' },
    h('thead', {}, h('tr', {}, ['fleet.kioskcol', 'fleet.sitecol', 'fleet.wanted', 'fleet.running', 'fleet.status']
      .map((k) => h('th', { text: t(k) })))),
    h('tbody', {}, kiosks.map((k) => {
      const [tone, text] = kioskState(k);
      return h('tr', { 'data-kiosk': k.id, class: `fleet-${tone}` }, h('th', { text: k.id }), h('td', { text: k.site || '–' }),
        h('td', { class: 'wanted', text: k.wanted || t('fleet.local') }), h('td', { class: 'running', text: k.running || '–' }),
        h('td', { class: 'state' }, h('span', { class: `badge fleet-${tone}`, text: text })));
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
      h('th', { text: p.version }), h('td', { text: scopeText(p) }), h('td', { text: when(p.published_at) }),
      h('td', { text: p.published_by }),
      h('td', { text: p.rolled_back_at === null ? t('fleet.live') : t('fleet.rolledback') }),
      h('td', {}, data.may_publish && rollable.has(p.version)
        ? h('button', { type: 'button', class: 'secondary rollback', text: t('fleet.rollback'), onclick: (e) => rollBack(p, e.currentTarget) }) : null))))));
}

function publishForm(kiosks, refresh, say) {
  const sites = [...new Set(kiosks.map((k) => k.site).filter(Boolean))].sort();
  const file = h('input', { id: 'fleet-file', type: 'file', accept: '.json,application/json' });
  const words = h('input', { id: 'fleet-translations', type: 'file', accept: '.json,application/json' });
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
    try {
      const { published } = await post('/api/fleet/publish', body);
      file.value = '';
      words.value = '';
      await refresh(t('fleet.published', { version: published.version }));
    } catch (e) { say(e.message, true); }
  };
  return h('form', { class: 'card fleet-publish', onsubmit: submit },
    h('h2', { text: t('fleet.publish') }),
    h('label', { for: 'fleet-file', text: t('fleet.file') }), file,
    h('label', { for: 'fleet-translations', text: t('fleet.translations') }), words,
    h('div', { class: 'fleet-scope' },
      h('label', { for: 'fleet-scope' }, h('span', { text: t('fleet.to') }), scope),
      h('label', { for: 'fleet-target' }, h('span', { text: t('fleet.which') }), target)),
    h('button', { type: 'submit', text: t('fleet.send') }));
}

export async function showFleet(target) {
  const message = h('p', { id: 'fleet-message', role: 'status' });
  const say = (text, bad = false) => { message.textContent = text; message.className = bad ? 'error card' : 'ok card'; };
  const draw = async (note) => {
    const data = await get('/api/fleet');
    const done = data.kiosks.filter((k) => kioskState(k)[0] === 'ok').length;
    const failed = data.kiosks.filter((k) => kioskState(k)[0] === 'failed').length;
    replace(target,
      h('div', { class: 'heading' }, h('h1', { text: t('fleet.title') }),
        h('span', { class: 'scope', text: t('fleet.summary', { done, all: data.kiosks.length, failed }) })),
      message,
      data.may_publish ? publishForm(data.kiosks, draw, say) : null,
      h('section', { class: 'card' }, h('h2', { text: t('fleet.history') }), history(data, draw, say)),
      h('section', { class: 'card' }, h('h2', { text: t('fleet.kiosks') }), kioskTable(data.kiosks)));
    if (note) say(note);
    else message.className = '';
  };
  await draw();
}
