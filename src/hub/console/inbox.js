// Follow-up inbox: open cases, urgent first, then by when the promised call-back is due, with
// a live countdown; one case at a time to assign, note, and close.
import { get, post } from './api.js';
import { h, replace, face, ago, dueText, when, label, flagBadge } from './dom.js';
import { register, t } from './i18n.js';

register({
  en: {
    'in.title': 'Follow-ups', 'in.scope': '{n} open, urgent first, then soonest due',
    'in.none': 'Nothing waiting. Well done.',
    urgent: 'urgent', 'in.wants': 'Wants: {what}', 'in.noComment': 'No comment', 'in.noHistory': 'No follow-up yet.',
    'in.assignedTo': 'assigned to {name}', 'in.headOffice': 'head office', 'in.kiosk': 'kiosk {id}',
    'st.new': 'new', 'st.contacted': 'contacted', 'st.resolved': 'resolved', 'st.unreachable': 'unreachable',
    'st.purged': 'contact purged', 'st.note': 'note', 'st.assigned': 'assigned',
    'in.contact': 'contact', 'in.noContact': 'No contact details left', 'in.reveal': 'Reveal',
    'in.followUp': 'Follow up', 'in.noteLabel': 'Note (kept with the status)',
    'in.notePlaceholder': 'What was said or done',
    'in.mark.contacted': 'Mark contacted', 'in.mark.resolved': 'Mark resolved',
    'in.mark.unreachable': 'Mark unreachable',
    'in.addNote': 'Add note', 'in.assignTo': 'Assign to', 'in.assign': 'Assign', 'in.back': '← All follow-ups',
    'in.history': 'History',
  },
  es: {
    'in.title': 'Seguimientos', 'in.scope': '{n} abiertos, urgentes primero, luego por vencimiento',
    'in.none': 'Nada pendiente. ¡Bien hecho!',
    urgent: 'urgente', 'in.wants': 'Pide: {what}', 'in.noComment': 'Sin comentario',
    'in.noHistory': 'Aún sin seguimiento.',
    'in.assignedTo': 'asignado a {name}', 'in.headOffice': 'oficina central', 'in.kiosk': 'quiosco {id}',
    'st.new': 'nuevo', 'st.contacted': 'contactado', 'st.resolved': 'resuelto', 'st.unreachable': 'ilocalizable',
    'st.purged': 'contacto borrado', 'st.note': 'nota', 'st.assigned': 'asignado',
    'in.contact': 'contacto', 'in.noContact': 'No dejó datos de contacto', 'in.reveal': 'Mostrar',
    'in.followUp': 'Seguimiento', 'in.noteLabel': 'Nota (se guarda con el estado)',
    'in.notePlaceholder': 'Qué se dijo o se hizo',
    'in.mark.contacted': 'Marcar contactado', 'in.mark.resolved': 'Marcar resuelto',
    'in.mark.unreachable': 'Marcar ilocalizable',
    'in.addNote': 'Añadir nota', 'in.assignTo': 'Asignar a', 'in.assign': 'Asignar',
    'in.back': '← Todos los seguimientos',
    'in.history': 'Historial',
  },
  fr: {
    'in.title': 'Suivis', 'in.scope': '{n} ouverts, urgents d’abord, puis par échéance',
    'in.none': 'Rien en attente. Bravo.',
    urgent: 'urgent', 'in.wants': 'Souhaite : {what}', 'in.noComment': 'Sans commentaire',
    'in.noHistory': 'Pas encore de suivi.',
    'in.assignedTo': 'confié à {name}', 'in.headOffice': 'siège', 'in.kiosk': 'borne {id}',
    'st.new': 'nouveau', 'st.contacted': 'contacté', 'st.resolved': 'résolu', 'st.unreachable': 'injoignable',
    'st.purged': 'contact effacé', 'st.note': 'note', 'st.assigned': 'confié',
    'in.contact': 'contact', 'in.noContact': 'Aucune coordonnée laissée', 'in.reveal': 'Afficher',
    'in.followUp': 'Suivi', 'in.noteLabel': 'Note (gardée avec le statut)',
    'in.notePlaceholder': 'Ce qui a été dit ou fait',
    'in.mark.contacted': 'Marquer contacté', 'in.mark.resolved': 'Marquer résolu',
    'in.mark.unreachable': 'Marquer injoignable',
    'in.addNote': 'Ajouter une note', 'in.assignTo': 'Confier à', 'in.assign': 'Confier',
    'in.back': '← Tous les suivis',
    'in.history': 'Historique',
  },
  de: {
    'in.title': 'Nachverfolgung', 'in.scope': '{n} offen, dringende zuerst, dann nach Fälligkeit',
    'in.none': 'Nichts offen. Gut gemacht.',
    urgent: 'dringend', 'in.wants': 'Wunsch: {what}', 'in.noComment': 'Kein Kommentar',
    'in.noHistory': 'Noch keine Nachverfolgung.',
    'in.assignedTo': 'zugewiesen an {name}', 'in.headOffice': 'Zentrale', 'in.kiosk': 'Kiosk {id}',
    'st.new': 'neu', 'st.contacted': 'kontaktiert', 'st.resolved': 'erledigt', 'st.unreachable': 'nicht erreichbar',
    'st.purged': 'Kontakt gelöscht', 'st.note': 'Notiz', 'st.assigned': 'zugewiesen',
    'in.contact': 'Kontakt', 'in.noContact': 'Keine Kontaktdaten hinterlassen', 'in.reveal': 'Anzeigen',
    'in.followUp': 'Nachfassen', 'in.noteLabel': 'Notiz (wird mit dem Status gespeichert)',
    'in.notePlaceholder': 'Was gesagt oder getan wurde',
    'in.mark.contacted': 'Als kontaktiert markieren', 'in.mark.resolved': 'Als erledigt markieren',
    'in.mark.unreachable': 'Als nicht erreichbar markieren',
    'in.addNote': 'Notiz hinzufügen', 'in.assignTo': 'Zuweisen an', 'in.assign': 'Zuweisen', 'in.back': '← Alle Fälle',
    'in.history': 'Verlauf',
  },
});

