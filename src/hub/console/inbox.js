// Follow-up inbox: open cases, urgent first, then by when the promised call-back is due, with
// a live countdown; one case at a time to assign, note, and close.
import { get, post } from './api.js';
import { h, replace, face, ago, dueText, when, label } from './dom.js';

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

const statusText = { new: 'new', contacted: 'contacted', resolved: 'resolved', unreachable: 'unreachable', purged: 'contact purged' };

function caseCard(c) {
  return h('li', {},
    h('a', { class: `case ${c.urgent ? 'urgent' : ''}`, href: `#case/${c.id}` },
      h('div', { class: 'case-top' },
        face(c.rating),
        c.urgent ? h('span', { class: 'badge urgent', text: 'urgent' }) : null,
        h('strong', { text: c.site_name })),
      h('p', { class: 'comment', text: c.comment || (c.desired_resolution ? `Wants: ${label(c.desired_resolution)}` : 'No comment') }),
      h('div', { class: 'case-bottom' },
        h('span', { class: 'due', 'data-due': c.due_at }),
        h('span', { class: 'muted', text: ago(c.created_at) }),
        h('span', { class: `status s-${c.status}`, text: statusText[c.status] || c.status }),
        c.assigned_to ? h('span', { class: 'muted', text: `→ ${c.assigned_to}` }) : null)));
}

export async function showInbox(target) {
  const { cases, now } = await get('/api/cases');
  const list = h('ul', { class: 'cases' }, cases.map(caseCard));
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: 'Follow-ups' }),
      h('span', { class: 'scope', text: `${cases.length} open, urgent first, then soonest due` })),
    cases.length ? list : h('p', { class: 'card', text: 'Nothing waiting. Well done.' }));
  document.getElementById('inbox-count').textContent = cases.length ? String(cases.length) : '';
  tick(target, now - Date.now());
}

function history(events) {
  if (!events.length) return h('p', { class: 'muted', text: 'No follow-up yet.' });
  return h('ol', { class: 'history' }, events.map((e) => h('li', {},
    h('strong', { text: e.status === 'assigned' ? `assigned to ${e.to}` : e.status }),
    h('span', { class: 'muted', text: ` · ${e.by} · ${e.source} · ${when(e.at)}` }),
    e.note ? h('p', { class: 'comment', text: e.note }) : null)));
}

export async function showCase(target, me, id) {
  const { case: c, now } = await get(`/api/cases/${encodeURIComponent(id)}`);
  const contact = h('div', { class: 'contact' },
    c.has_contact ? h('span', { text: `${label(c.contact_channel) || 'contact'}: ${c.contact_masked}` }) : h('span', { class: 'muted', text: 'No contact details left' }));
  const act = async (body) => {
    const { case: updated } = await post(`/api/cases/${encodeURIComponent(id)}/events`, body);
    await showCase(target, me, updated.id);
  };
  const note = h('textarea', { id: 'note', rows: 3, maxlength: 2000, placeholder: 'What was said or done' });
  const assignee = h('input', { id: 'assignee', maxlength: 100, autocomplete: 'off', value: c.assigned_to || '' });
  const actions = me.may_follow_up ? h('section', { class: 'card actions' },
    h('h2', { text: 'Follow up' }),
    h('label', { for: 'note', text: 'Note (kept with the status)' }), note,
    h('div', { class: 'buttons' },
      ['contacted', 'resolved', 'unreachable'].map((status) => h('button', {
        type: 'button', class: status === 'resolved' ? '' : 'secondary', text: `Mark ${status}`,
        onclick: () => act({ status, note: note.value }),
      })),
      h('button', { type: 'button', class: 'quiet', text: 'Add note', onclick: () => note.value && act({ status: 'note', note: note.value }) })),
    h('label', { for: 'assignee', text: 'Assign to' }),
    h('div', { class: 'inline' }, assignee,
      h('button', { type: 'button', class: 'secondary', text: 'Assign', onclick: () => assignee.value && act({ status: 'assigned', to: assignee.value }) })))
    : null;
  if (me.may_follow_up && c.has_contact) {
    contact.append(h('button', {
      type: 'button', class: 'secondary', text: 'Reveal',
      onclick: async (event) => {
        const { contact: full } = await post(`/api/cases/${encodeURIComponent(id)}/reveal`);
        const parts = [full.name, full.phone, full.email].filter(Boolean).join(' · ');
        event.target.replaceWith(h('strong', { class: 'revealed', text: parts }));
      },
    }));
  }
  replace(target,
    h('p', {}, h('a', { href: '#inbox', text: '← All follow-ups' })),
    h('section', { class: `card case-detail ${c.urgent ? 'urgent' : ''}` },
      h('div', { class: 'case-top' }, face(c.rating), c.urgent ? h('span', { class: 'badge urgent', text: 'urgent' }) : null,
        h('strong', { text: c.site_name }), h('span', { class: 'muted', text: ` · ${c.kiosk} · ${when(c.created_at)}` })),
      h('p', { class: 'comment big', text: c.comment || 'No comment' }),
      h('p', { class: 'muted', text: [label(c.kind), ...c.categories.map(label), c.desired_resolution ? `wants: ${label(c.desired_resolution)}` : ''].filter(Boolean).join(' · ') }),
      contact,
      h('p', {}, h('span', { class: `status s-${c.status}`, id: 'case-status', text: statusText[c.status] || c.status }), ' ',
        ['new', 'contacted'].includes(c.status) ? h('span', { class: 'due', 'data-due': c.due_at }) : null,
        c.assigned_to ? h('span', { class: 'muted', text: ` · assigned to ${c.assigned_to}` }) : null)),
    actions,
    h('section', { class: 'card' }, h('h2', { text: 'History' }), history(c.history)));
  tick(target, now - Date.now());
}
