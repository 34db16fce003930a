// Responses: every answer the person may see, newest first, filtered, a page at a time
// (keyset paging: "older" continues after the last row shown, however many arrive meanwhile).
// The downloads carry the same filter, so they hold exactly what the page lists.
import { get } from './api.js';
import { h, replace, face, when, label, flagBadge } from './dom.js';
import { register, t } from './i18n.js';
import { categories } from './labels.js';

register({
  en: {
    're.title': 'Responses', 're.older': 'Older responses', 're.none': 'No responses match.', 're.search': 'Search',
    're.searchHint': 'words in the comment', 're.store': 'Store', 're.allStores': 'All my stores',
    're.rating': 'Rating',
    're.any': 'Any', 're.ofFive': '{n} of 5', 're.kind': 'Kind', 're.complaints': 'Complaints',
    're.compliments': 'Compliments',
    're.suggestions': 'Suggestions', 're.period': 'Period', 're.days': '{n} days', 're.all': 'All',
    're.category': 'Category',
    're.flagged': 'Flagged', 're.flaggedYes': 'Flagged only', 're.flaggedNo': 'Not flagged', 're.show': 'Show',
    're.download': 'Download what is shown:', 're.filters': 'Filters',
  },
  es: {
    're.title': 'Respuestas', 're.older': 'Respuestas anteriores', 're.none': 'Ninguna respuesta coincide.',
    're.search': 'Buscar',
    're.searchHint': 'palabras del comentario', 're.store': 'Tienda', 're.allStores': 'Todas mis tiendas',
    're.rating': 'Valoración',
    're.any': 'Cualquiera', 're.ofFive': '{n} de 5', 're.kind': 'Tipo', 're.complaints': 'Quejas',
    're.compliments': 'Elogios',
    're.suggestions': 'Sugerencias', 're.period': 'Periodo', 're.days': '{n} días', 're.all': 'Todo',
    're.category': 'Categoría',
    're.flagged': 'Marcadas', 're.flaggedYes': 'Solo marcadas', 're.flaggedNo': 'Sin marcar', 're.show': 'Mostrar',
    're.download': 'Descargar lo que se muestra:', 're.filters': 'Filtros',
  },
  fr: {
    're.title': 'Réponses', 're.older': 'Réponses plus anciennes', 're.none': 'Aucune réponse ne correspond.',
    're.search': 'Rechercher',
    're.searchHint': 'mots du commentaire', 're.store': 'Magasin', 're.allStores': 'Tous mes magasins',
    're.rating': 'Note',
    're.any': 'Toutes', 're.ofFive': '{n} sur 5', 're.kind': 'Type', 're.complaints': 'Réclamations',
    're.compliments': 'Compliments',
    're.suggestions': 'Suggestions', 're.period': 'Période', 're.days': '{n} jours', 're.all': 'Tout',
    're.category': 'Catégorie',
    're.flagged': 'Signalées', 're.flaggedYes': 'Signalées seulement', 're.flaggedNo': 'Non signalées',
    're.show': 'Afficher',
    're.download': 'Télécharger ce qui est affiché :', 're.filters': 'Filtres',
  },
  de: {
    're.title': 'Antworten', 're.older': 'Ältere Antworten', 're.none': 'Keine passenden Antworten.',
    're.search': 'Suchen',
    're.searchHint': 'Wörter im Kommentar', 're.store': 'Filiale', 're.allStores': 'Alle meine Filialen',
    're.rating': 'Bewertung',
    're.any': 'Alle', 're.ofFive': '{n} von 5', 're.kind': 'Art', 're.complaints': 'Beschwerden',
    're.compliments': 'Lob',
    're.suggestions': 'Vorschläge', 're.period': 'Zeitraum', 're.days': '{n} Tage', 're.all': 'Alles',
    're.category': 'Kategorie',
    're.flagged': 'Markiert', 're.flaggedYes': 'Nur markierte', 're.flaggedNo': 'Nicht markierte',
    're.show': 'Anzeigen',
    're.download': 'Angezeigtes herunterladen:', 're.filters': 'Filter',
  },
});

