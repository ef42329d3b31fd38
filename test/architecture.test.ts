// The library's own architecture (ARCHITECTURE.md): it leaves cdk8s and constructs as they are,
// its whole-app failures are recognisable wherever they are thrown, and no file of src/ imports
// itself back (type-only imports included, which eslint's no-cycle does not follow).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct, Node } from 'constructs';

/** Every own property of a prototype (or class), with its descriptor's functions and values. */
function snapshot(target: object): Map<string | symbol, unknown> {
  const out = new Map<string | symbol, unknown>();
  for (const key of Reflect.ownKeys(target)) {
    const d = Object.getOwnPropertyDescriptor(target, key)!;
    out.set(key, [d.value, d.get, d.set, d.writable, d.enumerable, d.configurable]);
  }
  return out;
}

const TARGETS: Array<[string, object]> = [
  ['App.prototype', App.prototype], ['App', App], ['Chart.prototype', Chart.prototype], ['Chart', Chart],
  ['ApiObject.prototype', ApiObject.prototype], ['ApiObject', ApiObject], ['Node.prototype', Node.prototype],
  ['Construct.prototype', Construct.prototype],
];

test('loading the library and synthesizing an app leaves App, Chart, ApiObject, Node and Construct unchanged', () => {
  const before = TARGETS.map(([name, t]) => [name, snapshot(t)] as const);
  // loaded only now: everything it does at load time counts
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../src');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'ingress');
  const issuer = new lib.certManager.ClusterIssuer(chart, 'LetsEncrypt', { config: lib.certManager.IssuerConfig.selfSigned() });
  new lib.certManager.Certificate(chart, 'Web', { issuer, dnsNames: ['web.example.com'] });
  lib.gitops.SyncWaves.apply(app);
  app.synth();
  lib.Synthesis.synth(app);
  Testing.synth(chart);
  for (const [name, snap] of before) {
    const after = snapshot(TARGETS.find(([n]) => n === name)![1]);
    expect({ name, keys: [...after.keys()].map(String) }).toEqual({ name, keys: [...snap.keys()].map(String) });
    for (const [key, value] of snap) expect({ name, key: String(key), same: after.get(key) !== undefined && JSON.stringify(after.get(key)) === JSON.stringify(value) && (after.get(key) as unknown[]).every((v, i) => v === (value as unknown[])[i]) }).toEqual({ name, key: String(key), same: true });
  }
});

describe('whole-app failures are the library\'s errors wherever they are thrown', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../src');

  function twoApplications(app: App): void {
    const chart = new Chart(app, 'argocd');
    const source = lib.gitops.ApplicationSource.git({ repoURL: 'https://github.com/example-org/gitops.git', path: 'apps' });
    new lib.gitops.Application(chart, 'A', { metadata: { name: 'apps' }, source });
    new lib.gitops.Application(chart, 'B', { metadata: { name: 'apps' }, source });
  }

  function thrown(fn: () => unknown): any {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  }

  test.each([
    ['app.synth()', (app: App) => app.synth()],
    ['app.synthYaml()', (app: App) => app.synthYaml()],
    ['Testing.synth(chart)', (app: App) => Testing.synth(app.node.findChild('argocd') as Chart)],
    ['Synthesis.synth(app)', (app: App) => lib.Synthesis.synth(app)],
  ])('%s', (_name, synth) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-')) });
    twoApplications(app);
    const e = thrown(() => synth(app));
    expect(lib.Errors.isValidationError(e)).toBe(true);
    expect(e.message).toMatch(/^Validation failed with the following errors:\n {2}\[argocd\/B\] another Application \(argocd\/A\) has this name/);
    const problems = lib.Errors.problemsOf(e);
    expect(problems).toEqual([expect.objectContaining({
      severity: 'error', path: 'argocd/B', field: 'metadata.name', value: '"apps"', object: 'Application argocd/apps', fix: 'give each Application its own name',
    })]);
  });

  test('every problem of the app is reported at once, the constructs\' own validations too', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-')) });
    twoApplications(app);
    const other = new Construct(app.node.findChild('argocd'), 'Foreign');
    other.node.addValidation({ validate: () => ['foreign problem'] });
    for (const synth of [() => app.synth(), () => lib.Synthesis.synth(app)]) {
      const e = thrown(synth);
      expect(lib.Errors.isValidationError(e)).toBe(true);
      expect(lib.Errors.problemsOf(e).map((p: any) => p.message)).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[argocd\/B\] another Application/),
        '[argocd/Foreign] foreign problem',
      ]));
    }
  });
});

describe('no import cycles in src/ (type-only imports included)', () => {
  const root = path.join(__dirname, '..', 'src');

  function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  }

  function resolve(from: string, spec: string): string | undefined {
    if (!spec.startsWith('.')) return undefined;
    const base = path.resolve(path.dirname(from), spec);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
  }

  test('the import graph is acyclic', () => {
    const graph = new Map<string, string[]>();
    for (const f of files(root)) {
      const text = fs.readFileSync(f, 'utf8');
      const deps = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms), ...text.matchAll(/^import\s+'([^']+)'/gm)]
        .map((m) => resolve(f, m[1])).filter((x): x is string => x !== undefined);
      graph.set(f, deps);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'visiting');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'visiting') cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(root, x)).join(' -> '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
