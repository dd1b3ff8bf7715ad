// Admin pages for the running platform: plugins, models, routes and API keys.

import * as http from './http.js';

const { enc, errorText } = http;

/** State shared by every page: busy flag, the last error, a notice. */
function page(extra) {
  return {
    busy: false,
    error: null,
    notice: null,
    async call(fn) {
      this.busy = true;
      this.error = null;
      try {
        return await fn();
      } catch (e) {
        this.error = errorText(e);
        return undefined;
      } finally {
        this.busy = false;
      }
    },
    ...extra,
  };
}

export function pluginsPage() {
  return page({
    items: [],
    file: null,
    replace: false,
    progress: null,
    working: {},

    init() {
      this.load();
    },

    async load() {
      await this.call(async () => {
        this.items = (await http.get('/api/v1/plugins')).items;
      });
    },

    pick(event) {
      this.file = event.target.files[0] || null;
    },

    async uploadPlugin() {
      if (!this.file) {
        this.error = 'choose a plugin jar or zip first';
        return;
      }
      const form = new FormData();
      form.append('file', this.file, this.file.name);
      this.progress = 0;
      await this.call(async () => {
        const installed = await http.upload(
          'POST',
          '/api/v1/plugins' + (this.replace ? '?replace=true' : ''),
          form,
          null,
          (f) => (this.progress = f),
        );
        this.notice = 'installed ' + installed.id + ' ' + installed.version + ' (' + installed.state + ')';
        this.file = null;
        this.$refs.file.value = '';
        await this.load();
      });
      this.progress = null;
    },

    async act(plugin, action) {
      if (action === 'delete' && !confirm('Uninstall plugin ' + plugin.id + '?')) {
        return;
      }
      this.working[plugin.id] = action;
      await this.call(async () => {
        if (action === 'delete') {
          await http.del('/api/v1/plugins/' + enc(plugin.id));
          this.notice = 'uninstalled ' + plugin.id;
        } else {
          const p = await http.post('/api/v1/plugins/' + enc(plugin.id) + '/' + action);
          this.notice = plugin.id + ': ' + p.state;
        }
        await this.load();
      });
      delete this.working[plugin.id];
    },
  });
}

export function modelsPage() {
  return page({
    items: [],
    draft: { name: '', path: '' },
    working: {},
    timer: null,

    init() {
      this.load();
    },

    destroy() {
      clearTimeout(this.timer);
    },

    async load() {
      await this.call(async () => {
        this.items = (await http.get('/api/v1/models')).items;
      });
      // Models load in the background: poll while any is loading.
      clearTimeout(this.timer);
      if (this.items.some((m) => m.state === 'LOADING')) {
        this.timer = setTimeout(() => this.load(), 1000);
      }
    },

    memory(m) {
      const bytes = m.details && m.details.bytes;
      if (!bytes) {
        return '';
      }
      const units = ['B', 'KB', 'MB', 'GB'];
      let v = bytes;
      let i = 0;
      while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
      }
      return v.toFixed(i ? 1 : 0) + ' ' + units[i];
    },

    device(m) {
      return (m.details && m.details.device) || (m.bundled ? 'cpu (onnx)' : '');
    },

    async register() {
      await this.call(async () => {
        const m = await http.post('/api/v1/models', { name: this.draft.name.trim(), path: this.draft.path.trim() });
        this.notice = 'registered ' + m.name + ' (' + m.state + ')';
        this.draft = { name: '', path: '' };
      });
      await this.load();
    },

    async act(model, action) {
      this.working[model.name] = action;
      await this.call(async () => {
        const m = await http.post('/api/v1/models/' + enc(model.name) + '/' + action);
        this.notice = m.name + ': ' + m.state;
      });
      delete this.working[model.name];
      await this.load();
    },
  });
}

const TASKS = ['chat', 'classify', 'retrieve'];

