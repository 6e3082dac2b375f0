// Tandem's web console: read views over /api/v1 with the signed-in client's HTTP Basic credentials,
// kept in sessionStorage (this tab only). Heketi's own view of a pool (ids, states, capacity) is read
// through the Heketi-compatible API with a Heketi-style JWT signed in the browser (Web Crypto: HTTPS
// or localhost). The server decides every permission; the page only hides what the caller may not do.

const $ = (id) => document.getElementById(id);
const store = window.sessionStorage;
let current = null; // the view's AbortController: a new view stops the previous one's fetches and log stream

/** An element with attributes (class, data-*, ...), properties prefixed with '.', and children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('.')) el[key.slice(1)] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function credentials() {
  const role = store.getItem('tandem.role');
  return { name: store.getItem('tandem.client'), secret: store.getItem('tandem.secret'), role, admin: role === 'admin' };
}

function basic(name, secret) {
  return 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(name + ':' + secret)));
}

/** A call of Tandem's API: {status, body} with body parsed from JSON (problem details included). */
async function api(path, { method = 'GET', body, name, secret, signal = current?.signal } = {}) {
  const c = name ? { name, secret } : credentials();
  const headers = { Authorization: basic(c.name, c.secret), Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal, cache: 'no-store' });
  const text = await response.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* plain text stays text */ }
  return { status: response.status, body: parsed };
}

/** The body of a 2xx answer, or an Error carrying the problem's detail. */
async function read(path, options) {
  const answer = await api(path, options);
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  if (answer.status === 401) signOut('Signed out: ' + detail(answer));
  throw new Error(path + ': ' + detail(answer));
}

function detail(answer) {
  return answer.body && answer.body.detail ? answer.body.detail : 'HTTP ' + answer.status + ' ' + (answer.body ?? '');
}

// ---- Heketi's view, through the Heketi-compatible API ----

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function heketiToken(method, path) {
  const { name, secret } = credentials();
  const enc = new TextEncoder();
  const now = Math.floor(Date.now() / 1000);
  const qsh = hex(await crypto.subtle.digest('SHA-256', enc.encode(method + '&' + path)));
  const unsigned = b64url(enc.encode('{"alg":"HS256","typ":"JWT"}')) + '.'
    + b64url(enc.encode(JSON.stringify({ exp: now + 300, iat: now, iss: name, qsh })));
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return unsigned + '.' + b64url(await crypto.subtle.sign('HMAC', key, enc.encode(unsigned)));
}

async function heketiGet(path) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + await heketiToken('GET', path) },
    signal: current?.signal, cache: 'no-store' });
  if (!response.ok) throw new Error('Heketi ' + path + ': ' + (await response.text()).trim());
  return response.json();
}

/** A pool as Heketi holds it: {cluster, nodes by manage hostname (the container IP)}, or {error}. */
async function heketiPool(pool) {
  if (!window.crypto?.subtle) return { error: 'Heketi details need HTTPS or localhost (Web Crypto signs the token)' };
  try {
    const cluster = await heketiGet('/clusters/' + encodeURIComponent(pool));
    const nodes = {};
    for (const id of cluster.nodes ?? []) {
      const node = await heketiGet('/nodes/' + encodeURIComponent(id));
      for (const ip of node.hostnames?.manage ?? []) nodes[ip] = node;
    }
    return { cluster, nodes };
  } catch (e) {
    return { error: e.message };
  }
}

const gib = (kib) => (kib / 1024 / 1024).toFixed(1) + ' GiB';
const bytes = (n) => (n === undefined || n === null ? '—' : (n / 1024 ** 3).toFixed(1) + ' GiB');
/** A wide table in a box of its own that scrolls sideways, so the page never does. */
const scroll = (table) => h('div', { class: 'scroll' }, table);
const dl = (pairs) => h('dl', {}, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));

// ---- views ----

