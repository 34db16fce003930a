// Alerts: every delivery the hub made or is still trying (queued, sent, failing with its last
// error, expired, held for a person's quiet hours or limit, merged into a summary), a banner
// while a channel fails, "send a test" per channel, and the rules with each person's limits.
// Its words are its own catalogue in four languages (i18n.js).
import { get, post } from './api.js';
import { h, replace, when } from './dom.js';
import { register, t } from './i18n.js';

register({
  en: {
    'alerts.rule.offline': 'A kiosk offline, or with responses waiting too long: alert, and when it is back',
    'alerts.rule.offline_after': 'Offline after {min} minutes without news (hub.toml)',
    'alerts.rule.unsynced': 'Oldest unsent response, minutes at most',
    'alerts.rule.sla': 'A follow-up past its SLA: tell the site’s people',
    'alerts.rule.sla_due': 'Due {hours} h after it was left (hub.toml); escalated to: {names}',
    'alerts.rule.escalate': 'Then escalate after minutes',
    'alerts.rule.nobody': 'nobody',
    'alerts.people': 'Quiet hours and limits per person',
    'alerts.people.hint': 'In quiet hours e-mails wait and go as one summary when they end; beyond '
      + 'the limit an hour, the rest is merged into one summary.',
    'alerts.people.urgent': 'Urgent complaints reach people even in quiet hours and beyond their limit',
    'alerts.people.name': 'Person',
    'alerts.people.from': 'Quiet from',
    'alerts.people.to': 'until',
    'alerts.people.zone': 'Time zone',
    'alerts.people.max': 'Messages an hour at most (0: no limit)',
    'alerts.state.held': 'held',
    'alerts.state.merged': 'in a summary',
    'alerts.held_until': 'waits until {when}',
    'alerts.rule.bad_spell': 'A bad spell: alert, and again when it ends',
    'alerts.rule.percent': 'Unhappy (rated 1–2), % at least', 'alerts.rule.minutes': 'Within minutes',
    'alerts.rule.min_responses': 'With responses at least',
    'alerts.title': 'Alerts', 'alerts.scope': 'Deliveries, newest first: {count}',
    'alerts.failing': 'Channel {name} is failing since {since}: {error}. Alerts wait and are retried.',
    'alerts.channels': 'Channels', 'alerts.test': 'Send a test', 'alerts.test_queued': 'Test queued for {name}.',
    'alerts.works': 'works', 'alerts.fails': 'failing', 'alerts.unchecked': 'not used yet',
    'alerts.rules': 'Rules', 'alerts.rule.urgent': 'An urgent complaint: alert at once', 'alerts.save': 'Save',
    'alerts.saved': 'Rules saved.', 'alerts.rules_readonly': 'Only an admin changes the rules.',
    'alerts.none': 'No alerts yet.', 'alerts.state.queued': 'queued', 'alerts.state.sent': 'sent',
    'alerts.state.failing': 'failing', 'alerts.state.expired': 'expired',
    'alerts.col.state': 'State', 'alerts.col.what': 'What', 'alerts.col.channel': 'Channel',
    'alerts.col.when': 'Queued', 'alerts.col.detail': 'Detail',
    'alerts.sent_at': 'sent {when}', 'alerts.attempts': '{count} attempts', 'alerts.next': 'next try {when}',
    'alerts.expired_at': 'gave up {when}',
  },
  es: {
    'alerts.rule.offline': 'Un quiosco sin conexión, o con respuestas esperando demasiado: alertar, y cuando vuelva',
    'alerts.rule.offline_after': 'Sin conexión tras {min} minutos sin noticias (hub.toml)',
    'alerts.rule.unsynced': 'Respuesta sin enviar más antigua, minutos como máximo',
    'alerts.rule.sla': 'Un seguimiento fuera de plazo: avisar a la gente de la tienda',
    'alerts.rule.sla_due': 'Plazo de {hours} h desde que se dejó (hub.toml); se escala a: {names}',
    'alerts.rule.escalate': 'Después escalar tras minutos',
    'alerts.rule.nobody': 'nadie',
    'alerts.people': 'Horas de silencio y límites por persona',
    'alerts.people.hint': 'En horas de silencio los correos esperan y salen en un solo resumen al acabar; '
      + 'por encima del límite por hora, el resto se junta en un resumen.',
    'alerts.people.urgent': 'Las quejas urgentes llegan incluso en horas de silencio y por encima del límite',
    'alerts.people.name': 'Persona',
    'alerts.people.from': 'Silencio desde',
    'alerts.people.to': 'hasta',
    'alerts.people.zone': 'Zona horaria',
    'alerts.people.max': 'Como máximo por hora (0: sin límite)',
    'alerts.state.held': 'retenida',
    'alerts.state.merged': 'en un resumen',
    'alerts.held_until': 'espera hasta {when}',
    'alerts.rule.bad_spell': 'Una mala racha: alertar, y otra vez cuando acabe',
    'alerts.rule.percent': 'Descontentos (nota 1–2), % como mínimo', 'alerts.rule.minutes': 'En minutos',
    'alerts.rule.min_responses': 'Con respuestas como mínimo',
    'alerts.title': 'Alertas', 'alerts.scope': 'Envíos, primero los más recientes: {count}',
    'alerts.failing': 'El canal {name} falla desde {since}: {error}. Las alertas esperan y se reintentan.',
    'alerts.channels': 'Canales', 'alerts.test': 'Enviar una prueba', 'alerts.test_queued': 'Prueba en cola para {name}.',
    'alerts.works': 'funciona', 'alerts.fails': 'falla', 'alerts.unchecked': 'aún sin uso',
    'alerts.rules': 'Reglas', 'alerts.rule.urgent': 'Una queja urgente: alertar enseguida', 'alerts.save': 'Guardar',
    'alerts.saved': 'Reglas guardadas.', 'alerts.rules_readonly': 'Solo un administrador cambia las reglas.',
    'alerts.none': 'Todavía no hay alertas.', 'alerts.state.queued': 'en cola', 'alerts.state.sent': 'enviada',
    'alerts.state.failing': 'fallando', 'alerts.state.expired': 'caducada',
    'alerts.col.state': 'Estado', 'alerts.col.what': 'Qué', 'alerts.col.channel': 'Canal',
    'alerts.col.when': 'En cola', 'alerts.col.detail': 'Detalle',
    'alerts.sent_at': 'enviada {when}', 'alerts.attempts': '{count} intentos', 'alerts.next': 'próximo intento {when}',
    'alerts.expired_at': 'abandonada {when}',
  },
  fr: {
    'alerts.rule.offline': 'Une borne hors ligne, ou des réponses en attente trop longtemps : alerter, et à son retour',
    'alerts.rule.offline_after': 'Hors ligne après {min} minutes sans nouvelles (hub.toml)',
    'alerts.rule.unsynced': 'Réponse non envoyée la plus ancienne, minutes au plus',
    'alerts.rule.sla': 'Un suivi hors délai : prévenir les personnes du magasin',
    'alerts.rule.sla_due': 'Délai de {hours} h après le dépôt (hub.toml) ; escaladé à : {names}',
    'alerts.rule.escalate': 'Puis escalader après minutes',
    'alerts.rule.nobody': 'personne',
    'alerts.people': 'Heures calmes et limites par personne',
    'alerts.people.hint': 'Pendant les heures calmes, les e-mails attendent et partent en un seul résumé à la fin '
      + '; au-delà de la limite par heure, le reste est regroupé en un résumé.',
    'alerts.people.urgent': 'Les réclamations urgentes passent même pendant les heures calmes et au-delà de la limite',
    'alerts.people.name': 'Personne',
    'alerts.people.from': 'Calme de',
    'alerts.people.to': 'à',
    'alerts.people.zone': 'Fuseau horaire',
    'alerts.people.max': 'Au plus par heure (0 : sans limite)',
    'alerts.state.held': 'retenue',
    'alerts.state.merged': 'dans un résumé',
    'alerts.held_until': 'attend jusqu’à {when}',
    'alerts.rule.bad_spell': 'Une mauvaise passe : alerter, et encore quand elle finit',
    'alerts.rule.percent': 'Mécontents (note 1–2), % au moins', 'alerts.rule.minutes': 'En minutes',
    'alerts.rule.min_responses': 'Avec au moins réponses',
    'alerts.title': 'Alertes', 'alerts.scope': 'Envois, les plus récents d’abord : {count}',
    'alerts.failing': 'Le canal {name} échoue depuis {since} : {error}. Les alertes attendent et sont réessayées.',
    'alerts.channels': 'Canaux', 'alerts.test': 'Envoyer un test', 'alerts.test_queued': 'Test en file pour {name}.',
    'alerts.works': 'fonctionne', 'alerts.fails': 'en échec', 'alerts.unchecked': 'pas encore utilisé',
    'alerts.rules': 'Règles', 'alerts.rule.urgent': 'Une réclamation urgente : alerter aussitôt',
    'alerts.save': 'Enregistrer', 'alerts.saved': 'Règles enregistrées.',
    'alerts.rules_readonly': 'Seul un administrateur modifie les règles.',
    'alerts.none': 'Pas encore d’alerte.', 'alerts.state.queued': 'en file', 'alerts.state.sent': 'envoyée',
    'alerts.state.failing': 'en échec', 'alerts.state.expired': 'expirée',
    'alerts.col.state': 'État', 'alerts.col.what': 'Quoi', 'alerts.col.channel': 'Canal',
    'alerts.col.when': 'En file', 'alerts.col.detail': 'Détail',
    'alerts.sent_at': 'envoyée {when}', 'alerts.attempts': '{count} tentatives',
    'alerts.next': 'prochain essai {when}', 'alerts.expired_at': 'abandonnée {when}',
  },
  de: {
    'alerts.rule.offline': 'Ein Kiosk offline oder mit zu lange wartenden '
      + 'Antworten: alarmieren, und wenn er zurück ist',
    'alerts.rule.offline_after': 'Offline nach {min} Minuten ohne Nachricht (hub.toml)',
    'alerts.rule.unsynced': 'Älteste nicht gesendete Antwort, höchstens Minuten',
    'alerts.rule.sla': 'Eine Nachverfolgung über der Frist: die Leute des Standorts informieren',
    'alerts.rule.sla_due': 'Frist {hours} h nach Abgabe (hub.toml); eskaliert an: {names}',
    'alerts.rule.escalate': 'Dann eskalieren nach Minuten',
    'alerts.rule.nobody': 'niemanden',
    'alerts.people': 'Ruhezeiten und Grenzen pro Person',
    'alerts.people.hint': 'In Ruhezeiten warten E-Mails und gehen am Ende als eine Zusammenfassung; '
      + 'über der Stundengrenze wird der Rest zu einer Zusammenfassung.',
    'alerts.people.urgent': 'Dringende Beschwerden kommen auch in Ruhezeiten und über der Grenze an',
    'alerts.people.name': 'Person',
    'alerts.people.from': 'Ruhe von',
    'alerts.people.to': 'bis',
    'alerts.people.zone': 'Zeitzone',
    'alerts.people.max': 'Höchstens pro Stunde (0: keine Grenze)',
    'alerts.state.held': 'zurückgehalten',
    'alerts.state.merged': 'in einer Zusammenfassung',
    'alerts.held_until': 'wartet bis {when}',
    'alerts.rule.bad_spell': 'Eine schlechte Phase: alarmieren, und wieder, wenn sie endet',
    'alerts.rule.percent': 'Unzufrieden (Note 1–2), mindestens %', 'alerts.rule.minutes': 'Innerhalb Minuten',
    'alerts.rule.min_responses': 'Mit mindestens Antworten',
    'alerts.title': 'Alarme', 'alerts.scope': 'Zustellungen, neueste zuerst: {count}',
    'alerts.failing': 'Kanal {name} schlägt seit {since} fehl: {error}. Alarme warten und werden wiederholt.',
    'alerts.channels': 'Kanäle', 'alerts.test': 'Test senden', 'alerts.test_queued': 'Test für {name} eingereiht.',
    'alerts.works': 'funktioniert', 'alerts.fails': 'fehlerhaft', 'alerts.unchecked': 'noch nicht benutzt',
    'alerts.rules': 'Regeln', 'alerts.rule.urgent': 'Dringende Beschwerde: sofort alarmieren',
    'alerts.save': 'Speichern', 'alerts.saved': 'Regeln gespeichert.',
    'alerts.rules_readonly': 'Nur ein Admin ändert die Regeln.',
    'alerts.none': 'Noch keine Alarme.', 'alerts.state.queued': 'eingereiht', 'alerts.state.sent': 'gesendet',
    'alerts.state.failing': 'fehlerhaft', 'alerts.state.expired': 'abgelaufen',
    'alerts.col.state': 'Status', 'alerts.col.what': 'Was', 'alerts.col.channel': 'Kanal',
    'alerts.col.when': 'Eingereiht', 'alerts.col.detail': 'Details',
    'alerts.sent_at': 'gesendet {when}', 'alerts.attempts': '{count} Versuche', 'alerts.next': 'nächster Versuch {when}',
    'alerts.expired_at': 'aufgegeben {when}',
  },
});