let ticker = null;

// Keeps every "due in ..." on the page current without asking the hub again.
function tick(root, offset) {
  clearInterval(ticker);
  const update = () => {
    if (!root.isConnected) return clearInterval(ticker);
    for (const el of root.querySelectorAll('[data-due]')) {
      const due = Number(el.dataset.due);
      el.textContent = dueText(due, Date.now() + offset);
      el.classList.toggle('late', due < Date.now() + offset);
    }
  };
  update();
  ticker = setInterval(update, 15000);
}

const statusText = (status) => (['new', 'contacted', 'resolved', 'unreachable', 'purged', 'note', 'assigned'].includes(status)
  ? t(`st.${status}`) : status);

function caseCard(c) {
  return h('li', {},
    h('a', { class: `case ${c.urgent ? 'urgent' : ''}`, href: `#case/${c.id}` },
      h('div', { class: 'case-top' },
        face(c.rating),
        c.urgent ? h('span', { class: 'badge urgent', text: t('urgent') }) : null,
        flagBadge(c.flags),
        h('strong', { text: c.site_name })),
      h('p', { class: 'comment', text: c.comment || (c.desired_resolution ? t('in.wants', { what: label(c.desired_resolution) }) : t('in.noComment')) }),
      h('div', { class: 'case-bottom' },
        h('span', { class: 'due', 'data-due': c.due_at }),
        h('span', { class: 'muted', text: ago(c.created_at) }),
        h('span', { class: `status s-${c.status}`, text: statusText(c.status) }),
        c.assigned_to ? h('span', { class: 'muted', text: `→ ${c.assigned_to}` }) : null)));
}

export async function showInbox(target) {
  const { cases, now } = await get('/api/cases');
  const list = h('ul', { class: 'cases' }, cases.map(caseCard));
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: t('in.title') }),
      h('span', { class: 'scope', text: t('in.scope', { n: cases.length }) })),
    cases.length ? list : h('p', { class: 'card', text: t('in.none') }));
  document.getElementById('inbox-count').textContent = cases.length ? String(cases.length) : '';
  tick(target, now - Date.now());
}

