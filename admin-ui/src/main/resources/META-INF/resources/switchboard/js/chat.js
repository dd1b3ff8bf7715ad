// The chat interface at "/": one Alpine component over the HTTP API (see api.js).
//
// Stored conversations are append-only, so "regenerate" and "edit and resend" start a new
// conversation (a branch) that holds the history up to that message; the original stays as it was.

import { Alpine } from './vendor.js';
import * as api from './api.js';
import { renderMarkdown, followCitation, sourceId } from './markdown.js';

const PAGE = 20;
const TARGET_STORAGE = 'switchboard.chat.target';

let nextKey = 1;
let listSeq = 0;

function message(role, content, extra = {}) {
  return {
    key: 'm' + nextKey++,
    id: null,
    role,
    content: content || '',
    citations: [],
    streaming: false,
    stopped: false,
    failed: false,
    feedback: { rating: 0, reason: '', open: false, saved: false, sending: false },
    editing: false,
    draft: '',
    ...extra,
  };
}

function stored(m) {
  const feedback = m.feedback || [];
  const last = feedback[feedback.length - 1];
  const meta = m.metadata || {};
  return message(m.role, m.content, {
    id: m.id,
    citations: Array.isArray(meta.citations) ? meta.citations : [],
    stopped: meta.finishReason === 'cancelled',
    feedback: {
      rating: last ? last.rating : 0,
      reason: last && last.reason ? last.reason : '',
      open: false,
      saved: !!last,
      sending: false,
    },
  });
}

function errorView(e) {
  if (e instanceof api.ApiError) {
    return e.toView();
  }
  return { status: 0, code: 'client_error', message: String(e && e.message ? e.message : e), requestId: null };
}

function loadTarget() {
  try {
    return JSON.parse(localStorage.getItem(TARGET_STORAGE)) || {};
  } catch {
    return {};
  }
}

// x-markdown="message": renders the message's content into the element's x-ignore child, where
// Alpine never initialises anything (so model output can never carry directives).
Alpine.directive('markdown', (el, { expression }, { effect, evaluateLater }) => {
  const target = el.querySelector(':scope > [x-ignore]');
  const value = evaluateLater(expression);
  effect(() => value((m) => renderMarkdown(target, m.content, { key: m.key, citations: m.citations })));
  el.addEventListener('click', followCitation);
});