function banners(channels) {
  return channels.filter((c) => c.failing).map((c) => h('p', {
    class: 'error card banner', role: 'alert',
    text: t('alerts.failing', { name: c.name, since: when(c.since), error: c.last_error }),
  }));
}

function channelList(channels, mayTest, note) {
  return h('section', { class: 'card' }, h('h2', { text: t('alerts.channels') }),
    h('ul', { class: 'channels' }, channels.map((c) => h('li', {},
      h('strong', { text: c.name }), ' ',
      h('span', { class: `status ${c.failing ? 's-failing' : 's-sent'}`, text: t(c.failing ? 'alerts.fails' : 'alerts.works') }),
      mayTest ? h('button', {
        type: 'button', class: 'quiet', text: t('alerts.test'),
        onclick: async () => {
          await post('/api/alerts/test', { channel: c.name });
          note.textContent = t('alerts.test_queued', { name: c.name });
        },
      }) : null))),
    note);
}

function number(id, value, min, max, mayEdit) {
  return h('input', { type: 'number', id, min, max, value: String(value), disabled: !mayEdit, required: true });
}

function box(id, on, mayEdit) {
  const input = h('input', { type: 'checkbox', id, disabled: !mayEdit });
  input.checked = on;
  return input;
}

const field = (input, key) => h('label', { class: 'rule-number', for: input.id }, t(key), ' ', input);

