// The admin interface at "/admin": login (session cookie + CSRF token), then one page per area of
// the platform. Every page is a client of the HTTP API; see ../admin/*.js.

import { Alpine } from './vendor.js';
import * as http from '../admin/http.js';
import { pluginsPage, modelsPage, routesPage, keysPage } from '../admin/ops.js';
import { conversationsPage, datasetsPage } from '../admin/data.js';
import { evaluationPage, trainingPage } from '../admin/loop.js';

// Only pages whose API the server has; a page is listed once its API exists.
const SECTIONS = [
  { id: 'conversations', title: 'Conversations' },
  { id: 'datasets', title: 'Datasets' },
  { id: 'training', title: 'Training' },
  { id: 'evaluation', title: 'Evaluation' },
  { id: 'plugins', title: 'Plugins' },
  { id: 'models', title: 'Models' },
  { id: 'routes', title: 'Routes' },
  { id: 'keys', title: 'API keys' },
];

Alpine.data('admin', () => ({
  sections: SECTIONS,
  section: 'plugins',
  health: null,
  session: null,
  checked: false,
  login: { username: 'admin', password: '', error: null, busy: false },

  init() {
    http.whenUnauthenticated(() => {
      this.session = null;
      http.setCsrfToken(null);
    });
    this.fromHash();
    window.addEventListener('hashchange', () => this.fromHash());
    this.loadHealth();
    this.loadSession();
  },

  fromHash() {
    const id = location.hash.slice(1).split('/')[0];
    if (SECTIONS.some((s) => s.id === id)) {
      this.section = id;
    }
  },

  current() {
    return SECTIONS.find((s) => s.id === this.section);
  },

  async loadSession() {
    try {
      const session = await http.get('/api/v1/session');
      if (session.user) {
        this.useSession(session);
      }
    } catch {
      this.session = null;
    }
    this.checked = true;
  },

  useSession(session) {
    http.setCsrfToken(session.csrfToken);
    this.session = session;
  },

  async submitLogin() {
    this.login.busy = true;
    this.login.error = null;
    try {
      this.useSession(
        await http.send('POST', '/api/v1/session', { username: this.login.username, password: this.login.password }),
      );
      this.login.password = '';
    } catch (e) {
      this.login.error = http.errorText(e);
    } finally {
      this.login.busy = false;
    }
  },

  async logout() {
    try {
      await http.del('/api/v1/session');
    } catch {
      // Gone already.
    }
    http.setCsrfToken(null);
    this.session = null;
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
}));

Alpine.data('pluginsPage', pluginsPage);
Alpine.data('modelsPage', modelsPage);
Alpine.data('routesPage', routesPage);
Alpine.data('keysPage', keysPage);
Alpine.data('conversationsPage', conversationsPage);
Alpine.data('datasetsPage', datasetsPage);
Alpine.data('evaluationPage', evaluationPage);
Alpine.data('trainingPage', trainingPage);

Alpine.start();
