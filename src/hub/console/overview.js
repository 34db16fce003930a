// Overview: the few numbers that matter for the chosen period, the trend, the fair ranking
// and which kiosks have gone quiet.
import uPlot from './vendor/uPlot.esm.js';
import { get } from './api.js';
import { h, replace, percent, decimal, ago, number, day } from './dom.js';
import { register, t } from './i18n.js';

register({
  en: {
    'ov.title': 'Overview', 'ov.chain': 'Whole chain', 'ov.period': 'Period', 'ov.days': '{n} days',
    'ov.responses': 'Responses', 'ov.last': 'last {n} days', 'ov.flagged': '{n} flagged, not counted',
    'ov.csat': 'CSAT', 'ov.chainCsat': 'chain {x}', 'ov.average': 'Average', 'ov.outOf5': 'out of 5',
    'ov.open': 'Open follow-ups', 'ov.overdue': '{n} overdue', 'ov.noneOverdue': 'none overdue',
    'ov.trend': 'Trend', 'ov.chartLabel': 'CSAT over 7 days and responses per day', 'ov.csat7': 'CSAT, 7 days',
    'ov.ranked': 'Stores, fairly ranked',
    'ov.rankHint': 'Score: average rating pulled towards the chain’s {x} — the fewer responses, the stronger the pull — so a store with a handful of answers cannot top the list by luck.',
    'ov.store': 'Store', 'ov.score': 'Score', 'ov.late': '{n} late', 'ov.kiosks': 'Kiosks',
    'ov.offline': 'offline', 'ov.backlog': 'backlog', 'ov.lastSeen': 'last seen {when}', 'ov.neverSeen': 'never seen',
    'ov.waiting': '{n} waiting since {when}', 'ov.online': '{n} of {total} online',
    'ov.othersOk': 'Every other kiosk is online and synced.', 'ov.allOk': 'Every kiosk is online and synced.',
  },
  es: {
    'ov.title': 'Resumen', 'ov.chain': 'Toda la cadena', 'ov.period': 'Periodo', 'ov.days': '{n} días',
    'ov.responses': 'Respuestas', 'ov.last': 'últimos {n} días', 'ov.flagged': '{n} marcadas, no cuentan',
    'ov.csat': 'Satisfacción', 'ov.chainCsat': 'cadena {x}', 'ov.average': 'Media', 'ov.outOf5': 'sobre 5',
    'ov.open': 'Seguimientos abiertos', 'ov.overdue': '{n} vencidos', 'ov.noneOverdue': 'ninguno vencido',
    'ov.trend': 'Tendencia', 'ov.chartLabel': 'Satisfacción en 7 días y respuestas por día',
    'ov.csat7': 'Satisfacción, 7 días',
    'ov.ranked': 'Tiendas, clasificación justa',
    'ov.rankHint': 'Puntuación: la valoración media acercada a la de la cadena ({x}); cuantas menos respuestas, más se acerca, para que una tienda con pocas respuestas no encabece la lista por suerte.',
    'ov.store': 'Tienda', 'ov.score': 'Puntuación', 'ov.late': '{n} vencidos', 'ov.kiosks': 'Quioscos',
    'ov.offline': 'sin conexión', 'ov.backlog': 'pendiente', 'ov.lastSeen': 'visto {when}',
    'ov.neverSeen': 'nunca visto',
    'ov.waiting': '{n} en espera desde {when}', 'ov.online': '{n} de {total} en línea',
    'ov.othersOk': 'Los demás quioscos están en línea y sincronizados.',
    'ov.allOk': 'Todos los quioscos están en línea y sincronizados.',
  },
  fr: {
    'ov.title': 'Vue d’ensemble', 'ov.chain': 'Toute l’enseigne', 'ov.period': 'Période', 'ov.days': '{n} jours',
    'ov.responses': 'Réponses', 'ov.last': '{n} derniers jours', 'ov.flagged': '{n} signalées, non comptées',
    'ov.csat': 'Satisfaction', 'ov.chainCsat': 'enseigne {x}', 'ov.average': 'Moyenne', 'ov.outOf5': 'sur 5',
    'ov.open': 'Suivis ouverts', 'ov.overdue': '{n} en retard', 'ov.noneOverdue': 'aucun en retard',
    'ov.trend': 'Tendance', 'ov.chartLabel': 'Satisfaction sur 7 jours et réponses par jour',
    'ov.csat7': 'Satisfaction, 7 jours',
    'ov.ranked': 'Magasins, classement équitable',
    'ov.rankHint': 'Score : la note moyenne rapprochée de celle de l’enseigne ({x}) — moins il y a de réponses, plus elle s’en rapproche — pour qu’un magasin avec peu de réponses ne soit pas premier par chance.',
    'ov.store': 'Magasin', 'ov.score': 'Score', 'ov.late': '{n} en retard', 'ov.kiosks': 'Bornes',
    'ov.offline': 'hors ligne', 'ov.backlog': 'en attente', 'ov.lastSeen': 'vue {when}', 'ov.neverSeen': 'jamais vue',
    'ov.waiting': '{n} en attente depuis {when}', 'ov.online': '{n} sur {total} en ligne',
    'ov.othersOk': 'Toutes les autres bornes sont en ligne et synchronisées.',
    'ov.allOk': 'Toutes les bornes sont en ligne et synchronisées.',
  },
  de: {
    'ov.title': 'Übersicht', 'ov.chain': 'Ganze Kette', 'ov.period': 'Zeitraum', 'ov.days': '{n} Tage',
    'ov.responses': 'Antworten', 'ov.last': 'letzte {n} Tage', 'ov.flagged': '{n} markiert, nicht gezählt',
    'ov.csat': 'Zufriedenheit', 'ov.chainCsat': 'Kette {x}', 'ov.average': 'Durchschnitt', 'ov.outOf5': 'von 5',
    'ov.open': 'Offene Fälle', 'ov.overdue': '{n} überfällig', 'ov.noneOverdue': 'keiner überfällig',
    'ov.trend': 'Verlauf', 'ov.chartLabel': 'Zufriedenheit über 7 Tage und Antworten pro Tag',
    'ov.csat7': 'Zufriedenheit, 7 Tage',
    'ov.ranked': 'Filialen, fair gereiht',
    'ov.rankHint': 'Wert: die Durchschnittsbewertung, zum Kettenschnitt ({x}) hin gezogen – je weniger Antworten, desto stärker –, damit eine Filiale mit wenigen Antworten nicht durch Zufall vorne liegt.',
    'ov.store': 'Filiale', 'ov.score': 'Wert', 'ov.late': '{n} überfällig', 'ov.kiosks': 'Kioske',
    'ov.offline': 'offline', 'ov.backlog': 'Rückstau', 'ov.lastSeen': 'zuletzt {when}', 'ov.neverSeen': 'nie gesehen',
    'ov.waiting': '{n} warten seit {when}', 'ov.online': '{n} von {total} online',
    'ov.othersOk': 'Alle anderen Kioske sind online und synchron.', 'ov.allOk': 'Alle Kioske sind online und synchron.',
  },
});