// One row per person: quiet hours as two local times (both empty: none) and the hourly limit.
function personRows(people, mayEdit) {
  return people.map((p) => {
    const [from, to] = p.quiet_hours ? p.quiet_hours.split('-') : ['', ''];
    const slug = p.name.replace(/[^A-Za-z0-9]/g, '-');
    const inputs = {
      from: h('input', { type: 'time', id: `quiet-from-${slug}`, value: from, disabled: !mayEdit }),
      to: h('input', { type: 'time', id: `quiet-to-${slug}`, value: to, disabled: !mayEdit }),
      max: number(`max-${slug}`, p.max_per_hour, 0, 1000, mayEdit),
    };
    // A block per person that wraps in a narrow card: name and zone, then the three fields.
    const row = h('div', { class: 'person-limit' },
      h('p', {}, h('strong', { text: p.name }), ' ', h('span', { class: 'muted', text: p.time_zone })),
      h('div', { class: 'rule-numbers' }, field(inputs.from, 'alerts.people.from'),
        field(inputs.to, 'alerts.people.to'), field(inputs.max, 'alerts.people.max')));
    const value = () => ({
      name: p.name,
      quiet_hours: inputs.from.value && inputs.to.value && inputs.from.value !== inputs.to.value
        ? `${inputs.from.value}-${inputs.to.value}` : '',
      max_per_hour: Number(inputs.max.value),
    });
    return { row, value };
  });
}

