// The console: sign-in, then one of three views chosen by the URL's #fragment.
import { ApiError, signIn, signOut, whoAmI } from './api.js';
import { replace, h } from './dom.js';
import { showOverview } from './overview.js';
import { showInbox, showCase } from './inbox.js';
import { showResponses } from './responses.js';
import { showFleet } from './fleet.js';

const $ = (id) => document.getElementById(id);
let me = null;

function signedIn(person) {
  me = person;
  $('signin').hidden = true;
  $('bar').hidden = false;
  $('who').textContent = `${person.name} · ${person.role}`;
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
    else if (view === 'fleet') await showFleet(target, me);
    else await showOverview(target, me);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signedOut('Your session has ended; please sign in again.');
    else replace(target, h('p', { class: 'error card', role: 'alert', text: e.message }));
  }
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
    $('signin-error').textContent = e.message;
  }
});

$('signout').addEventListener('click', async () => {
  await signOut().catch(() => {});
  signedOut();
});

window.addEventListener('hashchange', route);
whoAmI().then(signedIn, () => signedOut());
