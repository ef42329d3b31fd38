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
