// Building the page with DOM calls only. Text always goes in as textContent, never as HTML,
// so whatever a customer typed shows as the characters they typed.
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
export const face = (rating) => h('span', { class: `face r${rating}`, title: `rating ${rating} of 5`, 'aria-label': `rating ${rating} of 5`, text: String(rating) });

export function ago(ms, now = Date.now()) {
  const m = Math.round((now - ms) / 60000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min ago`;
  const hours = Math.round(m / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

// "due in 3 h 20 min" or "overdue by 2 h 5 min"
export function dueText(dueAt, now = Date.now()) {
  const left = dueAt - now;
  const m = Math.floor(Math.abs(left) / 60000);
  const span = m >= 1440 ? `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`
    : m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
  return left >= 0 ? `due in ${span}` : `overdue by ${span}`;
}

export const percent = (x) => (x === null || x === undefined ? '–' : `${Math.round(x)}%`);
export const decimal = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));
export const when = (ms) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const label = (id) => (id || '').replaceAll('_', ' ');
