// The admin interface at "/admin": for now only its shell. Each section names the API it will
// manage; none is built yet, and none shows invented data.

import { Alpine } from './vendor.js';
import * as api from './api.js';

const SECTIONS = [
  { id: 'plugins', title: 'Plugins', api: 'GET/POST /api/v1/plugins, enable|disable|reload, DELETE' },
  { id: 'models', title: 'Models', api: 'GET/POST /api/v1/models, load|unload' },
  { id: 'routes', title: 'Routes', api: 'GET/PUT /api/v1/routes' },
  { id: 'conversations', title: 'Conversations', api: 'GET /api/v1/conversations' },
  { id: 'datasets', title: 'Datasets', api: '/api/v1/datasets, examples, versions, export' },
  { id: 'training', title: 'Training jobs', api: '/api/v1/training-jobs' },
  { id: 'evaluation', title: 'Evaluation', api: '/api/v1/eval-runs, /api/v1/eval-log' },
  { id: 'keys', title: 'API keys', api: '/api/v1/keys' },
];

Alpine.data('admin', () => ({
  sections: SECTIONS,
  section: SECTIONS[0].id,
  health: null,
  error: null,
  apiKey: api.apiKey(),
  keyDraft: '',

  init() {
    this.fromHash();
    window.addEventListener('hashchange', () => this.fromHash());
    this.loadHealth();
  },

  fromHash() {
    const id = location.hash.slice(1);
    if (SECTIONS.some((s) => s.id === id)) {
      this.section = id;
    }
  },

  current() {
    return SECTIONS.find((s) => s.id === this.section);
  },

  async loadHealth() {
    try {
      const response = await fetch('/health', { headers: { Accept: 'application/json' } });
      const body = await response.json();
      this.health = body.status || (response.ok ? 'UP' : 'DOWN');
    } catch (e) {
      this.health = 'unreachable';
    }
  },

  openSettings() {
    this.keyDraft = this.apiKey;
    this.$refs.settings.showModal();
  },

  saveKey() {
    api.setApiKey(this.keyDraft);
    this.apiKey = api.apiKey();
    this.$refs.settings.close();
  },
}));

Alpine.start();