Alpine.data('chat', () => ({
  apiKey: api.apiKey(),
  keyDraft: '',
  conversations: [],
  next: null,
  query: '',
  listLoading: false,
  listFailed: false,
  conversationId: null,
  title: '',
  messages: [],
  input: '',
  streaming: false,
  controller: null,
  error: null,
  plugins: [],
  models: [],
  plugin: loadTarget().plugin || '',
  model: loadTarget().model || '',
  sidebarOpen: false,
  searchTimer: null,

  init() {
    this.loadTargets();
    this.loadConversations();
    this.$watch('plugin', () => this.saveTarget());
    this.$watch('model', () => this.saveTarget());
  },

  sourceId,

  fail(e) {
    this.error = errorView(e);
  },

  saveTarget() {
    localStorage.setItem(TARGET_STORAGE, JSON.stringify({ plugin: this.plugin, model: this.model }));
  },

  // ---- settings ---------------------------------------------------------------------------

  openSettings() {
    this.keyDraft = this.apiKey;
    this.$refs.settings.showModal();
  },

  saveKey() {
    api.setApiKey(this.keyDraft);
    this.apiKey = api.apiKey();
    this.$refs.settings.close();
    this.error = null;
    this.loadTargets();
    this.loadConversations();
  },

  clearKey() {
    this.keyDraft = '';
    this.saveKey();
  },

  // ---- plugins, routes and models ---------------------------------------------------------

  async loadTargets() {
    const chatPlugins = new Map();
    // Routes and the plugin list need the admin scope: with a chat-only key they are skipped and
    // the default route answers.
    const [routes, plugins, models] = await Promise.allSettled([
      api.get('/api/v1/routes'),
      api.get('/api/v1/plugins'),
      api.get('/v1/models'),
    ]);
    if (routes.status === 'fulfilled') {
      for (const r of routes.value.routes || []) {
        if (r.task === 'chat' && !r.shadow) {
          chatPlugins.set(r.plugin, { id: r.plugin, label: r.plugin + (r.model ? ' · ' + r.model : '') + ' (route)' });
        }
      }
    }
    if (plugins.status === 'fulfilled') {
      for (const p of plugins.value.items || []) {
        if ((p.tasks || []).includes('chat') && p.state === 'STARTED' && !chatPlugins.has(p.id)) {
          chatPlugins.set(p.id, { id: p.id, label: p.id });
        }
      }
    }
    this.plugins = [...chatPlugins.values()];
    if (models.status === 'fulfilled') {
      this.models = (models.value.data || [])
        .filter((m) => !m.kind || String(m.kind).toLowerCase() === 'chat')
        .map((m) => m.id);
    } else {
      this.models = [];
      this.fail(models.reason);
    }
  },

  // ---- conversation list ------------------------------------------------------------------

  async loadConversations(more = false) {
    // Only the latest request may fill the list (a search typed while a reload is under way).
    const seq = ++listSeq;
    this.listLoading = true;
    try {
      const page = await api.get(
        '/api/v1/conversations' + api.query({ q: this.query.trim(), after: more ? this.next : null, limit: PAGE }));
      if (seq !== listSeq) {
        return;
      }
      this.conversations = more ? this.conversations.concat(page.items) : page.items;
      this.next = page.next;
      this.listFailed = false;
    } catch (e) {
      if (seq !== listSeq) {
        return;
      }
      // A failed search must not leave the previous query's results under the new query.
      if (!more) {
        this.conversations = [];
        this.next = null;
      }
      this.listFailed = true;
      this.fail(e);
    } finally {
      if (seq === listSeq) {
        this.listLoading = false;
      }
    }
  },

  searchSoon() {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.loadConversations(), 250);
  },

  newChat() {
    this.stop();
    this.conversationId = null;
    this.title = '';
    this.messages = [];
    this.error = null;
    this.sidebarOpen = false;
    this.$nextTick(() => this.$refs.input.focus());
  },

  async openConversation(id) {
    this.stop();
    this.error = null;
    try {
      const c = await api.get('/api/v1/conversations/' + encodeURIComponent(id));
      this.conversationId = c.id;
      this.title = c.title || '';
      this.messages = (c.messages || []).map(stored);
      this.sidebarOpen = false;
      this.scrollDown();
    } catch (e) {
      this.fail(e);
    }
  },

  formatDate(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  },

  // ---- sending ------------------------------------------------------------------------------

  visible(m) {
    return m.role === 'user' || m.role === 'assistant';
  },

  scrollDown() {
    this.$nextTick(() => {
      const list = this.$refs.messages;
      if (list) {
        list.scrollTop = list.scrollHeight;
      }
    });
  },

  onKeydown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  },

  send() {
    const text = this.input.trim();
    if (!text || this.streaming) {
      return;
    }
    this.input = '';
    this.messages.push(message('user', text));
    this.run([{ role: 'user', content: text }], this.conversationId);
  },

  /** The history to replay in a branch: what the model saw, without tool plumbing. */
  history(upTo) {
    return this.messages
      .slice(0, upTo)
      .filter((m) => (m.role === 'user' || m.role === 'assistant' || m.role === 'system') && m.content)
      .map((m) => ({ role: m.role, content: m.content }));
  },

  regenerate() {
    if (this.streaming) {
      return;
    }
    let last = -1;
    this.messages.forEach((m, i) => {
      if (m.role === 'user') {
        last = i;
      }
    });
    if (last < 0) {
      return;
    }
    this.messages = this.messages.slice(0, last + 1);
    this.conversationId = null;
    this.run(this.history(last + 1), null);
  },

  startEdit(m) {
    m.draft = m.content;
    m.editing = true;
  },

  cancelEdit(m) {
    m.editing = false;
  },

  resend(m) {
    const text = m.draft.trim();
    if (!text || this.streaming) {
      return;
    }
    const i = this.messages.indexOf(m);
    const edited = message('user', text);
    this.messages = this.messages.slice(0, i).concat([edited]);
    this.conversationId = null;
    this.run(this.history(i + 1), null);
  },

  stop() {
    if (this.controller) {
      this.controller.abort();
    }
  },

  async run(sent, conversationId) {
    this.error = null;
    this.messages.push(message('assistant', '', { streaming: true }));
    const answer = this.messages[this.messages.length - 1];
    const controller = new AbortController();
    this.controller = controller;
    this.streaming = true;
    this.scrollDown();
    const body = { messages: sent };
    if (conversationId) {
      body.conversation_id = conversationId;
    }
    if (this.plugin) {
      body.plugin = this.plugin;
    }
    if (this.model) {
      body.model = this.model;
    }
    try {
      await api.streamChat(body, {
        signal: controller.signal,
        onChunk: (chunk) => {
          if (chunk.conversation_id) {
            this.conversationId = chunk.conversation_id;
          }
          if (chunk.message_id) {
            answer.id = chunk.message_id;
          }
          if (Array.isArray(chunk.citations)) {
            answer.citations = chunk.citations;
          }
          const choice = (chunk.choices || [])[0];
          const delta = choice && choice.delta && choice.delta.content;
          if (delta) {
            answer.content += delta;
            this.scrollDown();
          }
        },
      });
    } catch (e) {
      if (e.name === 'AbortError') {
        answer.stopped = true;
      } else {
        answer.failed = true;
        this.fail(e);
      }
    } finally {
      answer.streaming = false;
      if (this.controller === controller) {
        this.controller = null;
        this.streaming = false;
      }
      if (!this.title && sent.length) {
        this.title = sent[sent.length - 1].content.slice(0, 80);
      }
      this.loadConversations();
    }
  },

  // ---- feedback -------------------------------------------------------------------------------

  rate(m, rating) {
    m.feedback.rating = rating;
    m.feedback.open = true;
    m.feedback.saved = false;
  },

  async sendFeedback(m, withReason) {
    m.feedback.sending = true;
    try {
      const body = { rating: m.feedback.rating };
      const reason = m.feedback.reason.trim();
      if (withReason && reason) {
        body.reason = reason;
      }
      await api.post('/api/v1/messages/' + encodeURIComponent(m.id) + '/feedback', body);
      m.feedback.saved = true;
      m.feedback.open = false;
    } catch (e) {
      this.fail(e);
    } finally {
      m.feedback.sending = false;
    }
  },
}));

Alpine.start();