export function routesPage() {
  return page({
    rows: [],
    plugins: [],
    tasks: TASKS,
    dirty: false,
    loaded: false,

    init() {
      this.load();
    },

    async load() {
      await this.call(async () => {
        const [table, plugins] = await Promise.all([http.get('/api/v1/routes'), http.get('/api/v1/plugins')]);
        this.plugins = plugins.items.map((p) => p.id);
        this.rows = table.routes.map((r) => this.toRow(r));
        this.dirty = false;
        this.loaded = true;
      });
    },

    toRow(r) {
      return {
        task: r.task,
        plugin: r.plugin || '',
        extension: r.extension || '',
        model: r.model || '',
        weight: r.weight === undefined || r.weight === null ? 100 : r.weight,
        shadow: !!r.shadow,
        config: r.config ? JSON.stringify(r.config) : '',
      };
    },

    add() {
      this.rows.push({ task: 'classify', plugin: this.plugins[0] || '', extension: '', model: '', weight: 100, shadow: false, config: '' });
      this.dirty = true;
    },

    remove(i) {
      this.rows.splice(i, 1);
      this.dirty = true;
    },

    /** The share of live (non-shadow) traffic a row gets within its task. */
    share(row) {
      if (row.shadow) {
        return 'shadow';
      }
      const total = this.rows
        .filter((r) => r.task === row.task && !r.shadow)
        .reduce((sum, r) => sum + (Number(r.weight) || 0), 0);
      return total ? Math.round((100 * (Number(row.weight) || 0)) / total) + '%' : '0%';
    },

    async save() {
      let routes;
      try {
        routes = this.rows.map((r, i) => {
          const out = { task: r.task, plugin: r.plugin, weight: Number(r.weight), shadow: r.shadow };
          if (!Number.isInteger(out.weight) || out.weight < 0) {
            throw new Error('row ' + (i + 1) + ': the weight must be a whole number');
          }
          if (r.extension.trim()) {
            out.extension = r.extension.trim();
          }
          if (r.model.trim()) {
            out.model = r.model.trim();
          }
          if (r.config.trim()) {
            try {
              out.config = JSON.parse(r.config);
            } catch {
              throw new Error('row ' + (i + 1) + ': the config is not valid JSON');
            }
          }
          return out;
        });
      } catch (e) {
        this.error = e.message;
        return;
      }
      await this.call(async () => {
        const table = await http.put('/api/v1/routes', { routes });
        this.rows = table.routes.map((r) => this.toRow(r));
        this.dirty = false;
        const shadows = table.routes.filter((r) => r.shadow).length;
        this.notice = 'routing table saved: ' + table.routes.length + ' routes, ' + shadows + ' shadow';
      });
    },
  });
}

const SCOPES = ['chat', 'embed', 'classify', 'retrieve', 'admin'];

export function keysPage() {
  return page({
    items: [],
    next: null,
    includeRevoked: false,
    scopes: SCOPES,
    draft: { name: '', scopes: ['chat'], rps: '', burst: '' },
    issued: null,
    copied: false,

    init() {
      this.load();
    },

    async load(more) {
      await this.call(async () => {
        const page = await http.get(
          '/api/v1/keys' + http.query({ includeRevoked: this.includeRevoked ? 'true' : '', after: more ? this.next : '' }),
        );
        this.items = more ? this.items.concat(page.items) : page.items;
        this.next = page.next;
      });
    },

    async create() {
      const body = { name: this.draft.name.trim(), scopes: this.draft.scopes };
      if (this.draft.rps !== '' || this.draft.burst !== '') {
        body.rateLimit = { rps: Number(this.draft.rps), burst: Number(this.draft.burst) };
      }
      await this.call(async () => {
        this.issued = await http.post('/api/v1/keys', body);
        this.copied = false;
        this.draft = { name: '', scopes: ['chat'], rps: '', burst: '' };
        this.$refs.issued.showModal();
        await this.load();
      });
    },

    async copy() {
      try {
        await navigator.clipboard.writeText(this.issued.key);
        this.copied = true;
      } catch {
        this.$refs.secret.select();
      }
    },

    /** The key is shown once: closing the dialog forgets it. */
    closeIssued() {
      this.issued = null;
      this.$refs.issued.close();
    },

    async revoke(key) {
      if (!confirm('Revoke key ' + key.name + ' (' + key.prefix + ')? Requests with it fail at once.')) {
        return;
      }
      await this.call(async () => {
        await http.del('/api/v1/keys/' + enc(key.id));
        this.notice = 'revoked ' + key.name;
        await this.load();
      });
    },
  });
}

export { page };
