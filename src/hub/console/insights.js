// Insights: the kiosk's own figures (the hub runs the kiosk's store/insights code) for one
// store or every store the person may see: the trend by day or week, complaint categories
// against the previous period, when people answer (weekday × hour), and recurring words.
import uPlot from './vendor/uPlot.esm.js';
import { get } from './api.js';
import { h, replace, percent, decimal, number, label, day } from './dom.js';
import { register, t, language } from './i18n.js';

register({
  en: {
    'is.happy': '{n} rated 4 or 5', 'is.low': 'Rated 1 or 2', 'is.share': '{x} of responses', 'is.new': 'new',
    'is.title': 'Insights', 'is.store': 'Store', 'is.allStores': 'All my stores', 'is.period': 'Period',
    'is.days': '{n} days',
    'is.by': 'Trend by', 'is.day': 'Day', 'is.week': 'Week', 'is.responses': 'Responses',
    'is.flagged': '{n} flagged, not counted',
    'is.noneFlagged': 'none flagged', 'is.csat': 'CSAT', 'is.average': 'Average', 'is.outOf5': 'out of 5',
    'is.trend': 'Trend',
    'is.chartLabel': 'CSAT and responses per {by}', 'is.categories': 'Complaints by category',
    'is.catHint': 'Against the {n} days before.', 'is.category': 'Category', 'is.now': 'This period',
    'is.before': 'Before',
    'is.change': 'Change', 'is.noComplaints': 'No complaints in this period.', 'is.heat': 'When people answer',
    'is.heatHint': 'Responses by weekday and hour, in each kiosk’s local time; darker is more.',
    'is.cell': '{day} {hour}:00, {n} responses', 'is.hour': 'Hour', 'is.words': 'Recurring words in complaints',
    'is.noWords': 'No complaint comments in this period.', 'is.times': '{n}×', 'is.ratings': 'Ratings',
  },
  es: {
    'is.happy': '{n} con 4 o 5', 'is.low': 'Con 1 o 2', 'is.share': '{x} de las respuestas', 'is.new': 'nueva',
    'is.title': 'Análisis', 'is.store': 'Tienda', 'is.allStores': 'Todas mis tiendas', 'is.period': 'Periodo',
    'is.days': '{n} días',
    'is.by': 'Tendencia por', 'is.day': 'Día', 'is.week': 'Semana', 'is.responses': 'Respuestas',
    'is.flagged': '{n} marcadas, no cuentan',
    'is.noneFlagged': 'ninguna marcada', 'is.csat': 'Satisfacción', 'is.average': 'Media', 'is.outOf5': 'sobre 5',
    'is.trend': 'Tendencia',
    'is.chartLabel': 'Satisfacción y respuestas por {by}', 'is.categories': 'Quejas por categoría',
    'is.catHint': 'Frente a los {n} días anteriores.', 'is.category': 'Categoría', 'is.now': 'Este periodo',
    'is.before': 'Antes',
    'is.change': 'Cambio', 'is.noComplaints': 'Sin quejas en este periodo.', 'is.heat': 'Cuándo responde la gente',
    'is.heatHint': 'Respuestas por día de la semana y hora, en la hora local de cada quiosco; más oscuro es más.',
    'is.cell': '{day} {hour}:00, {n} respuestas', 'is.hour': 'Hora', 'is.words': 'Palabras frecuentes en las quejas',
    'is.noWords': 'Sin comentarios de queja en este periodo.', 'is.times': '{n}×', 'is.ratings': 'Valoraciones',
  },
  fr: {
    'is.happy': '{n} notées 4 ou 5', 'is.low': 'Notées 1 ou 2', 'is.share': '{x} des réponses', 'is.new': 'nouvelle',
    'is.title': 'Analyses', 'is.store': 'Magasin', 'is.allStores': 'Tous mes magasins', 'is.period': 'Période',
    'is.days': '{n} jours',
    'is.by': 'Tendance par', 'is.day': 'Jour', 'is.week': 'Semaine', 'is.responses': 'Réponses',
    'is.flagged': '{n} signalées, non comptées',
    'is.noneFlagged': 'aucune signalée', 'is.csat': 'Satisfaction', 'is.average': 'Moyenne', 'is.outOf5': 'sur 5',
    'is.trend': 'Tendance',
    'is.chartLabel': 'Satisfaction et réponses par {by}', 'is.categories': 'Réclamations par catégorie',
    'is.catHint': 'Par rapport aux {n} jours précédents.', 'is.category': 'Catégorie', 'is.now': 'Cette période',
    'is.before': 'Avant',
    'is.change': 'Évolution', 'is.noComplaints': 'Aucune réclamation sur cette période.',
    'is.heat': 'Quand les clients répondent',
    'is.heatHint': 'Réponses par jour de la semaine et par heure, à l’heure locale de chaque borne ; plus foncé, plus nombreuses.',
    'is.cell': '{day} {hour} h, {n} réponses', 'is.hour': 'Heure', 'is.words': 'Mots fréquents dans les réclamations',
    'is.noWords': 'Aucun commentaire de réclamation sur cette période.', 'is.times': '{n}×', 'is.ratings': 'Notes',
  },
  de: {
    'is.happy': '{n} mit 4 oder 5', 'is.low': 'Mit 1 oder 2', 'is.share': '{x} der Antworten', 'is.new': 'neu',
    'is.title': 'Auswertung', 'is.store': 'Filiale', 'is.allStores': 'Alle meine Filialen', 'is.period': 'Zeitraum',
    'is.days': '{n} Tage',
    'is.by': 'Verlauf nach', 'is.day': 'Tag', 'is.week': 'Woche', 'is.responses': 'Antworten',
    'is.flagged': '{n} markiert, nicht gezählt',
    'is.noneFlagged': 'keine markiert', 'is.csat': 'Zufriedenheit', 'is.average': 'Durchschnitt', 'is.outOf5': 'von 5',
    'is.trend': 'Verlauf',
    'is.chartLabel': 'Zufriedenheit und Antworten pro {by}', 'is.categories': 'Beschwerden nach Kategorie',
    'is.catHint': 'Im Vergleich zu den {n} Tagen davor.', 'is.category': 'Kategorie', 'is.now': 'Dieser Zeitraum',
    'is.before': 'Davor',
    'is.change': 'Änderung', 'is.noComplaints': 'Keine Beschwerden in diesem Zeitraum.',
    'is.heat': 'Wann Kunden antworten',
    'is.heatHint': 'Antworten nach Wochentag und Stunde, in der Ortszeit jedes Kiosks; dunkler heißt mehr.',
    'is.cell': '{day} {hour}:00 Uhr, {n} Antworten', 'is.hour': 'Stunde', 'is.words': 'Häufige Wörter in Beschwerden',
    'is.noWords': 'Keine Beschwerdekommentare in diesem Zeitraum.', 'is.times': '{n}×', 'is.ratings': 'Bewertungen',
  },
});

