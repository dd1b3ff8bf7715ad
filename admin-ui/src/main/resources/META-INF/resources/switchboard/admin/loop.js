// Admin pages for the improvement loop: evaluation (runs, metric charts, confusion-matrix heat map,
// side-by-side comparison) and training (start, live loss curve over SSE, promote and roll back).

import * as http from './http.js';
import { page } from './ops.js';

const { enc } = http;

/** Chart.js, loaded as a classic script by the page; null when it failed to load. */
function chartLib() {
  return window.Chart || null;
}

/** Charts live outside Alpine's reactive proxies (Chart.js mutates its own state heavily). */
const charts = new Map();

function draw(key, canvas, config) {
  const Chart = chartLib();
  if (!Chart || !canvas) {
    return null;
  }
  const old = charts.get(key);
  if (old) {
    old.destroy();
  }
  const chart = new Chart(canvas, config);
  charts.set(key, chart);
  return chart;
}

function forget(key) {
  const old = charts.get(key);
  if (old) {
    old.destroy();
    charts.delete(key);
  }
}

const pct = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : (100 * x).toFixed(1) + '%');
const num = (x) => {
  if (typeof x !== 'number') {
    return x === null || x === undefined ? '—' : String(x);
  }
  if (Number.isInteger(x)) {
    return String(x);
  }
  return Math.abs(x) < 10 ? x.toFixed(3) : x.toFixed(1);
};

/** Dataset versions to pick from: every dataset's versions, newest first. */
async function allVersions() {
  const datasets = (await http.get('/api/v1/datasets?limit=500')).items;
  const out = [];
  for (const d of datasets) {
    const versions = (await http.get('/api/v1/datasets/' + enc(d.id) + '/versions')).items;
    versions
      .slice()
      .sort((a, b) => b.version - a.version)
      .forEach((v) => out.push({ id: v.id, label: d.name + ' v' + v.version + ' (' + v.exampleCount + ' examples)', task: v.task, dataset: d.name }));
  }
  return out;
}

const SCALAR_METRICS = ['accuracy', 'macroF1', 'macroPrecision', 'macroRecall', 'exactMatch', 'f1', 'rougeL', 'bleu', 'mrr', 'ndcg@10', 'recall@1', 'recall@5', 'recall@10'];

