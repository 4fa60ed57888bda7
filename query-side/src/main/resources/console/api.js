// Every call carries the bearer token the user typed; it is kept for this browser tab only (sessionStorage).
const TOKEN = 'ledger.console.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || null;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN, value.trim());
  } else {
    sessionStorage.removeItem(TOKEN);
  }
}

let config;

/** Where the command side is, as the query side serving these pages was configured. */
async function commandUrl() {
  if (!config) {
    const response = await fetch('config.json', { headers: { Accept: 'application/json' } });
    config = await response.json();
  }
  return config.commandUrl;
}

async function send(url, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const current = token();
  if (current) {
    headers.Authorization = `Bearer ${current}`;
  }
  const response = await fetch(url, { ...options, headers, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** GET on the query side, which serves these pages. */
export function query(path, params = {}) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, value);
    }
  });
  const suffix = search.toString() ? `?${search}` : '';
  return send(`/api/${path}${suffix}`);
}

/** POST on the query side (projection rebuilds). */
export function queryPost(path) {
  return send(`/api/${path}`, { method: 'POST' });
}

/** A command on the command side, with a fresh idempotency key (a retry of the same click is a new decision). */
export async function command(path, body) {
  const base = await commandUrl();
  return send(`${base}/api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey() },
    body: JSON.stringify(body),
  });
}

// crypto.randomUUID exists only on https or localhost pages; random bytes exist everywhere.
function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function accountPath(accountId, rest = '') {
  return `accounts/${encodeURIComponent(accountId)}${rest}`;
}