const state = { site: '', days: 30, by: 'day' };
let sites = null;
let chart = null;

function tile(title, value, note) {
  return h('div', { class: 'tile' }, h('span', { class: 'tile-title', text: title }),
    h('strong', { class: 'tile-value', text: value }), note ? h('span', { class: 'tile-note', text: note }) : null);
}

function toggle(name, options, onPick) {
  return h('div', { class: 'period', role: 'group', 'aria-label': t(name === 'days' ? 'is.period' : 'is.by') },
    options.map(([value, text]) => h('button', {
      type: 'button', class: state[name] === value ? 'on' : 'quiet', 'aria-pressed': String(state[name] === value), text,
      onclick: () => { state[name] = value; onPick(); },
    })));
}

function trendChart(trend) {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': t('is.chartLabel', { by: t(`is.${state.by}`) }) });
  const xs = trend.map((p) => Date.parse(`${p.day}T12:00:00Z`) / 1000);
  const data = [xs, trend.map((p) => (p.responses >= 5 ? p.csat : null)), trend.map((p) => p.responses)];
  // Half a bucket of room at each end, so the first and last bars are drawn whole.
  const half = (state.by === 'week' ? 7 : 1) * 43200;
  requestAnimationFrame(() => {
    if (chart) chart.destroy();
    chart = new uPlot({
      width: Math.max(280, box.clientWidth), height: 220,
      scales: { x: { time: true, range: (u, min, max) => [min - half, max + half] }, pct: { range: [0, 100] }, n: {} },
      axes: [{ values: (u, v) => v.map((s) => day(s * 1000)) }, { scale: 'pct', values: (u, v) => v.map((x) => percent(x)) },
        { scale: 'n', side: 1, grid: { show: false } }],
      series: [{ value: (u, v) => (v === null ? '–' : day(v * 1000)) },
        { label: t('is.csat'), scale: 'pct', spanGaps: true, stroke: '#0b6e4f', width: 2, value: (u, v) => percent(v) },
        { label: t('is.responses'), scale: 'n', stroke: '#8a94a6', width: 1, fill: 'rgba(138,148,166,0.2)',
          paths: uPlot.paths.bars({ size: [0.7, 40] }) }],
      legend: { live: false },
    }, data, box);
  });
  return box;
}

