// People and sites, for admins: who may sign in and what they see, and every kiosk's health.
// Each change goes to the hub with the CSRF token and is audited there, as the command line's.
import { get, post } from './api.js';
import { h, replace, ago, number } from './dom.js';
import { register, t } from './i18n.js';

register({
  en: {
    'ad.site': 'Store',
    'ad.title': 'People & sites', 'ad.people': 'People', 'ad.name': 'Name', 'ad.role': 'Role', 'ad.sites': 'Stores',
    'ad.state': 'State', 'ad.every': 'every store', 'ad.active': 'active', 'ad.disabled': 'disabled',
    'ad.disable': 'Disable',
    'ad.confirm': 'Confirm: disable {name}', 'ad.add': 'Add a person',
    'ad.password': 'Initial password (10 characters or more)',
    'ad.addButton': 'Add person', 'ad.added': '{name} added.', 'ad.change': 'Change a password', 'ad.who': 'Person',
    'ad.newPassword': 'New password (10 characters or more)', 'ad.changeButton': 'Change password',
    'ad.changed': 'Password changed for {name}; their sessions have ended.',
    'ad.disabledDone': '{name} can no longer sign in.',
    'ad.kiosks': 'Stores and kiosks', 'ad.kiosk': 'Kiosk', 'ad.lastSeen': 'Last heartbeat', 'ad.outbox': 'Waiting',
    'ad.version': 'App', 'ad.never': 'never', 'ad.online': 'online', 'ad.offline': 'offline', 'ad.revoked': 'revoked',
    'ad.sitesHint': 'For a manager: the stores they follow up. For a viewer: none means every store.',
    'actions': 'Actions',
  },
  es: {
    'ad.site': 'Tienda',
    'ad.title': 'Personas y tiendas', 'ad.people': 'Personas', 'ad.name': 'Nombre', 'ad.role': 'Rol',
    'ad.sites': 'Tiendas',
    'ad.state': 'Estado', 'ad.every': 'todas las tiendas', 'ad.active': 'activa', 'ad.disabled': 'desactivada',
    'ad.disable': 'Desactivar',
    'ad.confirm': 'Confirmar: desactivar a {name}', 'ad.add': 'Añadir una persona',
    'ad.password': 'Contraseña inicial (10 caracteres o más)',
    'ad.addButton': 'Añadir persona', 'ad.added': '{name} añadida.', 'ad.change': 'Cambiar una contraseña',
    'ad.who': 'Persona',
    'ad.newPassword': 'Nueva contraseña (10 caracteres o más)', 'ad.changeButton': 'Cambiar contraseña',
    'ad.changed': 'Contraseña cambiada para {name}; sus sesiones han terminado.',
    'ad.disabledDone': '{name} ya no puede entrar.',
    'ad.kiosks': 'Tiendas y quioscos', 'ad.kiosk': 'Quiosco', 'ad.lastSeen': 'Última señal', 'ad.outbox': 'En espera',
    'ad.version': 'App', 'ad.never': 'nunca', 'ad.online': 'en línea', 'ad.offline': 'sin conexión',
    'ad.revoked': 'revocado',
    'ad.sitesHint': 'Para un responsable: las tiendas que sigue. Para consulta: ninguna significa todas.',
    'actions': 'Acciones',
  },
  fr: {
    'ad.site': 'Magasin',
    'ad.title': 'Personnes et magasins', 'ad.people': 'Personnes', 'ad.name': 'Nom', 'ad.role': 'Rôle',
    'ad.sites': 'Magasins',
    'ad.state': 'État', 'ad.every': 'tous les magasins', 'ad.active': 'active', 'ad.disabled': 'désactivée',
    'ad.disable': 'Désactiver',
    'ad.confirm': 'Confirmer : désactiver {name}', 'ad.add': 'Ajouter une personne',
    'ad.password': 'Mot de passe initial (10 caractères ou plus)',
    'ad.addButton': 'Ajouter', 'ad.added': '{name} ajoutée.', 'ad.change': 'Changer un mot de passe',
    'ad.who': 'Personne',
    'ad.newPassword': 'Nouveau mot de passe (10 caractères ou plus)', 'ad.changeButton': 'Changer le mot de passe',
    'ad.changed': 'Mot de passe changé pour {name} ; ses sessions sont terminées.',
    'ad.disabledDone': '{name} ne peut plus se connecter.',
    'ad.kiosks': 'Magasins et bornes', 'ad.kiosk': 'Borne', 'ad.lastSeen': 'Dernier signal', 'ad.outbox': 'En attente',
    'ad.version': 'App', 'ad.never': 'jamais', 'ad.online': 'en ligne', 'ad.offline': 'hors ligne',
    'ad.revoked': 'révoquée',
    'ad.sitesHint': 'Pour un responsable : les magasins qu’il suit. En lecture : aucun veut dire tous.',
    'actions': 'Actions',
  },
  de: {
    'ad.site': 'Filiale',
    'ad.title': 'Personen & Filialen', 'ad.people': 'Personen', 'ad.name': 'Name', 'ad.role': 'Rolle',
    'ad.sites': 'Filialen',
    'ad.state': 'Status', 'ad.every': 'alle Filialen', 'ad.active': 'aktiv', 'ad.disabled': 'gesperrt',
    'ad.disable': 'Sperren',
    'ad.confirm': 'Bestätigen: {name} sperren', 'ad.add': 'Person hinzufügen',
    'ad.password': 'Erstes Passwort (mindestens 10 Zeichen)',
    'ad.addButton': 'Hinzufügen', 'ad.added': '{name} hinzugefügt.', 'ad.change': 'Passwort ändern', 'ad.who': 'Person',
    'ad.newPassword': 'Neues Passwort (mindestens 10 Zeichen)', 'ad.changeButton': 'Passwort ändern',
    'ad.changed': 'Passwort von {name} geändert; die Sitzungen sind beendet.',
    'ad.disabledDone': '{name} kann sich nicht mehr anmelden.',
    'ad.kiosks': 'Filialen und Kioske', 'ad.kiosk': 'Kiosk', 'ad.lastSeen': 'Letztes Signal', 'ad.outbox': 'Wartend',
    'ad.version': 'App', 'ad.never': 'nie', 'ad.online': 'online', 'ad.offline': 'offline', 'ad.revoked': 'widerrufen',
    'ad.sitesHint': 'Für die Leitung: ihre Filialen. Nur lesen: keine heißt alle.', 'actions': 'Aktionen',
  },
});

