// Overview: the few numbers that matter for the chosen period, the trend, the fair ranking
// and which kiosks have gone quiet.
import uPlot from './vendor/uPlot.esm.js';
import { get } from './api.js';
import { h, replace, percent, decimal, ago } from './dom.js';

let days = 30;
let chart = null;

function tile(title, value, note, tone = '') {
  return h('div', { class: `tile ${tone}` }, h('span', { class: 'tile-title', text: title }),
    h('strong', { class: 'tile-value', text: value }), note ? h('span', { class: 'tile-note', text: note }) : null);
}

function periodPicker(onPick) {
  return h('div', { class: 'period', role: 'group', 'aria-label': 'Period' },
    [7, 30, 90].map((d) => h('button', {
      type: 'button', class: d === days ? 'on' : 'quiet', 'aria-pressed': String(d === days),
      onclick: () => { days = d; onPick(); }, text: `${d} days`,
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
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': 'CSAT over 7 days and responses per day' });
  const xs = trend.map((p) => Date.parse(`${p.day}T12:00:00Z`) / 1000);
  const data = [xs, rollingCsat(trend), trend.map((p) => p.responses)];
  requestAnimationFrame(() => {
    if (chart) chart.destroy();
    const width = Math.max(280, box.clientWidth);
    chart = new uPlot({
      width, height: 220,
      scales: { x: { time: true }, pct: { range: [0, 100] }, n: {} },
      axes: [{}, { scale: 'pct', values: (u, v) => v.map((x) => `${x}%`) }, { scale: 'n', side: 1, grid: { show: false } }],
      series: [{}, { label: 'CSAT, 7 days', scale: 'pct', spanGaps: true, stroke: '#0b6e4f', width: 2, value: (u, v) => percent(v) },
        { label: 'Responses', scale: 'n', stroke: '#8a94a6', width: 1, fill: 'rgba(138,148,166,0.15)' }],
      legend: { live: false },
    }, data, box);
  });
  return box;
}

function ranking(sites, chain) {
  const rows = sites.map((s) => h('tr', {},
    h('td', { class: 'num', text: s.rank }),
    h('th', { scope: 'row', text: s.name }),
    h('td', { class: 'num', text: decimal(s.score) }),
    h('td', { class: 'num', text: percent(s.csat) }),
    h('td', { class: 'num', text: s.responses }),
    h('td', { class: `num ${s.overdue ? 'late' : ''}`, text: s.open ? `${s.open}${s.overdue ? ` · ${s.overdue} late` : ''}` : '–' })));
  return h('section', { class: 'card' },
    h('h2', { text: 'Stores, fairly ranked' }),
    h('p', { class: 'hint', text: `Score: average rating pulled towards the chain's ${decimal(chain.average)} — the fewer responses, the stronger the pull — so a store with a handful of answers cannot top the list by luck.` }),
    h('div', { class: 'scroll' }, h('table', { class: 'ranking' },
      h('thead', {}, h('tr', {}, ['#', 'Store', 'Score', 'CSAT', 'Responses', 'Open'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows))));
}

function kioskHealth(kiosks, sites) {
  const names = Object.fromEntries(sites.map((s) => [s.id, s.name]));
  const offline = kiosks.filter((k) => k.offline);
  // A backlog matters once it is old: a few responses waiting for the next sync are normal.
  const stuck = kiosks.filter((k) => !k.offline && k.oldest_unsynced_at && Date.now() - k.oldest_unsynced_at > 3600000);
  const list = [...offline, ...stuck].map((k) => h('li', { class: k.offline ? 'offline' : '' },
    h('span', { class: 'badge', text: k.offline ? 'offline' : 'backlog' }),
    h('strong', { text: k.id }), ` ${names[k.site] || k.site} · `,
    k.last_seen ? `last seen ${ago(k.last_seen)}` : 'never seen',
    k.outbox && k.oldest_unsynced_at ? ` · ${k.outbox} waiting since ${ago(k.oldest_unsynced_at)}` : ''));
  return h('section', { class: 'card' },
    h('h2', { text: 'Kiosks' }),
    h('p', { class: 'hint', text: `${kiosks.length - offline.length} of ${kiosks.length} online` }),
    list.length ? h('ul', { class: 'kiosks' }, list) : null,
    h('p', { class: 'muted', text: list.length ? 'Every other kiosk is online and synced.' : 'Every kiosk is online and synced.' }));
}

export async function showOverview(target, me) {
  const data = await get(`/api/overview?days=${days}`);
  const mine = data.sites;
  const total = mine.reduce((n, s) => n + s.responses, 0);
  const happy = mine.reduce((n, s) => n + (s.csat ?? 0) * s.responses / 100, 0);
  const sum = mine.reduce((n, s) => n + (s.average ?? 0) * s.responses, 0);
  const open = mine.reduce((n, s) => n + s.open, 0);
  const overdue = mine.reduce((n, s) => n + s.overdue, 0);
  const scope = me.every_site ? 'Whole chain' : mine.map((s) => s.name).join(', ');
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: 'Overview' }), h('span', { class: 'scope', text: scope }),
      periodPicker(() => showOverview(target, me))),
    h('div', { class: 'tiles' },
      tile('Responses', total.toLocaleString(), `last ${days} days`),
      tile('CSAT', total ? percent(100 * happy / total) : '–', `chain ${percent(data.chain.csat)}`),
      tile('Average', total ? decimal(sum / total) : '–', 'out of 5'),
      tile('Open follow-ups', open, overdue ? `${overdue} overdue` : 'none overdue', overdue ? 'warn' : '')),
    h('section', { class: 'card' }, h('h2', { text: 'Trend' }), trendChart(data.trend)),
    ranking(mine, data.chain),
    kioskHealth(data.kiosks, mine));
  const badge = document.getElementById('inbox-count');
  badge.textContent = open ? String(open) : '';
}
