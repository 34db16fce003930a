// The console's words in English, Spanish, French and German. Each view registers its own
// catalogue next to its code (`register({en: {...}, es: {...}, ...})`), so adding a view never
// touches a shared file; `t(key, {name: value})` fills `{name}` placeholders.
export const languages = ['en', 'es', 'fr', 'de'];
const catalogues = [];
let current = pick(navigator.language || 'en');

function pick(tag) {
  const wanted = (localStorage.getItem('heard.language') || tag || 'en').slice(0, 2).toLowerCase();
  return languages.includes(wanted) ? wanted : 'en';
}

export function register(catalogue) {
  catalogues.push(catalogue);
}

export function language() {
  return current;
}

export function setLanguage(lang) {
  if (!languages.includes(lang)) return;
  current = lang;
  localStorage.setItem('heard.language', lang);
  document.documentElement.lang = lang;
}

function lookup(lang, key) {
  for (const c of catalogues) if (c[lang] && key in c[lang]) return c[lang][key];
  return undefined;
}

// English stands in for a missing translation; a missing key shows itself, so it is seen.
export function t(key, params = {}) {
  const text = lookup(current, key) ?? lookup('en', key) ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
}
