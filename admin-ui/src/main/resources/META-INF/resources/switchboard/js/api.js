// The HTTP API as the UIs use it: the API key (kept in localStorage, sent as a Bearer token),
// JSON requests whose failures become ApiError from the API's {"error":{code,message,requestId}},
// and the streamed chat completions (SSE over fetch, so the request can carry the key and be
// aborted: the server cancels the generation when the connection closes).

const KEY_STORAGE = 'switchboard.apiKey';

export function apiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || '';
  } catch {
    return '';
  }
}

export function setApiKey(key) {
  const value = (key || '').trim();
  if (value) {
    localStorage.setItem(KEY_STORAGE, value);
  } else {
    localStorage.removeItem(KEY_STORAGE);
  }
}

/** A failed API call: the API's error object, or a network failure (code "network"). */
export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId || null;
  }

  /** A plain object for display. */
  toView() {
    return { status: this.status, code: this.code, message: this.message, requestId: this.requestId };
  }
}

function headers(json) {
  const h = { Accept: 'application/json' };
  if (json) {
    h['Content-Type'] = 'application/json';
  }
  const key = apiKey();
  if (key) {
    h.Authorization = 'Bearer ' + key;
  }
  return h;
}

async function failure(response) {
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

async function send(method, path, body, signal) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'network', 'the server could not be reached: ' + e.message, null);
  }
  if (!response.ok) {
    throw await failure(response);
  }
  if (response.status === 204) {
    return null;
  }
  return response.json();
}

export function get(path, signal) {
  return send('GET', path, undefined, signal);
}

export function post(path, body, signal) {
  return send('POST', path, body, signal);
}

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

/**
 * POST /v1/chat/completions with "stream": true; calls onChunk with every parsed chunk and resolves
 * at "data: [DONE]". An error event in the stream, or an error status, rejects with ApiError; an
 * abort rejects with the fetch's AbortError.
 */
export async function streamChat(body, { signal, onChunk }) {
  let response;
  try {
    response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { ...headers(true), Accept: 'text/event-stream' },
      body: JSON.stringify({ ...body, stream: true }),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'network', 'the server could not be reached: ' + e.message, null);
  }
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      buffer += decoder.decode();
    } else {
      buffer += decoder.decode(value, { stream: true });
    }
    buffer = buffer.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) {
        continue;
      }
      if (data === '[DONE]') {
        reader.cancel().catch(() => {});
        return;
      }
      const json = JSON.parse(data);
      if (json.error) {
        throw new ApiError(200, json.error.code, json.error.message, json.error.requestId);
      }
      onChunk(json);
    }
    if (done) {
      throw new ApiError(0, 'incomplete_stream', 'the stream ended before the answer was complete', null);
    }
  }
}