const filters = { q: '', site: '', rating: '', kind: '', category: '', flagged: '', days: '30' };
let sites = null;

function select(name, text, options) {
  const el = h('select', { id: `f-${name}`, name, onchange: () => { filters[name] = el.value; } },
    options.map(([value, title]) => h('option', { value, selected: filters[name] === value, text: title })));
  return h('label', { for: `f-${name}` }, h('span', { text }), el);
}

function row(r) {
  return h('li', { class: 'response' },
    h('div', { class: 'case-top' }, face(r.rating), r.urgent ? h('span', { class: 'badge urgent', text: t('urgent') }) : null,
      flagBadge(r.flags), h('strong', { text: r.site_name })),
    r.comment ? h('p', { class: 'comment', text: r.comment }) : null,
    h('p', { class: 'muted', text: [when(r.created_at), label(r.kind), ...r.categories.map(label), r.kiosk].join(' · ') }));
}

const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v));

export async function showResponses(target) {
  if (!sites) sites = (await get('/api/overview?days=1')).sites.map((s) => [s.id, s.name]).sort((a, b) => a[1].localeCompare(b[1]));
  const list = h('ul', { class: 'responses' });
  const more = h('button', { type: 'button', class: 'secondary', text: t('re.older'), hidden: true });
  const csv = h('a', { id: 'download-csv', download: 'responses.csv', text: 'CSV' });
  const ndjson = h('a', { id: 'download-ndjson', download: 'responses.ndjson', text: 'NDJSON' });
  let next = null;
  const load = async (reset) => {
    const q = query();
    csv.href = `/api/responses.csv?${q}`;
    ndjson.href = `/api/responses.ndjson?${q}`;
    if (!reset && next) q.set('before', next);
    const page = await get(`/api/responses?${q}`);
    if (reset) replace(list);
    list.append(...page.responses.map(row));
    if (reset && !page.responses.length) list.append(h('li', { class: 'muted', text: t('re.none') }));
    next = page.next;
    more.hidden = !next;
  };
  more.addEventListener('click', () => load(false));
  const search = h('input', {
    id: 'f-q', type: 'search', value: filters.q, placeholder: t('re.searchHint'), oninput: () => { filters.q = search.value; },
  });
  const form = h('form', { class: 'filters card', 'aria-label': t('re.filters'), onsubmit: (e) => { e.preventDefault(); load(true); } },
    h('label', { for: 'f-q', class: 'wide' }, h('span', { text: t('re.search') }), search),
    select('site', t('re.store'), [['', t('re.allStores')], ...sites]),
    select('rating', t('re.rating'), [['', t('re.any')], ...[1, 2, 3, 4, 5].map((n) => [String(n), t('re.ofFive', { n })])]),
    select('kind', t('re.kind'), [['', t('re.any')], ['complaint', t('re.complaints')], ['compliment', t('re.compliments')],
      ['suggestion', t('re.suggestions')]]),
    select('category', t('re.category'), [['', t('re.any')], ...categories.map((c) => [c, label(c)])]),
    select('flagged', t('re.flagged'), [['', t('re.any')], ['yes', t('re.flaggedYes')], ['no', t('re.flaggedNo')]]),
    select('days', t('re.period'), [['7', t('re.days', { n: 7 })], ['30', t('re.days', { n: 30 })], ['90', t('re.days', { n: 90 })],
      ['', t('re.all')]]),
    h('button', { type: 'submit', text: t('re.show') }),
    h('p', { class: 'downloads wide' }, t('re.download'), ' ', csv, ' · ', ndjson));
  replace(target, h('div', { class: 'heading' }, h('h1', { text: t('re.title') })), form, list, more);
  await load(true);
}
