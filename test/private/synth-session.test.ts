// Once-per-synth validation (src/private/synth-session.ts, issue #7): cdk8s validates the whole
// app once per chart; the library makes a synth validate each construct once.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import '../../src/validation/error';
import { SyncWaves } from '../../src/gitops/sync-waves';
import { entries, lookup, register } from '../../src/private/registry';
import { synthMemo } from '../../src/private/synth-session';

function tmpApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-session-')) });
}

class Counted extends Construct {
  public calls = 0;
  public problem: string | undefined;
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => { this.calls++; return this.problem ? [this.problem] : []; } });
  }
}

test('App.synth() runs each validation once, however many charts the app has', () => {
  const app = tmpApp();
  const charts = [0, 1, 2, 3, 4].map((i) => new Chart(app, `c${i}`));
  const c = new Counted(charts[2], 'Counted');
  app.synth();
  expect(c.calls).toBe(1);
  app.synthYaml();
  expect(c.calls).toBe(2);
});

test('a change between two synths is seen by the second', () => {
  const app = tmpApp();
  new Chart(app, 'a');
  const c = new Counted(new Chart(app, 'b'), 'Counted');
  app.synth();
  c.problem = 'broken';
  expect(() => app.synth()).toThrow(/\[b\/Counted\] broken/);
  c.problem = undefined;
  expect(() => app.synth()).not.toThrow();
});

test('outside a synth nothing is cached', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'a');
  const c = new Counted(chart, 'Counted');
  Testing.synth(chart);
  Testing.synth(chart);
  c.node.validate();
  expect(c.calls).toBe(3);
});

test('errors of the first pass fail the synth as before', () => {
  const app = tmpApp();
  new Chart(app, 'a');
  const c = new Counted(new Chart(app, 'b'), 'Counted');
  c.problem = 'broken';
  expect(() => app.synth()).toThrow(/Validation failed with the following errors:\n {2}\[b\/Counted\] broken/);
  expect(() => app.synthYaml()).toThrow(/\[b\/Counted\] broken/);
});

test('synthMemo computes once per synth and afresh outside a synth', () => {
  const app = tmpApp();
  const charts = [0, 1, 2].map((i) => new Chart(app, `c${i}`));
  const owner = {};
  let computed = 0;
  let seen: number[] = [];
  for (const chart of charts) {
    chart.node.addValidation({ validate: () => { seen.push(synthMemo(owner, 'k', () => ++computed)); return []; } });
  }
  app.synth();
  expect(seen).toEqual([1, 1, 1]);
  seen = [];
  app.synthYaml();
  expect(seen).toEqual([2, 2, 2]); // a new synth computes again
  expect(synthMemo(owner, 'k', () => ++computed)).toBe(3);
  expect(synthMemo(owner, 'k', () => ++computed)).toBe(4);
});

test('registry lookup reads without adding entries', () => {
  const app = tmpApp();
  const chart = new Chart(app, 'c');
  const a = new Construct(chart, 'a');
  expect(lookup('test:reg', 'x', a)).toEqual([]);
  expect(entries('test:reg', a).size).toBe(0);
  register('test:reg', 'x', a);
  expect(lookup('test:reg', 'x', new Construct(chart, 'b'))).toEqual([a]);
  expect([...entries('test:reg', a).keys()]).toEqual(['x']);
});

describe('whole-app caches live only inside one App.synth()', () => {
  test('a change made after a synth, in the same synchronous run, is seen by the next synth', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sess-')) });
    const chart = new Chart(app, 'c');
    SyncWaves.apply(chart);
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } });
    const first = app.synthYaml();
    new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'x' } });
    const second = app.synthYaml();
    expect(first).not.toContain('name: b');
    expect(second).toContain('name: b');
    expect(second.match(/argocd\.argoproj\.io\/sync-wave/g)?.length).toBe(2);
  });
});

