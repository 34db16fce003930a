// Building the page with DOM calls only. Text always goes in as textContent, never as HTML,
// so whatever a customer typed shows as the characters they typed. Dates and numbers go
// through Intl in the language the person chose.
import { register, t, language } from './i18n.js';

register({
  en: {
    'rating.aria': 'rating {n} of 5', 'ago.now': 'just now', 'ago.min': '{n} min ago', 'ago.hours': '{n} h ago',
    'ago.days': '{n} days ago', 'due.in': 'due in {span}', 'due.over': 'overdue by {span}',
    'span.dh': '{d} d {h} h', 'span.hm': '{h} h {m} min', 'span.m': '{m} min',
    'kind.complaint': 'complaint', 'kind.compliment': 'compliment', 'kind.suggestion': 'suggestion',
    'flag.burst': 'burst of identical ratings', 'flag.staff_present': 'staff nearby', 'flag.other': 'flag: {id}',
    'flag.badge': 'flagged', 'flag.hint': 'Flagged by the kiosk: {what}. Not counted in CSAT.',
  },
  es: {
    'rating.aria': 'valoración {n} de 5', 'ago.now': 'ahora mismo', 'ago.min': 'hace {n} min',
    'ago.hours': 'hace {n} h',
    'ago.days': 'hace {n} días', 'due.in': 'vence en {span}', 'due.over': 'vencido hace {span}',
    'span.dh': '{d} d {h} h', 'span.hm': '{h} h {m} min', 'span.m': '{m} min',
    'kind.complaint': 'queja', 'kind.compliment': 'elogio', 'kind.suggestion': 'sugerencia',
    'flag.burst': 'ráfaga de valoraciones iguales', 'flag.staff_present': 'personal presente',
    'flag.other': 'marca: {id}',
    'flag.badge': 'marcada', 'flag.hint': 'Marcada por el quiosco: {what}. No cuenta en la satisfacción.',
  },
  fr: {
    'rating.aria': 'note {n} sur 5', 'ago.now': 'à l’instant', 'ago.min': 'il y a {n} min', 'ago.hours': 'il y a {n} h',
    'ago.days': 'il y a {n} jours', 'due.in': 'échéance dans {span}', 'due.over': 'en retard de {span}',
    'span.dh': '{d} j {h} h', 'span.hm': '{h} h {m} min', 'span.m': '{m} min',
    'kind.complaint': 'réclamation', 'kind.compliment': 'compliment', 'kind.suggestion': 'suggestion',
    'flag.burst': 'rafale de notes identiques', 'flag.staff_present': 'personnel présent',
    'flag.other': 'signalement : {id}',
    'flag.badge': 'signalée', 'flag.hint': 'Signalée par la borne : {what}. Non comptée dans la satisfaction.',
  },
  de: {
    'rating.aria': 'Bewertung {n} von 5', 'ago.now': 'gerade eben', 'ago.min': 'vor {n} Min.',
    'ago.hours': 'vor {n} Std.',
    'ago.days': 'vor {n} Tagen', 'due.in': 'fällig in {span}', 'due.over': 'überfällig seit {span}',
    'span.dh': '{d} T. {h} Std.', 'span.hm': '{h} Std. {m} Min.', 'span.m': '{m} Min.',
    'kind.complaint': 'Beschwerde', 'kind.compliment': 'Lob', 'kind.suggestion': 'Vorschlag',
    'flag.burst': 'Serie gleicher Bewertungen', 'flag.staff_present': 'Personal in der Nähe',
    'flag.other': 'Markierung: {id}',
    'flag.badge': 'markiert', 'flag.hint': 'Vom Kiosk markiert: {what}. Zählt nicht zur Zufriedenheit.',
  },
});

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((c) => c));
}

// The rating as a coloured number: emoji faces depend on fonts a phone or server may lack.
export const face = (rating) => h('span', {
  class: `face r${rating}`, title: t('rating.aria', { n: rating }), 'aria-label': t('rating.aria', { n: rating }), text: String(rating),
});

export function ago(ms, now = Date.now()) {
  const m = Math.round((now - ms) / 60000);
  if (m < 1) return t('ago.now');
  if (m < 60) return t('ago.min', { n: m });
  const hours = Math.round(m / 60);
  if (hours < 48) return t('ago.hours', { n: hours });
  return t('ago.days', { n: Math.round(hours / 24) });
}

// "due in 3 h 20 min" or "overdue by 2 h 5 min"
export function dueText(dueAt, now = Date.now()) {
  const left = dueAt - now;
  const m = Math.floor(Math.abs(left) / 60000);
  const span = m >= 1440 ? t('span.dh', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) })
    : m >= 60 ? t('span.hm', { h: Math.floor(m / 60), m: m % 60 }) : t('span.m', { m });
  return t(left >= 0 ? 'due.in' : 'due.over', { span });
}

export const number = (x, digits = 0) => new Intl.NumberFormat(language(), {
  minimumFractionDigits: digits, maximumFractionDigits: digits,
}).format(x);
export const percent = (x) => (x === null || x === undefined ? '–'
  : new Intl.NumberFormat(language(), { style: 'percent', maximumFractionDigits: 0 }).format(x / 100));
export const decimal = (x) => (x === null || x === undefined ? '–' : number(x, 2));
export const when = (ms) => new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
export const day = (ms) => new Intl.DateTimeFormat(language(), { day: 'numeric', month: 'short' }).format(new Date(ms));

// A survey id (category, resolution, kind) in words: the catalogue's, else the id made readable.
export function label(id) {
  if (!id) return '';
  const text = t(`kind.${id}`);
  if (text !== `kind.${id}`) return text;
  const named = t(`id.${id}`);
  return named !== `id.${id}` ? named : id.replaceAll('_', ' ');
}

export const flagText = (id) => (['burst', 'staff_present'].includes(id) ? t(`flag.${id}`) : t('flag.other', { id }));

// A response's flags as a badge whose title says why; nothing for an honest response.
export function flagBadge(flags) {
  if (!flags || !flags.length) return null;
  const what = flags.map(flagText).join(', ');
  return h('span', { class: 'badge flagged', title: t('flag.hint', { what }), text: `${t('flag.badge')}: ${what}` });
}