function categories(list) {
  if (!list.length) return h('p', { class: 'muted', text: t('is.noComplaints') });
  const change = (c) => (c.previous ? `${c.count >= c.previous ? '+' : ''}${percent(100 * (c.count - c.previous) / c.previous)}`
    : t('is.new'));
  return h('div', { class: 'scroll' }, h('table', { class: 'categories' },
    h('thead', {}, h('tr', {}, [t('is.category'), t('is.now'), t('is.before'), t('is.change')]
      .map((text, i) => h('th', { scope: 'col', class: i ? 'num' : '', text })))),
    h('tbody', {}, list.map((c) => h('tr', {},
      h('th', { scope: 'row', text: label(c.category) }),
      h('td', { class: 'num', text: number(c.count) }),
      h('td', { class: 'num', text: number(c.previous) }),
      h('td', { class: `num ${c.count > c.previous ? 'late' : ''}`, text: change(c) }))))));
}

// A table with a colour per cell (classes, as the CSP allows no inline style) and each
// cell's count as text for screen readers.
function heatMap(heat) {
  const max = Math.max(1, ...heat.flat());
  const weekday = (i) => new Intl.DateTimeFormat(language(), { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)));
  const hours = [...Array(24).keys()];
  return h('div', { class: 'scroll' }, h('table', { class: 'heat' },
    h('caption', { class: 'sr-only', text: t('is.heatHint') }),
    h('thead', {}, h('tr', {}, h('td', {}), hours.map((hr) => h('th', { scope: 'col', text: hr % 3 ? '' : String(hr), 'aria-label': `${hr}:00` })))),
    h('tbody', {}, heat.map((row, d) => h('tr', {},
      h('th', { scope: 'row', text: weekday(d) }),
      row.map((n, hr) => h('td', { class: `h${n ? Math.ceil((5 * n) / max) : 0}`, title: t('is.cell', { day: weekday(d), hour: hr, n }) },
        h('span', { class: 'sr-only', text: number(n) }))))))));
}

function words(list) {
  if (!list.length) return h('p', { class: 'muted', text: t('is.noWords') });
  return h('ul', { class: 'words' }, list.map((w) => h('li', {}, h('span', { text: w.word }), ' ',
    h('span', { class: 'muted', text: t('is.times', { n: number(w.count) }) }))));
}

export async function showInsights(target) {
  if (!sites) sites = (await get('/api/overview?days=1')).sites.map((s) => [s.id, s.name]).sort((a, b) => a[1].localeCompare(b[1]));
  const q = new URLSearchParams({ days: state.days, by: state.by });
  if (state.site) q.set('site', state.site);
  const data = await get(`/api/insights?${q}`);
  const again = () => showInsights(target);
  const site = h('select', { id: 'is-site', onchange: () => { state.site = site.value; again(); } },
    [['', t('is.allStores')], ...sites].map(([value, text]) => h('option', { value, selected: state.site === value, text })));
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: t('is.title') }),
      h('label', { for: 'is-site', class: 'inline-label' }, h('span', { class: 'sr-only', text: t('is.store') }), site),
      toggle('days', [7, 30, 90].map((d) => [d, t('is.days', { n: d })]), again),
      toggle('by', [['day', t('is.day')], ['week', t('is.week')]], again)),
    h('div', { class: 'tiles' },
      tile(t('is.responses'), number(data.responses),
        data.flagged_left_out ? t('is.flagged', { n: number(data.flagged_left_out) }) : t('is.noneFlagged')),
      tile(t('is.csat'), percent(data.csat), t('is.happy', { n: number(data.by_rating[3] + data.by_rating[4]) })),
      tile(t('is.average'), decimal(data.average), t('is.outOf5')),
      tile(t('is.low'), number(data.by_rating[0] + data.by_rating[1]),
        data.responses ? t('is.share', { x: percent(100 * (data.by_rating[0] + data.by_rating[1]) / data.responses) }) : '')),
    h('section', { class: 'card' }, h('h2', { text: t('is.trend') }), trendChart(data.trend)),
    h('div', { class: 'two' },
      h('section', { class: 'card' }, h('h2', { text: t('is.categories') }),
        h('p', { class: 'hint', text: t('is.catHint', { n: state.days }) }), categories(data.categories)),
      h('section', { class: 'card' }, h('h2', { text: t('is.words') }), words(data.words))),
    h('section', { class: 'card' }, h('h2', { text: t('is.heat') }), h('p', { class: 'hint', text: t('is.heatHint') }),
      heatMap(data.heat)));
}