const roles = ['admin', 'manager', 'viewer'];

function peopleTable(people, me, names, onDisable) {
  const heads = [t('ad.name'), t('ad.role'), t('ad.sites'), t('ad.state'), t('actions')];
  return h('div', { class: 'scroll' }, h('table', { class: 'people stack' },
    h('thead', {}, h('tr', {}, heads.map((text) => h('th', { scope: 'col', text })))),
    h('tbody', {}, people.map((p) => {
      const disable = p.disabled || p.name === me.name ? null : h('button', {
        type: 'button', class: 'secondary small', text: t('ad.disable'), 'data-person': p.name,
        onclick: (event) => {
          // Two steps instead of a confirm() dialog: one stray tap never locks someone out.
          if (event.target.dataset.armed) return onDisable(p.name);
          event.target.dataset.armed = '1';
          event.target.textContent = t('ad.confirm', { name: p.name });
        },
      });
      return h('tr', { class: p.disabled ? 'muted' : '' },
        h('th', { scope: 'row', text: p.name }),
        h('td', { 'data-label': heads[1], text: t(`role.${p.role}`) }),
        h('td', { 'data-label': heads[2], text: p.sites.length ? p.sites.map((s) => names[s] || s).join(', ') : t('ad.every') }),
        h('td', { 'data-label': heads[3], text: t(p.disabled ? 'ad.disabled' : 'ad.active') }),
        h('td', {}, disable));
    }))));
}

function field(id, text, input) {
  return [h('label', { for: id, text }), input];
}