let days = 30;
let chart = null;

function tile(title, value, note, tone = '') {
  return h('div', { class: `tile ${tone}` }, h('span', { class: 'tile-title', text: title }),
    h('strong', { class: 'tile-value', text: value }), note ? h('span', { class: 'tile-note', text: note }) : null);
}

function periodPicker(onPick) {
  return h('div', { class: 'period', role: 'group', 'aria-label': t('ov.period') },
    [7, 30, 90].map((d) => h('button', {
      type: 'button', class: d === days ? 'on' : 'quiet', 'aria-pressed': String(d === days),
      onclick: () => { days = d; onPick(); }, text: t('ov.days', { n: d }),
    })));
}

// CSAT over the 7 days up to each day: one store's single day is too few answers to mean much.
function rollingCsat(trend) {
  return trend.map((p, i) => {
    const week = trend.slice(Math.max(0, i - 6), i + 1);
    const n = week.reduce((sum, d) => sum + d.responses, 0);
    const happy = week.reduce((sum, d) => sum + d.csat * d.responses / 100, 0);
    return n >= 5 ? 100 * happy / n : null;
  });
}

function trendChart(trend) {
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': t('ov.chartLabel') });
  const xs = trend.map((p) => Date.parse(`${p.day}T12:00:00Z`) / 1000);
  const data = [xs, rollingCsat(trend), trend.map((p) => p.responses)];
  requestAnimationFrame(() => {
    if (chart) chart.destroy();
    const width = Math.max(280, box.clientWidth);
    chart = new uPlot({
      width, height: 220,
      scales: { x: { time: true }, pct: { range: [0, 100] }, n: {} },
      axes: [{ values: (u, v) => v.map((s) => day(s * 1000)) }, { scale: 'pct', values: (u, v) => v.map((x) => percent(x)) },
        { scale: 'n', side: 1, grid: { show: false } }],
      series: [{ value: (u, v) => (v === null ? '–' : day(v * 1000)) }, { label: t('ov.csat7'), scale: 'pct', spanGaps: true, stroke: '#0b6e4f', width: 2, value: (u, v) => percent(v) },
        { label: t('ov.responses'), scale: 'n', stroke: '#8a94a6', width: 1, fill: 'rgba(138,148,166,0.15)' }],
      legend: { live: false },
    }, data, box);
  });
  return box;
}

