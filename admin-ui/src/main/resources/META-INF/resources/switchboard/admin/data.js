// Admin pages for the data: conversations (search, thread view, promote into a dataset) and
// datasets (examples table with filters, inline edit, bulk label, duplicates, splits, versions,
// import and export with progress).

import * as http from './http.js';
import { page } from './ops.js';

const { enc } = http;

export function conversationsPage() {
  return page({
    q: '',
    items: [],
    next: null,
    thread: null,
    datasets: [],
    promote: { datasetId: '', messageId: '', label: '', status: 'pending' },

    init() {
      this.search();
      http.get('/api/v1/datasets?limit=500').then((p) => {
        this.datasets = p.items;
        if (this.datasets.length && !this.promote.datasetId) {
          this.promote.datasetId = this.datasets[0].id;
        }
      }, () => {});
    },

    async search(more) {
      await this.call(async () => {
        const p = await http.get('/api/v1/conversations' + http.query({ q: this.q.trim(), after: more ? this.next : '', limit: 25 }));
        this.items = more ? this.items.concat(p.items) : p.items;
        this.next = p.next;
      });
    },

    async open(c) {
      await this.call(async () => {
        this.thread = await http.get('/api/v1/conversations/' + enc(c.id));
        const answers = this.thread.messages.filter((m) => m.role === 'assistant');
        this.promote.messageId = answers.length ? answers[answers.length - 1].id : '';
      });
    },

    feedbackText(m) {
      return (m.feedback || []).map((f) => (f.rating > 0 ? '👍' : '👎') + (f.reason ? ' ' + f.reason : '')).join(' · ');
    },

    async promoteThread() {
      if (!this.promote.datasetId) {
        this.error = 'create a dataset first (Datasets page)';
        return;
      }
      const body = { conversationId: this.thread.id, status: this.promote.status };
      if (this.promote.messageId) {
        body.messageId = this.promote.messageId;
      }
      if (this.promote.label.trim()) {
        body.label = this.promote.label.trim();
      }
      await this.call(async () => {
        await http.post('/api/v1/datasets/' + enc(this.promote.datasetId) + '/examples/from-conversation', body);
        const ds = this.datasets.find((d) => d.id === this.promote.datasetId);
        this.notice = 'promoted into dataset ' + (ds ? ds.name : this.promote.datasetId);
      });
    },
  });
}

const EXPORT_FORMATS = ['jsonl', 'csv', 'openai-chat', 'openai-dpo', 'sharegpt', 'alpaca'];

