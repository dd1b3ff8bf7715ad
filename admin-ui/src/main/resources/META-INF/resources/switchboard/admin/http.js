// The admin UI's HTTP client. The browser holds the session in an HttpOnly cookie (sent to /api/
// only); every state-changing call echoes the session's CSRF token in X-CSRF-Token. No API key is
// ever kept here. Failures become ApiError from the API's {"error":{code,message,requestId}}.

let csrfToken = null;
let onUnauthenticated = () => {};

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** Called when a call answers 401 (the session ended): the UI shows the login again. */
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId || null;
  }

  /** One line for display: message, code and request id. */
  text() {
    return this.message + ' (' + this.code + (this.requestId ? ', request ' + this.requestId : '') + ')';
  }
}

export function errorText(e) {
  if (e instanceof ApiError) {
    return e.text();
  }
  return String((e && e.message) || e);
}

function headers(method, contentType) {
  const h = { Accept: 'application/json' };
  if (contentType) {
    h['Content-Type'] = contentType;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    h['X-CSRF-Token'] = csrfToken;
  }
  return h;
}

export async function failure(response) {
  let code = 'http_' + response.status;
  let message = response.statusText || 'request failed';
  let requestId = response.headers.get('x-request-id');
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
      requestId = body.error.requestId || requestId;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(response.status, code, message, requestId);
}

/** Sends a request; a JSON body unless {@code raw} names a content type for a string body. */
export async function send(method, path, body, raw) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headers(method, body === undefined ? null : raw || 'application/json'),
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'the server could not be reached: ' + e.message, null);
  }
  if (!response.ok) {
    const error = await failure(response);
    if (response.status === 401 && path !== '/api/v1/session') {
      onUnauthenticated(error);
    }
    throw error;
  }
  if (response.status === 204) {
    return null;
  }
  return response.json();
}

export const get = (path) => send('GET', path);
export const post = (path, body) => send('POST', path, body === undefined ? {} : body);
export const put = (path, body) => send('PUT', path, body);
export const patch = (path, body) => send('PATCH', path, body);
export const del = (path) => send('DELETE', path);

/** A query string from the non-empty entries of an object. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

export const enc = encodeURIComponent;

/**
 * Uploads with progress (fetch cannot report upload progress): {@code body} is FormData or a
 * Blob/string with {@code contentType}; {@code onProgress(fraction)} sees 0..1.
 */
export function upload(method, path, body, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (contentType) {
      xhr.setRequestHeader('Content-Type', contentType);
    }
    if (csrfToken) {
      xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) {
        onProgress(e.loaded / e.total);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload failed: the server could not be reached', null));
    xhr.onload = () => {
      let json = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(json);
        return;
      }
      const err = json && json.error ? json.error : {};
      if (xhr.status === 401) {
        onUnauthenticated();
      }
      reject(new ApiError(xhr.status, err.code || 'http_' + xhr.status, err.message || xhr.statusText, err.requestId || xhr.getResponseHeader('x-request-id')));
    };
    xhr.send(body);
  });
}

/**
 * Downloads a (streamed) response into a file the browser saves, reporting bytes received;
 * {@code onProgress(received, total|null)}.
 */
export async function download(path, fileName, onProgress) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) {
    throw await failure(response);
  }
  const total = Number(response.headers.get('content-length')) || null;
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    parts.push(value);
    received += value.length;
    onProgress(received, total);
  }
  const blob = new Blob(parts, { type: response.headers.get('content-type') || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return received;
}
