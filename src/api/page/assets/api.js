// Talking to the API: the bearer token (kept in sessionStorage, so it leaves with the tab), JSON in
// and out, and errors as ApiError carrying the API's code and message.

const TOKEN_KEY = 'idsync.apiToken';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = () => {};

/** Called whenever the API refuses the token, wherever the request came from. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let data;
  try {
    data = text === '' ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    const failure = new ApiError(
      response.status,
      error.code ?? 'error',
      error.message ?? `HTTP ${response.status}`,
    );
    if (response.status === 401) unauthorizedHandler(failure);
    throw failure;
  }
  return data;
}

/** `?key=value&…` of the given parameters, leaving out the empty ones. */
export function queryString(parameters) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export function userPath(userId) {
  return `/api/v1/users/${encodeURIComponent(userId)}`;
}

/** A user JSON, or null when the user no longer exists. */
export async function loadUser(userId) {
  try {
    return await api(userPath(userId));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