const views = {
  async platform(body) {
    const spec = await read('/api/v1/platform');
    const heketi = await Promise.all(spec.pools.map((p) => heketiPool(p.name)));
    const owner = new Map();
    spec.pools.forEach((p, i) => p.devices.forEach((d) => owner.set(d.host + ' ' + d.device, i)));
    const head = h('tr', {}, h('th', { scope: 'col' }, 'Host'),
      spec.pools.map((p, i) => h('th', { scope: 'col', class: 'pool-' + (i % 6) }, p.name)),
      h('th', { scope: 'col' }, 'Not in a pool'));
    const rows = spec.hosts.map((host) => h('tr', { 'data-host': host.name },
      h('th', { scope: 'row' }, host.name, h('br'), h('small', {}, host.address)),
      spec.pools.map((pool, i) => {
        const member = pool.members.find((m) => m.host === host.name);
        const node = member && heketi[i].nodes?.[member.ip];
        const devices = host.devices.filter((d) => owner.get(host.name + ' ' + d.path) === i);
        return h('td', { 'data-pool': pool.name },
          member ? h('p', { class: 'member' }, h('strong', {}, member.container), ' ', member.ip, ' ',
            h('span', { class: 'tag' }, node ? 'Heketi node ' + node.state : 'not in Heketi')) : h('p', {}, 'no member'),
          deviceList(devices, 'pool-' + (i % 6), node));
      }),
      h('td', { 'data-pool': '' }, deviceList(host.devices.filter((d) => !owner.has(host.name + ' ' + d.path)), 'unassigned'))));
    const notes = heketi.map((x, i) => x.error && h('li', {}, spec.pools[i].name + ': ' + x.error)).filter(Boolean);
    body.append(
      scroll(h('table', { class: 'grid' }, h('caption', {}, 'Hosts × pools: each pool\'s container and devices'),
        h('thead', {}, head), h('tbody', {}, rows))),
      h('p', { class: 'legend' }, h('span', { class: 'tag free' }, 'free'), ' not in a pool and ready; ',
        h('span', { class: 'tag signature' }, 'signature'), ' data found on it: not assigned until wiped. Open a device for its details.'),
      notes.length ? h('ul', { class: 'notes' }, notes) : '');
  },

  async pools(body) {
    const spec = await read('/api/v1/platform');
    const vlans = new Map();
    spec.hosts.forEach((host) => host.interfaces.forEach((i) => i.vlanId && vlans.set(i.name, i.vlanId)));
    for (const pool of spec.pools) {
      const [heketi, volumes] = await Promise.all([heketiPool(pool.name), read('/api/v1/pools/' + encodeURIComponent(pool.name) + '/volumes')]);
      const storage = Object.values(heketi.nodes ?? {}).flatMap((n) => n.devices ?? [])
        .reduce((sum, d) => ({ total: sum.total + (d.storage?.total ?? 0), used: sum.used + (d.storage?.used ?? 0), free: sum.free + (d.storage?.free ?? 0) }), { total: 0, used: 0, free: 0 });
      body.append(h('section', { class: 'pool', 'data-pool': pool.name, 'aria-labelledby': 'pool-' + pool.name },
        h('h3', { id: 'pool-' + pool.name }, pool.name),
        dl([['Purpose', pool.purpose], ['Subnet', pool.subnet + (pool.gateway ? ' via ' + pool.gateway : '')],
          ['Host interface', pool.interface + (vlans.has(pool.interface) ? ' (VLAN ' + vlans.get(pool.interface) + ')' : ' (untagged)')],
          ['Docker network', pool.dockerNetwork], ['Durability', pool.durability],
          ['Heketi cluster', heketi.cluster?.id ?? heketi.error]]),
        storage.total > 0
          ? h('p', {}, h('label', {}, 'Capacity ', h('meter', { min: 0, max: storage.total, value: storage.used, high: storage.total * 0.8 }),
            ' ' + gib(storage.used) + ' used of ' + gib(storage.total) + ', ' + gib(storage.free) + ' free'))
          : h('p', {}, 'Capacity: no answer from Heketi yet'),
        volumes.length
          ? scroll(h('table', {}, h('caption', {}, 'Volumes'), h('thead', {}, h('tr', {}, ['Name', 'Size', 'Durability', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, volumes.map((v) => h('tr', {}, h('td', {}, v.name), h('td', {}, v.sizeGiB + ' GiB'), h('td', {}, v.durability), h('td', {}, v.state ?? '—'))))))
          : h('p', {}, 'No volumes.')));
    }
    const drift = await api('/api/v1/drift');
    if (drift.status === 200) body.append(h('section', { 'aria-labelledby': 'drift' }, h('h3', { id: 'drift' }, 'Drift'), h('pre', {}, JSON.stringify(drift.body, null, 2))));
  },

  async jobs(body) {
    const jobs = await read('/api/v1/jobs');
    const done = (s) => !['pending', 'running'].includes(s.state);
    body.append(jobs.length ? scroll(h('table', { class: 'jobs' }, h('caption', {}, 'Latest jobs'),
      h('thead', {}, h('tr', {}, ['Job', 'Type', 'State', 'Steps done', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, jobs.map((j) => h('tr', { 'data-job': j.id }, h('td', {}, h('a', { href: '#/jobs/' + j.id }, j.id)), h('td', {}, j.type),
        h('td', {}, h('span', { class: 'state ' + j.state }, j.state)),
        h('td', {}, h('label', {}, h('progress', { max: j.steps.length, value: j.steps.filter(done).length }), ' ' + j.steps.filter(done).length + ' / ' + j.steps.length)),
        h('td', {}, new Date(j.createdAt).toLocaleString()))))))
      : h('p', {}, 'No jobs yet.'));
  },

  async job(body, id) {
    const path = '/api/v1/jobs/' + encodeURIComponent(id);
    const summary = h('div', {});
    const log = h('pre', { id: 'job-log', class: 'log', tabindex: 0, 'aria-label': 'Job log' });
    body.append(h('div', { class: 'job' }, summary, h('div', {}, h('h3', {}, 'Log'), log)));
    const show = async () => {
      const job = await read(path);
      summary.replaceChildren(dl([['Job', job.id], ['Type', job.type], ['State', h('span', { class: 'state ' + job.state, id: 'job-state' }, job.state)], ['Message', job.message]]),
        scroll(h('table', {}, h('caption', {}, 'Steps'), h('thead', {}, h('tr', {}, ['#', 'Host', 'Step', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, job.steps.map((s) => h('tr', {}, h('td', {}, s.seq), h('td', {}, s.host ?? '—'), h('td', {}, s.step), h('td', {}, h('span', { class: 'state ' + s.state }, s.state))))))));
    };
    await show();
    const { name, secret } = credentials();
    const response = await fetch(path + '/log', { headers: { Authorization: basic(name, secret) }, signal: current.signal });
    if (!response.ok) throw new Error(path + '/log: HTTP ' + response.status);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let lastShown = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      log.append(decoder.decode(value, { stream: true }));
      if (Date.now() - lastShown > 500) { lastShown = Date.now(); await show(); }
    }
    await show();
  },

  async plan(body) {
    const spec = await read('/api/v1/platform');
    const { role, admin } = credentials();
    if (role !== 'admin' && role !== 'operator') {
      body.append(h('p', {}, 'Plans are for operators and admins.'));
      return;
    }
    const checks = (legend, name, items) => h('fieldset', {}, h('legend', {}, legend),
      items.map((item) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: item }), ' ' + item)));
    const form = h('form', { id: 'plan-form' },
      h('label', {}, 'Job type ', h('select', { name: 'type', id: 'plan-type' },
        ['provision-platform', 'prepare-hosts', 'deploy-pool', 'deploy-heketi', 'discover-devices'].map((t) => h('option', { value: t }, t)))),
      checks('Pools (none: all)', 'pools', spec.pools.map((p) => p.name)),
      checks('Hosts (none: all)', 'hosts', spec.hosts.map((x) => x.name)),
      h('button', { type: 'submit', id: 'plan-show' }, 'Show the plan'));
    const out = h('div', { id: 'plan' });
    body.append(form, out);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const request = { type: data.get('type'), pools: data.getAll('pools'), hosts: data.getAll('hosts') };
      out.replaceChildren(h('p', {}, 'Planning…'));
      const answer = await api('/api/v1/jobs?dryRun=true', { method: 'POST', body: request });
      if (answer.status !== 200) { out.replaceChildren(h('p', { class: 'error', role: 'alert' }, detail(answer))); return; }
      const start = admin ? h('button', { type: 'button', id: 'plan-start' }, 'Start this job') : null;
      start?.addEventListener('click', () => confirmThen('Start ' + request.type + ' for real: ' + answer.body.steps.length + ' steps on the hosts?', async () => {
        const started = await api('/api/v1/jobs', { method: 'POST', body: request });
        if (started.status === 202) location.hash = '#/jobs/' + started.body.id;
        else out.prepend(h('p', { class: 'error', role: 'alert' }, detail(started)));
      }));
      out.replaceChildren(h('h3', {}, 'Plan: ' + answer.body.type + ', ' + answer.body.steps.length + ' steps'),
        h('ol', { class: 'plan' }, answer.body.steps.map((s) => h('li', { 'data-step': s.step },
          h('strong', {}, (s.host ? s.host + ': ' : '') + s.step),
          h('ol', { class: 'commands' }, (s.entries ?? []).map((e) => h('li', {}, h('span', { class: 'tag' }, e.kind), ' ', h('code', {}, e.text))))))),
        start);
    });
  },

  async audit(body) {
    if (!credentials().admin) {
      body.append(h('p', {}, 'The audit log is for admins.'));
      return;
    }
    const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
    const spec = await read('/api/v1/platform');
    const form = h('form', { id: 'audit-form', class: 'inline' },
      h('label', {}, 'Actor ', h('input', { name: 'actor', '.value': params.get('actor') ?? '' })),
      h('label', {}, 'Pool ', h('select', { name: 'pool' }, h('option', { value: '' }, 'any'),
        spec.pools.map((p) => h('option', { value: p.name, selected: params.get('pool') === p.name }, p.name)))),
      h('button', { type: 'submit' }, 'Filter'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
      location.hash = '#/audit?' + query;
    });
    params.set('limit', '100');
    const events = await read('/api/v1/audit?' + params);
    body.append(form, scroll(h('table', { class: 'audit' }, h('caption', {}, 'Latest events'),
      h('thead', {}, h('tr', {}, ['When', 'Actor', 'API', 'Request', 'Pool', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, events.map((e) => h('tr', {}, h('td', {}, new Date(e.at).toLocaleString()), h('td', {}, e.actor), h('td', {}, e.api),
        h('td', {}, h('code', {}, e.method + ' ' + e.path)), h('td', {}, e.pool ?? '—'), h('td', {}, e.status)))))));
  },
};

function deviceList(devices, colour, node) {
  return h('ul', { class: 'devices' }, devices.map((d) => {
    const heketi = node?.devices?.find((x) => x.name === d.path);
    const free = colour === 'unassigned' && d.state === 'free' && !d.signature;
    return h('li', {}, h('details', { class: 'device ' + colour, 'data-device': d.path },
      h('summary', {}, d.path.replace('/dev/', ''), free ? h('span', { class: 'tag free' }, 'free') : '',
        d.signature ? h('span', { class: 'tag signature' }, 'signature') : ''),
      dl([['Path', d.path], ['Stable id', d.stableId], ['Size', bytes(d.sizeBytes)], ['State', d.state], ['Signature', d.signature],
        ['Heketi device', heketi?.id], ['Heketi state', heketi?.state]])));
  }));
}

function confirmThen(text, action) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  dialog.returnValue = '';
  dialog.addEventListener('close', () => { if (dialog.returnValue === 'ok') action(); }, { once: true });
  dialog.showModal();
}

// ---- navigation and sign-in ----

const titles = { platform: 'Platform', pools: 'Pools', jobs: 'Jobs', job: 'Job', plan: 'Plan a job', audit: 'Audit' };

async function route() {
  if (!credentials().name) return showSignIn();
  current?.abort();
  current = new AbortController();
  const [name, arg] = location.hash.replace(/^#\//, '').split('?')[0].split('/');
  const view = arg && name === 'jobs' ? 'job' : (views[name] ? name : 'platform');
  $('view-title').textContent = titles[view] + (arg ? ' ' + arg : '');
  $('view-error').textContent = '';
  const body = h('div', { id: 'view-body', 'data-view': view, 'aria-busy': 'true' });
  $('view-body').replaceWith(body);
  document.querySelectorAll('nav a').forEach((a) => a.toggleAttribute('aria-current', a.hash === '#/' + (view === 'job' ? 'jobs' : view)));
  try {
    await views[view](body, arg && decodeURIComponent(arg));
  } catch (e) {
    if (e.name !== 'AbortError') $('view-error').textContent = e.message;
  } finally {
    body.removeAttribute('aria-busy');
  }
}

function showSignIn() {
  $('sign-in').hidden = false;
  $('view').hidden = $('nav').hidden = $('who').hidden = true;
  $('client').focus();
}

function signOut(message) {
  current?.abort();
  store.clear();
  showSignIn();
  $('sign-in-error').textContent = message ?? '';
}

async function signIn(event) {
  event.preventDefault();
  const name = $('client').value.trim();
  const secret = $('secret').value;
  $('sign-in-error').textContent = '';
  const answer = await api('/api/v1/platform', { name, secret, signal: null });
  if (answer.status !== 200) {
    $('sign-in-error').textContent = answer.status === 403
      ? 'Client ' + name + ' may not read the platform (pool clients use the API only).' : detail(answer);
    return;
  }
  const me = await api('/api/v1/whoami', { name, secret, signal: null });
  store.setItem('tandem.client', name);
  store.setItem('tandem.secret', secret);
  store.setItem('tandem.role', me.status === 200 ? me.body.role : 'viewer');
  $('secret').value = '';
  showConsole();
}

function showConsole() {
  const { name, role } = credentials();
  $('sign-in').hidden = true;
  $('view').hidden = $('nav').hidden = $('who').hidden = false;
  $('who-name').textContent = 'Signed in as ' + name + ' (' + role + ')';
  route().then(() => $('main').focus());
}

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut());
$('refresh').addEventListener('click', route);
window.addEventListener('hashchange', route);
if (credentials().name) showConsole(); else showSignIn();