function peopleSection(rules, mayEdit) {
  const urgent = box('rule-urgent-breaks', rules.urgent_breaks_quiet_hours, mayEdit);
  const rows = personRows(rules.people || [], mayEdit);
  const section = h('fieldset', { class: 'people-limits' }, h('legend', { text: t('alerts.people') }),
    h('p', { class: 'muted', text: t('alerts.people.hint') }),
    h('label', { for: urgent.id }, urgent, ' ', t('alerts.people.urgent')),
    rows.map((r) => r.row));
  return { section, value: () => ({ urgent_breaks_quiet_hours: urgent.checked, people: rows.map((r) => r.value()) }) };
}

function ruleForm(rules, mayEdit) {
  const urgent = box('rule-urgent', rules.urgent, mayEdit);
  const spell = box('rule-bad-spell', rules.bad_spell, mayEdit);
  const percent = number('rule-percent', rules.bad_spell_percent, 1, 100, mayEdit);
  const minutes = number('rule-minutes', rules.bad_spell_minutes, 1, 1440, mayEdit);
  const least = number('rule-min-responses', rules.bad_spell_min_responses, 1, 10000, mayEdit);
  const offline = box('rule-offline', rules.kiosk_offline, mayEdit);
  const unsynced = number('rule-unsynced', rules.kiosk_unsynced_limit_min, 1, 43200, mayEdit);
  const sla = box('rule-sla', rules.sla, mayEdit);
  const escalate = number('rule-escalate', rules.sla_escalate_after_min, 0, 43200, mayEdit);
  const people = peopleSection(rules, mayEdit);
  const done = h('p', { class: 'muted', role: 'status', text: mayEdit ? '' : t('alerts.rules_readonly') });
  const names = (rules.sla_escalate_to || []).join(', ') || t('alerts.rule.nobody');
  return h('form', {
    class: 'card rules',
    onsubmit: async (event) => {
      event.preventDefault();
      await post('/api/alerts/rules', {
        urgent: urgent.checked, bad_spell: spell.checked, bad_spell_percent: Number(percent.value),
        bad_spell_minutes: Number(minutes.value), bad_spell_min_responses: Number(least.value),
        kiosk_offline: offline.checked, kiosk_unsynced_limit_min: Number(unsynced.value),
        sla: sla.checked, sla_escalate_after_min: Number(escalate.value), ...people.value(),
      });
      done.textContent = t('alerts.saved');
    },
  }, h('h2', { text: t('alerts.rules') }),
  h('label', { for: urgent.id }, urgent, ' ', t('alerts.rule.urgent')),
  h('label', { for: spell.id }, spell, ' ', t('alerts.rule.bad_spell')),
  h('div', { class: 'rule-numbers' }, field(percent, 'alerts.rule.percent'), field(minutes, 'alerts.rule.minutes'),
    field(least, 'alerts.rule.min_responses')),
  h('label', { for: offline.id }, offline, ' ', t('alerts.rule.offline')),
  h('div', { class: 'rule-numbers' },
    h('p', { class: 'muted', text: t('alerts.rule.offline_after', { min: rules.kiosk_offline_after_min }) }),
    field(unsynced, 'alerts.rule.unsynced')),
  h('label', { for: sla.id }, sla, ' ', t('alerts.rule.sla')),
  h('div', { class: 'rule-numbers' },
    h('p', { class: 'muted', text: t('alerts.rule.sla_due', { hours: rules.sla_hours, names }) }),
    field(escalate, 'alerts.rule.escalate')),
  people.section,
  mayEdit ? h('button', { type: 'submit', text: t('alerts.save') }) : null, done);
}