function addForm(sites, done, say) {
  const name = h('input', { id: 'ad-name', maxlength: 64, autocomplete: 'off', required: true });
  const role = h('select', { id: 'ad-role' }, roles.map((r) => h('option', { value: r, selected: r === 'manager', text: t(`role.${r}`) })));
  const password = h('input', { id: 'ad-password', type: 'password', minlength: 10, maxlength: 200, autocomplete: 'new-password', required: true });
  const boxes = sites.map(([id, title]) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: id }), ` ${title}`));
  return h('form', { class: 'card', id: 'add-person', onsubmit: async (event) => {
    event.preventDefault();
    const chosen = boxes.map((b) => b.querySelector('input')).filter((b) => b.checked).map((b) => b.value);
    await post('/api/people', { name: name.value, role: role.value, sites: role.value === 'admin' ? [] : chosen, password: password.value })
      .then(() => { say(t('ad.added', { name: name.value })); done(); }, (e) => say(e.message, true));
  } },
  h('h2', { text: t('ad.add') }),
  field('ad-name', t('ad.name'), name), field('ad-role', t('ad.role'), role),
  h('fieldset', { class: 'sites' }, h('legend', { text: t('ad.sites') }), h('p', { class: 'hint', text: t('ad.sitesHint') }), boxes),
  field('ad-password', t('ad.password'), password),
  h('button', { type: 'submit', text: t('ad.addButton') }));
}

function passwordForm(people, say) {
  const who = h('select', { id: 'pw-name' }, people.filter((p) => !p.disabled).map((p) => h('option', { value: p.name, text: p.name })));
  const password = h('input', { id: 'pw-password', type: 'password', minlength: 10, maxlength: 200, autocomplete: 'new-password', required: true });
  return h('form', { class: 'card', id: 'change-password', onsubmit: async (event) => {
    event.preventDefault();
    await post('/api/people/password', { name: who.value, password: password.value })
      .then(() => { password.value = ''; say(t('ad.changed', { name: who.value })); }, (e) => say(e.message, true));
  } },
  h('h2', { text: t('ad.change') }), field('pw-name', t('ad.who'), who), field('pw-password', t('ad.newPassword'), password),
  h('button', { type: 'submit', text: t('ad.changeButton') }));
}

function kioskTable(kiosks, names) {
  const state = (k) => (k.revoked ? t('ad.revoked') : k.offline ? t('ad.offline') : t('ad.online'));
  const heads = [t('ad.kiosk'), t('ad.state'), t('ad.lastSeen'), t('ad.outbox'), t('ad.version'), t('ad.site')];
  // On a phone (table.stack) each kiosk is a row: its id and state badge, then its cells labelled.
  return h('div', { class: 'scroll' }, h('table', { class: 'kiosk-table stack' },
    h('thead', {}, h('tr', {}, heads.map((text, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : '', text })))),
    h('tbody', {}, kiosks.map((k) => h('tr', {},
      h('th', { scope: 'row', text: k.id }),
      h('td', {}, h('span', { class: `badge ${k.offline || k.revoked ? 'off' : 'on'}`, text: state(k) })),
      h('td', { 'data-label': heads[2], text: k.last_seen ? ago(k.last_seen) : t('ad.never') }),
      h('td', { 'data-label': heads[3], class: 'num', text: number(k.outbox || 0) }),
      h('td', { 'data-label': heads[4], text: k.app_version || '–' }),
      h('td', { 'data-label': heads[5], text: names[k.site] || k.site }))))));
}

export async function showAdmin(target, me, message = null) {
  const [{ people }, overview] = await Promise.all([get('/api/people'), get('/api/overview?days=1')]);
  const sites = overview.sites.map((s) => [s.id, s.name]).sort((a, b) => a[1].localeCompare(b[1]));
  const names = Object.fromEntries(sites);
  const say = (text, error = false) => showAdmin(target, me, { text, error });
  const onDisable = (name) => post('/api/people/disable', { name })
    .then(() => say(t('ad.disabledDone', { name })), (e) => say(e.message, true));
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: t('ad.title') })),
    message ? h('p', { class: `card ${message.error ? 'error' : 'notice'}`, role: message.error ? 'alert' : 'status', text: message.text }) : null,
    h('section', { class: 'card' }, h('h2', { text: t('ad.people') }), peopleTable(people, me, names, onDisable)),
    h('div', { class: 'two' }, addForm(sites, () => {}, say), passwordForm(people, say)),
    h('section', { class: 'card' }, h('h2', { text: t('ad.kiosks') }), kioskTable(overview.kiosks, names)));
}