describe('later charts of one synth skip re-deriving the app\'s dependencies', () => {
  /** An app whose output order depends on dependencies: across charts, inside a chart, and nested charts. */
  function dependentApp(): App {
    const app = tmpApp();
    const cm = (scope: Construct, id: string) =>
      new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase(), namespace: 'x' } });
    const base = new Chart(app, 'base');
    const shared = cm(base, 'Shared');
    const apps = new Chart(app, 'apps');
    const late = cm(apps, 'Late');
    const early = cm(apps, 'Early');
    late.addDependency(early); // written after Early although defined first
    early.addDependency(shared); // cross-chart: apps after base
    const group = new Construct(apps, 'Group');
    const inGroup = cm(group, 'InGroup');
    early.addDependency(group); // a construct dependency: every object under Group comes first
    const nested = new Chart(apps, 'nested');
    cm(nested, 'Nested').addDependency(shared); // written in its own chart, not in apps
    cm(new Chart(app, 'z-last'), 'Last');
    return app;
  }

  /** What cdk8s writes without the library's shortcut: each chart through `Testing.synth` outside a synth. */
  function unshortcut(app: App): string[][] {
    Testing.synth(app.charts[0]); // derives the chart-level dependencies, which order app.charts
    return app.charts.map((c) => Testing.synth(c).map((o: any) => `${o.kind}/${o.metadata.name}`));
  }

  test('every chart gets the objects and the order cdk8s gives it', () => {
    const app = dependentApp();
    const yaml = app.synthYaml();
    const written = yaml.split('\n---\n').map((doc) => /name: (\S+)/.exec(doc)?.[1]);
    const expected = unshortcut(dependentApp()).flat().map((s) => s.split('/')[1]);
    expect(written).toEqual(expected);
    // the dependencies above are really what orders them
    expect(expected.indexOf('early')).toBeLessThan(expected.indexOf('late'));
    expect(expected.indexOf('ingroup')).toBeLessThan(expected.indexOf('early'));
    expect(expected.indexOf('shared')).toBeLessThan(expected.indexOf('early'));
  });

  test('App.synth() writes the same files as cdk8s does chart by chart', () => {
    const app = dependentApp();
    app.synth();
    const files = fs.readdirSync(app.outdir).sort();
    const expected = unshortcut(dependentApp());
    expect(files.length).toBe(expected.length);
    const written = files.map((f) => fs.readFileSync(path.join(app.outdir, f), 'utf8').split('\n---\n')
      .map((doc) => `ConfigMap/${/name: (\S+)/.exec(doc)?.[1]}`));
    expect(written).toEqual(expected);
  });

  test('the app\'s dependencies are derived once per synth, not once per chart', () => {
    const proto = Object.getPrototypeOf(tmpApp().node);
    const getter = Object.getOwnPropertyDescriptor(proto, 'dependencies')!.get!;
    let reads = 0;
    Object.defineProperty(proto, 'dependencies', { configurable: true, get() { reads++; return getter.call(this); } });
    try {
      dependentApp().synthYaml();
      const inOneSynth = reads;
      reads = 0;
      unshortcut(dependentApp()); // cdk8s' own per-chart path: every chart derives them again
      const perChart = reads;
      expect(inOneSynth).toBeGreaterThan(0);
      expect(inOneSynth * 2).toBeLessThan(perChart);
    } finally {
      Object.defineProperty(proto, 'dependencies', { configurable: true, get: getter });
    }
  });
});

describe('apps without dependencies are written in tree order without building dependency graphs', () => {
  const names = (yaml: string) => yaml.split('\n---\n').map((doc) => /name: (\S+)/.exec(doc)?.[1]);
  const cm = (scope: Construct, id: string) =>
    new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase(), namespace: 'x' } });

  /** cdk8s' own order: its chart order and each chart through Testing.synth, outside a synth. */
  function cdk8sOrder(app: App): (string | undefined)[] {
    Testing.synth(app.charts[0]);
    return app.charts.flatMap((c) => Testing.synth(c).map((o: any) => o.metadata.name));
  }

  const shapes: Array<[string, (app: App) => void]> = [
    ['flat charts, objects under plain constructs', (app) => {
      const b = new Chart(app, 'b');
      cm(b, 'B2'); cm(new Construct(b, 'Group'), 'B1'); cm(b, 'B0');
      cm(new Chart(app, 'a'), 'A0');
    }],
    ['charts with array-index ids (JavaScript orders such keys first, in the tree and in the graph)', (app) => {
      cm(new Chart(app, '1'), 'One'); cm(new Chart(app, 'x'), 'X'); cm(new Chart(app, '0'), 'Zero');
    }],
    ['nested charts (cdk8s makes the parent depend on the child)', (app) => {
      const parent = new Chart(app, 'parent');
      cm(parent, 'P0'); cm(new Chart(parent, 'child'), 'C0'); cm(parent, 'P1');
      cm(new Chart(app, 'other'), 'O0');
    }],
  ];

  for (const [what, build] of shapes) {
    test(`${what}: the same order as cdk8s`, () => {
      const app = tmpApp();
      build(app);
      const reference = tmpApp();
      build(reference);
      expect(names(app.synthYaml())).toEqual(cdk8sOrder(reference));
    });
  }

  test('nested charts are recognised even when the order is first asked for before cdk8s added their dependencies', () => {
    const build = (app: App) => {
      const parent = new Chart(app, 'parent');
      cm(parent, 'P0');
      cm(new Chart(parent, 'child'), 'C0');
      // App.synth() validates before it derives dependencies: this asks for the order first
      parent.node.addValidation({ validate: () => { void app.charts; return []; } });
    };
    const app = tmpApp();
    build(app);
    app.synth();
    const written = fs.readdirSync(app.outdir).sort().flatMap((f) => names(fs.readFileSync(path.join(app.outdir, f), 'utf8')));
    const reference = tmpApp();
    build(reference);
    expect(written).toEqual(cdk8sOrder(reference));
    expect(written).toEqual(['c0', 'p0']); // cdk8s writes the child chart first: the parent depends on it
  });

  test('no construct paths are computed to order the objects', () => {
    const app = tmpApp();
    shapes[0][1](app);
    for (let i = 0; i < 20; i++) cm(new Chart(app, `c${i}`), `Obj${i}`);
    const proto = Object.getPrototypeOf(app.node);
    const getter = Object.getOwnPropertyDescriptor(proto, 'path')!.get!;
    let reads = 0;
    Object.defineProperty(proto, 'path', { configurable: true, get() { reads++; return getter.call(this); } });
    try {
      app.synthYaml();
      const inOneSynth = reads;
      reads = 0;
      cdk8sOrder(app); // dependency graphs: a path per construct, per chart
      expect(inOneSynth * 5).toBeLessThan(reads);
    } finally {
      Object.defineProperty(proto, 'path', { configurable: true, get: getter });
    }
  });
});