export function datasetsPage() {
  return page({
    datasets: [],
    draft: { name: '', task: 'classification', labels: '' },
    ds: null,
    filter: { status: '', split: '', label: '', q: '' },
    examples: [],
    next: null,
    selected: {},
    editing: { id: null, text: '', label: '' },
    bulk: { label: '', status: '' },
    importFile: null,
    importStatus: 'pending',
    importProgress: null,
    importResult: null,
    splitForm: { train: 0.8, validation: 0.1, test: 0.1, seed: 42, onlyUnassigned: false },
    splitResult: null,
    versions: [],
    duplicates: null,
    dupThreshold: 0.8,
    exportFormat: 'jsonl',
    exportVersion: '',
    exportFormats: EXPORT_FORMATS,
    exportProgress: null,

    init() {
      this.loadDatasets();
    },

    async loadDatasets() {
      await this.call(async () => {
        this.datasets = (await http.get('/api/v1/datasets?limit=500')).items;
      });
    },

    async create() {
      const body = { name: this.draft.name.trim(), task: this.draft.task };
      const labels = this.draft.labels.split(',').map((s) => s.trim()).filter((s) => s);
      if (labels.length) {
        body.labels = labels;
      }
      await this.call(async () => {
        const ds = await http.post('/api/v1/datasets', body);
        this.draft = { name: '', task: 'classification', labels: '' };
        await this.loadDatasets();
        await this.select(ds);
      });
    },

    async select(ds) {
      this.ds = ds;
      this.importResult = null;
      this.splitResult = null;
      this.duplicates = null;
      this.selected = {};
      await Promise.all([this.loadExamples(), this.loadVersions()]);
    },

    async loadExamples(more) {
      await this.call(async () => {
        const p = await http.get(
          '/api/v1/datasets/' + enc(this.ds.id) + '/examples' +
            http.query({ ...this.filter, q: this.filter.q.trim(), after: more ? this.next : '', limit: 50 }),
        );
        this.examples = more ? this.examples.concat(p.items) : p.items;
        this.next = p.next;
        if (!more) {
          this.selected = {};
        }
      });
    },

    async loadVersions() {
      await this.call(async () => {
        this.versions = (await http.get('/api/v1/datasets/' + enc(this.ds.id) + '/versions')).items;
      });
    },

    selectedIds() {
      return Object.keys(this.selected).filter((id) => this.selected[id]);
    },

    toggleAll(on) {
      const next = {};
      if (on) {
        this.examples.forEach((e) => (next[e.id] = true));
      }
      this.selected = next;
    },

    // Never null: the row's inputs may still read it while they are being removed.
    stopEdit() {
      this.editing = { id: null, text: '', label: '' };
    },

    startEdit(e) {
      this.editing = { id: e.id, text: e.text || '', label: e.label || '' };
    },

    async saveEdit(e) {
      const changes = {};
      if (this.editing.text !== (e.text || '')) {
        changes.text = this.editing.text;
      }
      if (this.editing.label !== (e.label || '')) {
        changes.label = this.editing.label.trim() || null;
      }
      await this.patchExample(e, changes);
      this.stopEdit();
    },

    async patchExample(e, changes) {
      if (!Object.keys(changes).length) {
        return;
      }
      await this.call(async () => {
        const updated = await http.patch('/api/v1/examples/' + enc(e.id), changes);
        const i = this.examples.findIndex((x) => x.id === e.id);
        if (i >= 0) {
          this.examples[i] = updated;
        }
      });
    },

    /** Bulk change: the selected rows, or (none selected) everything the filter matches. */
    async applyBulk() {
      const set = {};
      if (this.bulk.label.trim()) {
        set.label = this.bulk.label.trim();
      }
      if (this.bulk.status) {
        set.status = this.bulk.status;
      }
      if (!Object.keys(set).length) {
        this.error = 'say what to set: a label or a status';
        return;
      }
      const ids = this.selectedIds();
      const filter = ids.length ? { ids } : { ...this.filter, q: this.filter.q.trim() || undefined };
      for (const k of Object.keys(filter)) {
        if (filter[k] === '' || filter[k] === undefined) {
          delete filter[k];
        }
      }
      await this.call(async () => {
        const r = await http.post('/api/v1/datasets/' + enc(this.ds.id) + '/examples/bulk', { filter, set });
        this.notice = r.updated + ' examples updated';
        this.bulk = { label: '', status: '' };
      });
      await this.loadExamples();
    },

    pickImport(event) {
      this.importFile = event.target.files[0] || null;
    },

    async importExamples() {
      if (!this.importFile) {
        this.error = 'choose a CSV (text,label) or JSONL file first';
        return;
      }
      const name = this.importFile.name.toLowerCase();
      const type = name.endsWith('.csv') ? 'text/csv' : 'application/jsonl';
      this.importProgress = 0;
      this.importResult = null;
      await this.call(async () => {
        this.importResult = await http.upload(
          'POST',
          '/api/v1/datasets/' + enc(this.ds.id) + '/import' + http.query({ status: this.importStatus === 'approved' ? 'approved' : '' }),
          this.importFile,
          type,
          (f) => (this.importProgress = f),
        );
        this.importProgress = 1;
        this.$refs.importFile.value = '';
        this.importFile = null;
      });
      this.importProgress = null;
      await this.loadExamples();
    },

    async split() {
      const body = {
        train: Number(this.splitForm.train),
        validation: Number(this.splitForm.validation),
        test: Number(this.splitForm.test),
        seed: Number(this.splitForm.seed),
        onlyUnassigned: this.splitForm.onlyUnassigned,
      };
      await this.call(async () => {
        this.splitResult = await http.post('/api/v1/datasets/' + enc(this.ds.id) + '/split', body);
      });
      await this.loadExamples();
    },

    splitSummary() {
      const r = this.splitResult;
      if (!r) {
        return '';
      }
      return ['train', 'validation', 'test']
        .filter((k) => r[k] !== undefined)
        .map((k) => k + ' ' + r[k])
        .join(' · ');
    },

    async freeze() {
      await this.call(async () => {
        const v = await http.post('/api/v1/datasets/' + enc(this.ds.id) + '/versions', { include: 'approved' });
        this.notice = 'version ' + v.version + ' frozen: ' + v.exampleCount + ' examples';
      });
      await this.loadVersions();
    },

    splitCounts(v) {
      return Object.entries(v.splitCounts || {}).map(([k, n]) => k + ' ' + n).join(' · ');
    },

    async findDuplicates() {
      await this.call(async () => {
        this.duplicates = await http.get('/api/v1/datasets/' + enc(this.ds.id) + '/duplicates' + http.query({ threshold: this.dupThreshold }));
      });
    },

    async rejectOthers(cluster) {
      const ids = cluster.examples.slice(1).map((e) => e.id);
      await this.call(async () => {
        const r = await http.post('/api/v1/datasets/' + enc(this.ds.id) + '/examples/bulk', { filter: { ids }, set: { status: 'rejected' } });
        this.notice = r.updated + ' duplicates rejected (kept the first)';
      });
      await this.findDuplicates();
      await this.loadExamples();
    },

    async exportData() {
      const q = { format: this.exportFormat };
      if (this.exportVersion) {
        q.version = this.exportVersion;
      } else {
        Object.assign(q, this.filter);
      }
      const file = this.ds.name.replace(/[^A-Za-z0-9._-]/g, '_') + '.' + this.exportFormat + (this.exportFormat === 'csv' ? '' : '.jsonl');
      this.exportProgress = { received: 0, total: null };
      await this.call(async () => {
        const bytes = await http.download(
          '/api/v1/datasets/' + enc(this.ds.id) + '/export' + http.query(q),
          file,
          (received, total) => (this.exportProgress = { received, total }),
        );
        this.notice = 'exported ' + file + ' (' + bytes + ' bytes)';
      });
      this.exportProgress = null;
    },
  });
}
