// The console: sign-in, then one view chosen by the URL's #fragment, in the language the
// person picked (remembered in this browser), else their browser's.
import { ApiError, signIn, signOut, whoAmI } from './api.js';
import { replace, h } from './dom.js';
import { register, t, languages, language, setLanguage } from './i18n.js';
import './labels.js';
import { showOverview } from './overview.js';
import { showInbox, showCase } from './inbox.js';
import { showResponses } from './responses.js';
import { showInsights } from './insights.js';
import { showAdmin } from './admin.js';
import { showAlerts } from './alerts.js';

register({
  en: {
    'signin.wrong': 'Wrong name or password.', 'signin.limited': 'Too many failed sign-ins; try again later.',
    'nav.overview': 'Overview', 'nav.inbox': 'Follow-ups', 'nav.responses': 'Responses', 'nav.insights': 'Insights', 'nav.alerts': 'Alerts',
    'nav.admin': 'People & sites', sections: 'Sections', language: 'Language', signout: 'Sign out',
    'signin.title': 'Heard head office', 'signin.name': 'Name', 'signin.password': 'Password',
    'signin.button': 'Sign in',
    'signin.ended': 'Your session has ended; please sign in again.', title: 'Heard · head office',
    'role.admin': 'admin', 'role.manager': 'manager', 'role.viewer': 'viewer',
  },
  es: {
    'signin.wrong': 'Nombre o contraseña incorrectos.',
    'signin.limited': 'Demasiados intentos fallidos; inténtelo más tarde.',
    'nav.overview': 'Resumen', 'nav.inbox': 'Seguimientos', 'nav.responses': 'Respuestas', 'nav.insights': 'Análisis', 'nav.alerts': 'Alertas',
    'nav.admin': 'Personas y tiendas', sections: 'Secciones', language: 'Idioma', signout: 'Salir',
    'signin.title': 'Heard · oficina central', 'signin.name': 'Nombre', 'signin.password': 'Contraseña',
    'signin.button': 'Entrar',
    'signin.ended': 'La sesión ha terminado; vuelva a entrar.', title: 'Heard · oficina central',
    'role.admin': 'administración', 'role.manager': 'responsable', 'role.viewer': 'consulta',
  },
  fr: {
    'signin.wrong': 'Nom ou mot de passe incorrect.',
    'signin.limited': 'Trop d’échecs de connexion ; réessayez plus tard.',
    'nav.overview': 'Vue d’ensemble', 'nav.inbox': 'Suivis', 'nav.responses': 'Réponses', 'nav.insights': 'Analyses', 'nav.alerts': 'Alertes',
    'nav.admin': 'Personnes et magasins', sections: 'Rubriques', language: 'Langue', signout: 'Se déconnecter',
    'signin.title': 'Heard · siège', 'signin.name': 'Nom', 'signin.password': 'Mot de passe',
    'signin.button': 'Se connecter',
    'signin.ended': 'Votre session a pris fin ; veuillez vous reconnecter.', title: 'Heard · siège',
    'role.admin': 'administration', 'role.manager': 'responsable', 'role.viewer': 'lecture',
  },
  de: {
    'signin.wrong': 'Name oder Passwort falsch.',
    'signin.limited': 'Zu viele Fehlversuche; bitte später erneut versuchen.',
    'nav.overview': 'Übersicht', 'nav.inbox': 'Nachverfolgung', 'nav.responses': 'Antworten',
    'nav.insights': 'Auswertung', 'nav.alerts': 'Warnungen',
    'nav.admin': 'Personen & Filialen', sections: 'Bereiche', language: 'Sprache', signout: 'Abmelden',
    'signin.title': 'Heard · Zentrale', 'signin.name': 'Name', 'signin.password': 'Passwort',
    'signin.button': 'Anmelden',
    'signin.ended': 'Ihre Sitzung ist abgelaufen; bitte melden Sie sich erneut an.', title: 'Heard · Zentrale',
    'role.admin': 'Verwaltung', 'role.manager': 'Leitung', 'role.viewer': 'nur lesen',
  },
});

const languageNames = { en: 'English', es: 'Español', fr: 'Français', de: 'Deutsch' };
const $ = (id) => document.getElementById(id);
let me = null;

// The page's fixed words (index.html marks them data-t) in the chosen language.
function translatePage() {
  document.documentElement.lang = language();
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('sections').setAttribute('aria-label', t('sections'));
  for (const id of ['language', 'signin-language']) {
    const select = $(id);
    replace(select, languages.map((l) => h('option', { value: l, lang: l, selected: l === language(), text: languageNames[l] })));
  }
  if (me) $('who').textContent = `${me.name} · ${t(`role.${me.role}`)}`;
}

function signedIn(person) {
  me = person;
  $('signin').hidden = true;
  $('bar').hidden = false;
  document.querySelector('nav a[data-view=admin]').hidden = person.role !== 'admin';
  translatePage();
  route();
}

function signedOut(message = '') {
  me = null;
  $('bar').hidden = true;
  replace($('view'));
  $('signin').hidden = false;
  $('signin-error').textContent = message;
  $('name').focus();
}

async function route() {
  if (!me) return;
  const [view, id] = location.hash.slice(1).split('/');
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.view === (view === 'case' ? 'inbox' : view || 'overview')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const target = $('view');
  try {
    if (view === 'inbox') await showInbox(target, me);
    else if (view === 'case' && id) await showCase(target, me, id);
    else if (view === 'responses') await showResponses(target, me);
    else if (view === 'insights') await showInsights(target, me);
    else if (view === 'admin' && me.role === 'admin') await showAdmin(target, me);
    else if (view === 'alerts') await showAlerts(target, me);
    else await showOverview(target, me);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signedOut(t('signin.ended'));
    else replace(target, h('p', { class: 'error card', role: 'alert', text: e.message }));
  }
}

function pickLanguage(event) {
  setLanguage(event.target.value);
  translatePage();
  route();
  event.target.focus();
}

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  $('signin-error').textContent = '';
  try {
    const person = await signIn(form.name.value, form.password.value);
    form.password.value = '';
    signedIn(person);
  } catch (e) {
    const known = { 401: 'signin.wrong', 429: 'signin.limited' }[e.status];
    $('signin-error').textContent = known ? t(known) : e.message;
  }
});

$('signout').addEventListener('click', async () => {
  await signOut().catch(() => {});
  signedOut();
});
$('language').addEventListener('change', pickLanguage);
$('signin-language').addEventListener('change', pickLanguage);

window.addEventListener('hashchange', route);
translatePage();
whoAmI().then(signedIn, () => signedOut());