export function evaluationPage() {
  return page({
    runs: [],
    versions: [],
    datasets: [],
    log: { filter: { plugin: '', model: '', task: '', shadow: '', feedback: '' }, items: [], next: null, stats: [], target: '', label: '' },
    form: { datasetVersionId: '', split: 'test', plugin: '', model: '', classifier: '' },
    run: null,
    results: [],
    onlyWrong: false,
    compareWith: '',
    comparison: null,
    timer: null,

    init() {
      this.load();
      this.loadLog();
      http.get('/api/v1/datasets?limit=500').then((p) => (this.datasets = p.items), () => {});
      allVersions().then((v) => {
        this.versions = v;
        if (v.length && !this.form.datasetVersionId) {
          this.form.datasetVersionId = v[0].id;
        }
      }, (e) => (this.error = http.errorText(e)));
    },

    destroy() {
      clearTimeout(this.timer);
      forget('eval-metrics');
      forget('eval-perclass');
      forget('eval-compare');
    },

    async load() {
      await this.call(async () => {
        this.runs = (await http.get('/api/v1/eval-runs?limit=100')).items;
      });
      clearTimeout(this.timer);
      const active = this.runs.some((r) => r.status === 'queued' || r.status === 'running');
      if (active) {
        this.timer = setTimeout(async () => {
          await this.load();
          if (this.run && this.runs.find((r) => r.id === this.run.id)) {
            const fresh = this.runs.find((r) => r.id === this.run.id);
            if (fresh.status !== this.run.status) {
              await this.open(fresh);
            } else {
              this.run = { ...this.run, progress: fresh.progress, completed: fresh.completed };
            }
          }
        }, 1000);
      }
    },

    targetText(r) {
      const t = r.target || {};
      return [t.plugin, t.model, t.classifier].filter((x) => x).join(' / ') || 'default route';
    },

    async start() {
      const target = {};
      for (const k of ['plugin', 'model', 'classifier']) {
        if (this.form[k].trim()) {
          target[k] = this.form[k].trim();
        }
      }
      await this.call(async () => {
        const r = await http.post('/api/v1/eval-runs', { datasetVersionId: this.form.datasetVersionId, split: this.form.split, target });
        this.notice = 'eval run queued';
        await this.load();
        await this.open(r);
      });
    },

    async open(r) {
      await this.call(async () => {
        this.run = await http.get('/api/v1/eval-runs/' + enc(r.id));
        this.comparison = null;
        await this.loadResults();
      });
      this.$nextTick(() => this.drawRun());
    },

    async loadResults() {
      const p = await http.get('/api/v1/eval-runs/' + enc(this.run.id) + '/results' + http.query({ correct: this.onlyWrong ? 'false' : '', limit: 50 }));
      this.results = p.items;
    },

    scalars(metrics) {
      if (!metrics) {
        return [];
      }
      return Object.entries(metrics)
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => ({ name: k, value: v }));
    },

    fmt(name, v) {
      return name === 'count' || name.endsWith('Ms') || name.startsWith('latency') ? num(v) : v <= 1 && v >= 0 ? pct(v) : num(v);
    },

    confusion() {
      const c = this.run && this.run.metrics && this.run.metrics.confusion;
      if (!c || !c.labels) {
        return null;
      }
      let max = 1;
      c.matrix.forEach((row) => row.forEach((n) => (max = Math.max(max, n))));
      return { labels: c.labels, matrix: c.matrix, max };
    },

    /** Heat-map colour: blue for the diagonal (right), red elsewhere (wrong), by share of the max. */
    cellStyle(n, i, j, max) {
      const a = n === 0 ? 0.04 : 0.15 + (0.85 * n) / max;
      const rgb = i === j ? '37, 99, 235' : '220, 38, 38';
      return { backgroundColor: 'rgba(' + rgb + ', ' + a.toFixed(3) + ')', color: a > 0.55 ? '#fff' : 'inherit' };
    },

    drawRun() {
      const m = this.run && this.run.metrics;
      if (!m) {
        return;
      }
      const scalars = SCALAR_METRICS.filter((k) => typeof m[k] === 'number');
      draw('eval-metrics', this.$refs.metricsChart, {
        type: 'bar',
        data: { labels: scalars, datasets: [{ label: 'score', data: scalars.map((k) => m[k]), backgroundColor: 'rgba(37, 99, 235, 0.7)' }] },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 1 } } },
      });
      if (m.perClass) {
        const labels = Object.keys(m.perClass);
        const series = ['precision', 'recall', 'f1'];
        const colours = ['rgba(37, 99, 235, 0.7)', 'rgba(16, 185, 129, 0.7)', 'rgba(245, 158, 11, 0.8)'];
        draw('eval-perclass', this.$refs.perClassChart, {
          type: 'bar',
          data: { labels, datasets: series.map((s, i) => ({ label: s, data: labels.map((l) => m.perClass[l][s]), backgroundColor: colours[i] })) },
          options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 1 } } },
        });
      }
    },

    otherRuns() {
      return this.runs.filter((r) => this.run && r.id !== this.run.id && r.status === 'succeeded');
    },

    async compare() {
      if (!this.compareWith) {
        this.error = 'choose a run to compare with';
        return;
      }
      await this.call(async () => {
        this.comparison = await http.get('/api/v1/eval-runs/' + enc(this.run.id) + '/compare/' + enc(this.compareWith));
      });
      this.$nextTick(() => this.drawComparison());
    },

    deltas() {
      if (!this.comparison) {
        return [];
      }
      return Object.entries(this.comparison.metrics || {}).map(([k, v]) => ({ name: k, ...v }));
    },

    drawComparison() {
      const rows = this.deltas().filter((d) => SCALAR_METRICS.includes(d.name));
      draw('eval-compare', this.$refs.compareChart, {
        type: 'bar',
        data: {
          labels: rows.map((d) => d.name),
          datasets: [
            { label: 'this run', data: rows.map((d) => d.run), backgroundColor: 'rgba(37, 99, 235, 0.7)' },
            { label: 'other run', data: rows.map((d) => d.other), backgroundColor: 'rgba(148, 163, 184, 0.8)' },
          ],
        },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 1 } } },
      });
    },

    /** An expected or actual value: a label (with its score), an answer's text, else JSON. */
    show(v) {
      if (v === null || v === undefined) {
        return '—';
      }
      if (typeof v === 'string') {
        return v;
      }
      if (typeof v.label === 'string') {
        return v.label + (typeof v.score === 'number' ? ' (' + v.score.toFixed(2) + ')' : '');
      }
      if (typeof v.content === 'string') {
        return v.content;
      }
      return JSON.stringify(v);
    },

    /**
     * The production eval log: routed requests with latency, tokens, status and the feedback their
     * answers got, and percentiles.
     */
    async loadLog(more) {
      const f = this.log.filter;
      const q = { plugin: f.plugin.trim(), model: f.model.trim(), task: f.task, shadow: f.shadow, feedback: f.feedback };
      await this.call(async () => {
        const [page, stats] = await Promise.all([
          http.get('/api/v1/eval-log' + http.query({ ...q, after: more ? this.log.next : '', limit: 25 })),
          more ? Promise.resolve(null) : http.get('/api/v1/eval-log/stats' + http.query(q)),
        ]);
        this.log.items = more ? this.log.items.concat(page.items) : page.items;
        this.log.next = page.next;
        if (stats) {
          this.log.stats = stats.items;
        }
      });
    },

    /** Promotes a logged request (input and output) into a dataset as a pending example. */
    async promoteLog(entry) {
      if (!this.log.target) {
        this.error = 'choose a dataset to promote into';
        return;
      }
      const body = { evalLogId: entry.id };
      if (this.log.label.trim()) {
        body.label = this.log.label.trim();
      }
      await this.call(async () => {
        const r = await http.post('/api/v1/datasets/' + enc(this.log.target) + '/examples/from-eval-log', body);
        this.notice = (r.imported === undefined ? 1 : r.imported) + ' example(s) promoted from the eval log';
      });
    },

    /** An entry's ratings as the conversations page shows them (bound with x-text: never HTML). */
    feedbackText(entry) {
      const all = Array.isArray(entry.feedback) ? entry.feedback : [];
      return all.map((f) => (f.rating > 0 ? '👍' : '👎') + (f.reason ? ' ' + String(f.reason) : '')).join(' · ');
    },

    /** A logged request or answer in a few words: texts, labels or the message, not the envelope. */
    brief(v) {
      let text;
      if (v && typeof v === 'object') {
        if (Array.isArray(v.inputs)) {
          text = v.inputs.join(' | ');
        } else if (Array.isArray(v.messages) && v.messages.length) {
          text = String(v.messages[v.messages.length - 1].content || '');
        } else if (typeof v.query === 'string') {
          text = v.query;
        } else if (Array.isArray(v.results)) {
          text = v.results.map((r) => (typeof r.label === 'string' ? r.label : r.text || r.documentId || '')).join(', ');
        } else if (v.message && typeof v.message.content === 'string') {
          text = v.message.content;
        }
      }
      if (text === undefined) {
        text = this.show(v);
      }
      return text.length > 120 ? text.slice(0, 117) + '…' : text;
    },

    pct,
    num,
  });
}