function detail(d) {
  if (d.state === 'sent') return t('alerts.sent_at', { when: when(d.sent_at) });
  if (d.state === 'held') return t('alerts.held_until', { when: when(d.next_at) });
  if (d.state === 'expired') return `${t('alerts.expired_at', { when: when(d.expires_at) })} · ${d.last_error}`;
  if (d.state === 'failing') {
    return `${d.last_error} · ${t('alerts.attempts', { count: d.attempts })} · ${t('alerts.next', { when: when(d.next_at) })}`;
  }
  return '';
}

function deliveryTable(deliveries) {
  if (!deliveries.length) return h('p', { class: 'card', text: t('alerts.none') });
  const label = (k) => t(`alerts.col.${k}`);
  const head = ['state', 'what', 'channel', 'when', 'detail'].map((k) => h('th', { scope: 'col', text: label(k) }));
  // On a phone (table.stack) each delivery is a row: what it says on top, then its state,
  // channel and time labelled, then the detail.
  return h('table', { class: 'card deliveries stack' }, h('thead', {}, h('tr', {}, head)),
    h('tbody', {}, deliveries.map((d) => h('tr', { class: `d-${d.state}` },
      h('td', {}, h('span', { class: `status s-${d.state}`, text: t(`alerts.state.${d.state}`) })),
      h('th', { scope: 'row', text: d.subject }),
      h('td', { 'data-label': label('channel'), text: d.channel }),
      h('td', { 'data-label': label('when'), text: when(d.created_at) }),
      h('td', { class: `detail ${d.state === 'failing' ? 'error' : 'muted'}`, text: detail(d) })))));
}

export async function showAlerts(target) {
  const data = await get('/api/alerts');
  const note = h('p', { class: 'muted', role: 'status' });
  replace(target,
    h('div', { class: 'heading' }, h('h1', { text: t('alerts.title') }),
      h('span', { class: 'scope', text: t('alerts.scope', { count: data.deliveries.length }) })),
    banners(data.channels),
    h('div', { class: 'alerts-top' }, channelList(data.channels, data.may_test, note), ruleForm(data.rules, data.may_edit)),
    deliveryTable(data.deliveries));
}