// Each figure carries its column's name (data-label): a phone shows a store per row with its
// figures labelled beneath (app.css, table.stack).
function ranking(sites, chain) {
  const heads = ['#', t('ov.store'), t('ov.score'), t('ov.csat'), t('ov.responses'), t('ov.open')];
  const figure = (column, text, extra = '') => h('td', { class: `num ${extra}`, 'data-label': heads[column], text });
  const rows = sites.map((s) => h('tr', {},
    h('td', { class: 'num rank', text: s.rank }),
    h('th', { scope: 'row', text: s.name }),
    figure(2, decimal(s.score)),
    figure(3, percent(s.csat)),
    figure(4, number(s.responses)),
    figure(5, s.open ? `${s.open}${s.overdue ? ` · ${t('ov.late', { n: s.overdue })}` : ''}` : '–', s.overdue ? 'late' : '')));
  return h('section', { class: 'card' },
    h('h2', { text: t('ov.ranked') }),
    h('p', { class: 'hint', text: t('ov.rankHint', { x: decimal(chain.average) }) }),
    h('div', { class: 'scroll' }, h('table', { class: 'ranking stack' },
      h('thead', {}, h('tr', {}, heads.map((text, i) => h('th', { scope: 'col', class: i === 1 ? '' : 'num', text })))),
      h('tbody', {}, rows))));
}

function kioskHealth(kiosks, sites) {
  const names = Object.fromEntries(sites.map((s) => [s.id, s.name]));
  const offline = kiosks.filter((k) => k.offline);
  // A backlog matters once it is old: a few responses waiting for the next sync are normal.
  const stuck = kiosks.filter((k) => !k.offline && k.oldest_unsynced_at && Date.now() - k.oldest_unsynced_at > 3600000);
  const list = [...offline, ...stuck].map((k) => h('li', { class: k.offline ? 'offline' : '' },
    h('span', { class: 'badge', text: t(k.offline ? 'ov.offline' : 'ov.backlog') }),
    h('strong', { text: k.id }), ` ${names[k.site] || k.site} · `,
    k.last_seen ? t('ov.lastSeen', { when: ago(k.last_seen) }) : t('ov.neverSeen'),
    k.outbox && k.oldest_unsynced_at ? ` · ${t('ov.waiting', { n: k.outbox, when: ago(k.oldest_unsynced_at) })}` : ''));
  return h('section', { class: 'card' },
    h('h2', { text: t('ov.kiosks') }),
    h('p', { class: 'hint', text: t('ov.online', { n: kiosks.length - offline.length, total: kiosks.length }) }),
    list.length ? h('ul', { class: 'kiosks' }, list) : null,
    h('p', { class: 'muted', text: t(list.length ? 'ov.othersOk' : 'ov.allOk') }));
}

export async function showOverview(target, me) {
  const data = await get(`/api/overview?days=${days}`);
  const mine = data.sites;
  const total = mine.reduce((n, s) => n + s.responses, 0);
  const flagged = mine.reduce((n, s) => n + (s.flagged || 0), 0);
  const happy = mine.reduce((n, s) => n + (s.csat ?? 0) * s.responses / 100, 0);
  const sum = mine.reduce((n, s) => n + (s.average ?? 0) * s.responses, 0);
  const open = mine.reduce((n, s) => n + s.open, 0);
  const overdue = mine.reduce((n, s) => n + s.overdue, 0);
  const scope = me.every_site ? t('ov.chain') : mine.map((s) => s.name).join(', ');
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: t('ov.title') }), h('span', { class: 'scope', text: scope }),
      periodPicker(() => showOverview(target, me))),
    h('div', { class: 'tiles' },
      tile(t('ov.responses'), number(total), flagged ? t('ov.flagged', { n: number(flagged) }) : t('ov.last', { n: days })),
      tile(t('ov.csat'), total ? percent(100 * happy / total) : '–', t('ov.chainCsat', { x: percent(data.chain.csat) })),
      tile(t('ov.average'), total ? decimal(sum / total) : '–', t('ov.outOf5')),
      tile(t('ov.open'), number(open), overdue ? t('ov.overdue', { n: overdue }) : t('ov.noneOverdue'), overdue ? 'warn' : '')),
    h('section', { class: 'card' }, h('h2', { text: t('ov.trend') }), trendChart(data.trend)),
    ranking(mine, data.chain),
    kioskHealth(data.kiosks, mine));
  const badge = document.getElementById('inbox-count');
  badge.textContent = open ? String(open) : '';
}
