// Validate each construct once per synth, and resolve the app's dependencies once (issue #7).
//
// cdk8s 2.x validates the WHOLE app once in `App.synth()` and then again for every chart it
// writes (`Chart.toJson()` → `App._synthChart()` → validate(app)), so an app with C charts runs
// every validation C + 1 times. The library's whole-app checks (certificate ↔ gateway wiring,
// solver selection, route order, sync waves, ...) made that the largest cost of synthesizing a
// fleet. Nothing can change between those passes — they run inside one synchronous
// `App.synth()` call, with no user code in between — so the first pass's result is the answer
// of every later pass.
//
// While an `App.synth()` / `App.synthYaml()` call runs, `node.validate()` returns the result the
// node gave earlier in the same call. Outside a synth (`Testing.synth(chart)`, direct
// `node.validate()` calls) nothing changes, and every new synth starts afresh, so mutating the
// app between two synths is always seen.
//
// The same holds for the rest of what cdk8s repeats per chart: `App._synthChart()` re-derives
// the whole app's dependencies (two walks over every construct) before it writes one chart.
// Inside a synth, after the first chart did that, later charts skip to writing their objects
// in the order cdk8s' own `chartToKube()` gives (same public `DependencyGraph` walk, same
// filter). And when no construct of the app has a dependency, the dependency graphs cdk8s
// builds to order the charts and each chart's objects (a vertex and a path string per
// construct) have no edges: their order is the tree order, which is taken directly.
// Installed once per process, when the library loads.
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Node } from 'constructs';

const INSTALLED = Symbol.for('cdk8s-istio-tls.synth-session');

/** Results of `node.validate()` in the running synth; undefined outside a synth. */
let session: WeakMap<Node, string[]> | undefined;

/** Apps whose dependencies the running synth already resolved (by a first full `_synthChart`). */
let prepared: WeakSet<App> | undefined;

/** Per app of the running synth: whether its objects are in tree order (no dependencies). */
let treeOrdered: WeakMap<App, boolean> | undefined;

/** Number of the running synth (1, 2, ...); undefined outside a synth. */
let sessionId: number | undefined;
let sessions = 0;

/**
 * Identifies the running `App.synth()` / `synthYaml()` call: the same number for every pass of
 * one synth, a new one for the next; undefined outside a synth (then nothing may be cached).
 */
export function synthSessionId(): number | undefined {
  return sessionId;
}

/** Values memoized by `synthMemo()` in the running synth; undefined outside a synth. */
let memo: WeakMap<object, Map<string, unknown>> | undefined;

/**
 * `compute()`, computed once per synth for `owner` and `key` (issue #7): several validations
 * of one synth ask the same derived question (a Certificate's resolved labels, asked by the
 * Certificate and by the pattern that owns it for every host). Like the validation results
 * above, the value lives only while the same `App.synth()` / `synthYaml()` call runs; outside
 * a synth `compute()` runs every time, so nothing is ever stale.
 */
export function synthMemo<T>(owner: object, key: string, compute: () => T): T {
  if (!memo) return compute();
  let values = memo.get(owner);
  if (!values) {
    values = new Map();
    memo.set(owner, values);
  }
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  values.set(key, value);
  return value;
}

function install(): void {
  const appProto = App.prototype as any;
  if (appProto[INSTALLED]) return; // another copy of the library installed it already
  Object.defineProperty(appProto, INSTALLED, { value: true });

  for (const method of ['synth', 'synthYaml']) {
    const original = appProto[method];
    if (typeof original !== 'function') continue;
    appProto[method] = function synthSession(this: App, ...args: unknown[]): unknown {
      if (session) return original.apply(this, args); // nested synth: one session
      session = new WeakMap();
      memo = new WeakMap();
      prepared = new WeakSet();
      treeOrdered = new WeakMap();
      sessionId = ++sessions;
      try {
        return original.apply(this, args);
      } finally {
        session = undefined;
        memo = undefined;
        prepared = undefined;
        treeOrdered = undefined;
        sessionId = undefined;
      }
    };
  }

  const nodeProto = Node.prototype as any;
  const validate: () => string[] = nodeProto.validate;
  nodeProto.validate = function validateOncePerSynth(this: Node): string[] {
    if (!session) return validate.call(this);
    let errors = session.get(this);
    if (errors === undefined) {
      errors = validate.call(this);
      session.set(this, errors);
    }
    return errors.length === 0 ? [] : [...errors];
  };

  // cdk8s' `_synthChart(chart)` = resolve the app's dependencies + validate the app + write the
  // chart's objects in dependency order. Only the first chart of a synth needs the first two.
  const appClass = App as any;
  const synthChart: ((chart: Chart) => any[]) | undefined = appClass._synthChart;
  if (typeof synthChart === 'function') {
    appClass._synthChart = function synthChartOncePrepared(this: unknown, chart: Chart): any[] {
      const app = prepared ? App.of(chart) : undefined;
      if (!prepared || !app || !prepared.has(app)) {
        const out = synthChart.call(this, chart);
        if (prepared && app) prepared.add(app);
        return out;
      }
      // what cdk8s' chartToKube() returns: the chart's own objects (not those of nested charts)
      // in the topological order of the chart's dependency graph
      const ordered = isTreeOrdered(app) ? chart.node.findAll() : new DependencyGraph(chart.node).topology();
      return ordered
        .filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart)
        .map((x) => x.toJson());
    };
  }

  // `App.charts` orders the charts by a dependency graph of every construct of the app
  const charts = Object.getOwnPropertyDescriptor(appProto, 'charts');
  if (charts?.get && charts.configurable) {
    const getCharts = charts.get;
    Object.defineProperty(appProto, 'charts', {
      ...charts,
      get(this: App): Chart[] {
        if (!treeOrdered || !isTreeOrdered(this)) return getCharts.call(this);
        return this.node.findAll().filter((x): x is Chart => Chart.isChart(x));
      },
    });
  }
}

/**
 * Whether the app's objects and charts are written in tree order in the running synth: no
 * construct has a dependency and no chart is a direct child of another chart (the only two
 * sources of the dependencies cdk8s adds itself; checked structurally, so the answer is right
 * even before cdk8s added them), so every dependency graph has no edges and its topological
 * order is the order its vertices were added: `findAll()` order. (Both orders put array-index
 * ids such as "0" first at the top level: constructs keeps children, and the graph its vertices,
 * in objects keyed by id or path.)
 */
function isTreeOrdered(app: App): boolean {
  let v = treeOrdered?.get(app);
  if (v === undefined) {
    v = app.node.findAll().every((c) => c.node.dependencies.length === 0 && !(Chart.isChart(c) && c.node.scope !== undefined && Chart.isChart(c.node.scope)));
    treeOrdered?.set(app, v);
  }
  return v;
}

install();
