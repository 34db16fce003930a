// The hub's JSON API. The session is an HttpOnly cookie the browser sends by itself; every
// state-changing request also carries the session's CSRF token, which only this page can read.
let csrf = '';

export class ApiError extends Error {
  constructor(status, message, body = {}) {
    super(message);
    this.status = status;
    this.body = body;  // the whole JSON reply, for pages that word a refusal themselves
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = csrf;
  }
  const reply = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await reply.json().catch(() => ({}));
  if (!reply.ok) throw new ApiError(reply.status, data.error || `HTTP ${reply.status}`, data);
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);

export async function signIn(name, password) {
  const me = await post('/api/session', { name, password });
  csrf = me.csrf;
  return me;
}

export async function whoAmI() {
  const me = await get('/api/me');
  csrf = me.csrf;
  return me;
}

export async function signOut() {
  await post('/api/signout');
  csrf = '';
}
