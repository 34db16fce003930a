// Responses: every answer the person may see, newest first, filtered, a page at a time
// (keyset paging: "older" continues after the last row shown, however many arrive meanwhile).
import { get } from './api.js';
import { h, replace, face, when, label } from './dom.js';

const filters = { q: '', site: '', rating: '', kind: '', days: '30' };
let sites = null;

function select(name, text, options) {
  const el = h('select', { id: `f-${name}`, name, onchange: () => { filters[name] = el.value; } },
    options.map(([value, title]) => h('option', { value, selected: filters[name] === value, text: title })));
  return h('label', { for: `f-${name}` }, h('span', { text }), el);
}

function row(r) {
  return h('li', { class: 'response' },
    h('div', { class: 'case-top' }, face(r.rating), r.urgent ? h('span', { class: 'badge urgent', text: 'urgent' }) : null,
      h('strong', { text: r.site_name })),
    r.comment ? h('p', { class: 'comment', text: r.comment }) : null,
    h('p', { class: 'muted', text: [when(r.created_at), label(r.kind), ...r.categories.map(label), r.kiosk].join(' · ') }));
}

export async function showResponses(target) {
  if (!sites) sites = (await get('/api/overview?days=1')).sites.map((s) => [s.id, s.name]).sort((a, b) => a[1].localeCompare(b[1]));
  const list = h('ul', { class: 'responses' });
  const more = h('button', { type: 'button', class: 'secondary', text: 'Older responses', hidden: true });
  let next = null;
  const load = async (reset) => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    if (!reset && next) q.set('before', next);
    const page = await get(`/api/responses?${q}`);
    if (reset) replace(list);
    list.append(...page.responses.map(row));
    if (reset && !page.responses.length) list.append(h('li', { class: 'muted', text: 'No responses match.' }));
    next = page.next;
    more.hidden = !next;
  };
  more.addEventListener('click', () => load(false));
  const search = h('input', { id: 'f-q', type: 'search', value: filters.q, placeholder: 'words in the comment', oninput: () => { filters.q = search.value; } });
  const form = h('form', { class: 'filters card', onsubmit: (e) => { e.preventDefault(); load(true); } },
    h('label', { for: 'f-q', class: 'wide' }, h('span', { text: 'Search' }), search),
    select('site', 'Store', [['', 'All my stores'], ...sites]),
    select('rating', 'Rating', [['', 'Any'], ...[1, 2, 3, 4, 5].map((n) => [String(n), `${n} of 5`])]),
    select('kind', 'Kind', [['', 'Any'], ['complaint', 'Complaints'], ['compliment', 'Compliments'], ['suggestion', 'Suggestions']]),
    select('days', 'Period', [['7', '7 days'], ['30', '30 days'], ['90', '90 days'], ['', 'All']]),
    h('button', { type: 'submit', text: 'Show' }));
  replace(target, h('div', { class: 'heading' }, h('h1', { text: 'Responses' })), form, list, more);
  await load(true);
}