function history(events) {
  if (!events.length) return h('p', { class: 'muted', text: t('in.noHistory') });
  const source = (s) => (s === 'head office' ? t('in.headOffice') : s.startsWith('kiosk ') ? t('in.kiosk', { id: s.slice(6) }) : s);
  return h('ol', { class: 'history' }, events.map((e) => h('li', {},
    h('strong', { text: e.status === 'assigned' ? t('in.assignedTo', { name: e.to }) : statusText(e.status) }),
    h('span', { class: 'muted', text: ` · ${e.by} · ${source(e.source)} · ${when(e.at)}` }),
    e.note ? h('p', { class: 'comment', text: e.note }) : null)));
}

function followUpForm(act) {
  const note = h('textarea', { id: 'note', rows: 3, maxlength: 2000, placeholder: t('in.notePlaceholder') });
  const assignee = h('input', { id: 'assignee', maxlength: 100, autocomplete: 'off' });
  return [h('section', { class: 'card actions' },
    h('h2', { text: t('in.followUp') }),
    h('label', { for: 'note', text: t('in.noteLabel') }), note,
    h('div', { class: 'buttons' },
      ['contacted', 'resolved', 'unreachable'].map((status) => h('button', {
        type: 'button', class: status === 'resolved' ? '' : 'secondary', text: t(`in.mark.${status}`), 'data-status': status,
        onclick: () => act({ status, note: note.value }),
      })),
      h('button', { type: 'button', class: 'quiet', text: t('in.addNote'), onclick: () => note.value && act({ status: 'note', note: note.value }) })),
    h('label', { for: 'assignee', text: t('in.assignTo') }),
    h('div', { class: 'inline' }, assignee,
      h('button', { type: 'button', class: 'secondary', text: t('in.assign'), onclick: () => assignee.value && act({ status: 'assigned', to: assignee.value }) }))),
  assignee];
}

export async function showCase(target, me, id) {
  const { case: c, now } = await get(`/api/cases/${encodeURIComponent(id)}`);
  const contact = h('div', { class: 'contact' },
    c.has_contact ? h('span', { text: `${label(c.contact_channel) || t('in.contact')}: ${c.contact_masked}` })
      : h('span', { class: 'muted', text: t('in.noContact') }));
  const act = async (body) => {
    const { case: updated } = await post(`/api/cases/${encodeURIComponent(id)}/events`, body);
    await showCase(target, me, updated.id);
  };
  const [actions, assignee] = me.may_follow_up ? followUpForm(act) : [null, null];
  if (assignee) assignee.value = c.assigned_to || '';
  if (me.may_follow_up && c.has_contact) {
    contact.append(h('button', {
      type: 'button', class: 'secondary', id: 'reveal', text: t('in.reveal'),
      onclick: async (event) => {
        const { contact: full } = await post(`/api/cases/${encodeURIComponent(id)}/reveal`);
        const parts = [full.name, full.phone, full.email].filter(Boolean).join(' · ');
        event.target.replaceWith(h('strong', { class: 'revealed', text: parts }));
      },
    }));
  }
  const details = [label(c.kind), ...c.categories.map(label), c.desired_resolution ? t('in.wants', { what: label(c.desired_resolution) }) : '']
    .filter(Boolean).join(' · ');
  replace(target,
    h('p', {}, h('a', { href: '#inbox', text: t('in.back') })),
    h('section', { class: `card case-detail ${c.urgent ? 'urgent' : ''}` },
      h('div', { class: 'case-top' }, face(c.rating), c.urgent ? h('span', { class: 'badge urgent', text: t('urgent') }) : null,
        flagBadge(c.flags),
        // No leading "·": on a phone this part wraps to a line of its own.
        h('strong', { text: c.site_name }), h('span', { class: 'muted', text: `${c.kiosk} · ${when(c.created_at)}` })),
      h('p', { class: 'comment big', text: c.comment || t('in.noComment') }),
      h('p', { class: 'muted', text: details }),
      contact,
      h('p', {}, h('span', { class: `status s-${c.status}`, id: 'case-status', 'data-status': c.status, text: statusText(c.status) }), ' ',
        ['new', 'contacted'].includes(c.status) ? h('span', { class: 'due', 'data-due': c.due_at }) : null,
        c.assigned_to ? h('span', { class: 'muted', text: ` · ${t('in.assignedTo', { name: c.assigned_to })}` }) : null)),
    actions,
    h('section', { class: 'card' }, h('h2', { text: t('in.history') }), history(c.history)));
  tick(target, now - Date.now());
}