export function trainingPage() {
  return page({
    jobs: [],
    versions: [],
    classifiers: [],
    form: { datasetVersionId: '', name: 'intents', architecture: 'softmax', epochs: 30, learningRate: 0.01 },
    job: null,
    source: null,
    points: [],
    timer: null,

    init() {
      this.load();
      allVersions().then((v) => {
        this.versions = v.filter((x) => x.task === 'classification');
        if (this.versions.length && !this.form.datasetVersionId) {
          this.form.datasetVersionId = this.versions[0].id;
        }
      }, (e) => (this.error = http.errorText(e)));
    },

    destroy() {
      this.closeStream();
      clearTimeout(this.timer);
      forget('loss');
    },

    async load() {
      await this.call(async () => {
        const [jobs, classifiers] = await Promise.all([http.get('/api/v1/training-jobs?limit=50'), http.get('/api/v1/classifiers')]);
        this.jobs = jobs.items;
        this.classifiers = classifiers.items;
      });
      clearTimeout(this.timer);
      if (this.jobs.some((j) => j.status === 'queued' || j.status === 'running')) {
        this.timer = setTimeout(() => this.load(), 2000);
      }
    },

    async start() {
      const params = {
        architecture: this.form.architecture,
        epochs: Number(this.form.epochs),
        learningRate: Number(this.form.learningRate),
      };
      await this.call(async () => {
        const job = await http.post('/api/v1/training-jobs', { kind: 'classifier', datasetVersionId: this.form.datasetVersionId, name: this.form.name.trim(), params });
        this.notice = 'training job queued';
        await this.load();
        this.watch(job);
      });
    },

    /** Follows a job over SSE: progress and loss-curve points until its final status. */
    watch(job) {
      this.closeStream();
      this.job = job;
      this.points = [];
      this.$nextTick(() => this.drawLoss());
      const source = new EventSource('/api/v1/training-jobs/' + enc(job.id) + '/events');
      this.source = source;
      source.addEventListener('status', (e) => {
        const data = JSON.parse(e.data);
        this.job = { ...this.job, ...data, id: job.id };
        if (['succeeded', 'failed', 'cancelled'].includes(data.status)) {
          this.job.progress = data.status === 'succeeded' ? 1 : this.job.progress;
          this.closeStream();
          this.load();
          if (!this.points.length && data.metrics && data.metrics.curve) {
            this.points = data.metrics.curve.map((p) => ({ ...p, endOfEpoch: true }));
            this.drawLoss();
          }
        }
      });
      source.addEventListener('progress', (e) => {
        const data = JSON.parse(e.data);
        this.job = { ...this.job, progress: data.progress, status: 'running' };
        if (data.point) {
          this.points.push(data.point);
          this.updateLoss(data.point);
        }
      });
      source.onerror = () => {
        // The server ends the stream after the final status; anything else is a lost connection.
        if (this.source === source && source.readyState === EventSource.CLOSED) {
          this.closeStream();
        }
      };
    },

    closeStream() {
      if (this.source) {
        this.source.close();
        this.source = null;
      }
    },

    drawLoss() {
      const steps = this.points;
      draw('loss', this.$refs.lossChart, {
        type: 'line',
        data: {
          datasets: [
            { label: 'training loss', data: steps.filter((p) => p.loss !== null && p.loss !== undefined).map((p) => ({ x: p.step, y: p.loss })), borderColor: 'rgb(37, 99, 235)', pointRadius: 0, borderWidth: 1.5 },
            { label: 'validation loss', data: steps.filter((p) => p.endOfEpoch && p.validationLoss !== null && p.validationLoss !== undefined).map((p) => ({ x: p.step, y: p.validationLoss })), borderColor: 'rgb(245, 158, 11)', pointRadius: 2, borderWidth: 1.5 },
          ],
        },
        options: { animation: false, maintainAspectRatio: false, parsing: false, scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { beginAtZero: true, title: { display: true, text: 'loss' } } } },
      });
    },

    updateLoss(p) {
      const chart = charts.get('loss');
      if (!chart) {
        this.drawLoss();
        return;
      }
      if (p.loss !== null && p.loss !== undefined) {
        chart.data.datasets[0].data.push({ x: p.step, y: p.loss });
      }
      if (p.endOfEpoch && p.validationLoss !== null && p.validationLoss !== undefined) {
        chart.data.datasets[1].data.push({ x: p.step, y: p.validationLoss });
      }
      chart.update('none');
    },

    async cancel(job) {
      await this.call(async () => {
        await http.post('/api/v1/training-jobs/' + enc(job.id) + '/cancel');
        this.notice = 'cancel requested';
        await this.load();
      });
    },

    metric(v, k) {
      const m = v.metrics || {};
      return m[k] === undefined ? '—' : pct(m[k]);
    },

    /** Pins a version: the classifier plugin serves it for that name (promote, or roll back). */
    async promote(v) {
      await this.call(async () => {
        await http.post('/api/v1/classifiers/' + enc(v.name) + '/promote', { version: v.version });
        this.notice = v.name + ' v' + v.version + ' now serves';
        await this.load();
      });
    },

    async serveLatest(name) {
      await this.call(async () => {
        await http.post('/api/v1/classifiers/' + enc(name) + '/promote', { version: null });
        this.notice = name + ': the latest version serves';
        await this.load();
      });
    },

    /**
     * Shadow-routes a version first: adds a shadow classify route to the classifier plugin with
     * that version in its config, so both answers are logged while the active version serves.
     */
    async shadow(v) {
      await this.call(async () => {
        const table = await http.get('/api/v1/routes');
        const routes = table.routes.filter((r) => !(r.task === 'classify' && r.plugin === 'classifier' && r.shadow));
        if (!routes.some((r) => r.task === 'classify' && !r.shadow)) {
          routes.push({ task: 'classify', plugin: 'classifier', weight: 100, shadow: false });
        }
        routes.push({ task: 'classify', plugin: 'classifier', weight: 100, shadow: true, config: { version: v.version } });
        await http.put('/api/v1/routes', { routes });
        this.notice = v.name + ' v' + v.version + ' shadows the classify route';
      });
    },

    pct,
  });
}
