// The README's example and its error message are real: the example compiles against the
// library and synthesizes valid manifests; the quoted error is what the library says. And it
// works in a user's project as the README's Install section sets one up: compiled under the
// tsconfig.json of `cdk8s init typescript-app`, run by `cdk8s synth -o DIR`, without the
// optional cdk8s-plus-27. Its links work where the README is read outside the repository
// (npm, Construct Hub).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { documents, ROOT } from './util/render';
import { validateManifests } from './util/schema';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function codeBlock(after: string, lang: string): string {
  const start = readme.indexOf(after);
  // the info string may carry jsii-rosetta parameters after the language (`ts nofixture`)
  const open = readme.slice(start).search(new RegExp('```' + lang + '( [^\\n]*)?\\n')) + start;
  const body = readme.indexOf('\n', open) + 1;
  return readme.slice(body, readme.indexOf('\n```', body - 1));
}

/** Run the example as `cdk8s synth -o <outdir>` runs an app: CDK8S_OUTDIR names the output folder. */
function run(source: string, outdir: string): void {
  const js = ts.transpileModule(source.replace(/from 'cdk8s-istio-tls'/g, `from ${JSON.stringify(path.join(ROOT, 'src'))}`),
    { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', js)(require, {});
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = before;
  }
}

test('the README example synthesizes schema-valid manifests', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  run(codeBlock('## A short example', 'ts'), outdir);
  expect(fs.readdirSync(outdir).sort()).toEqual(['argocd', 'ingress', 'mesh']);
  const docs = documents(outdir).map((d) => d.doc);
  expect(docs.length).toBeGreaterThan(20);
  expect(validateManifests(docs)).toEqual([]);
});

test('the README quotes the error a wildcard on an HTTP-01-only issuer gets', () => {
  const example = codeBlock('## A short example', 'ts').replace(/  dns01: certManager\.Dns01Provider\.cloudflare\(.*\),\n/, '');
  const quoted = codeBlock('A mistake fails the synth', '').split('\n').map((l) => l.trim()).join(' ');
  let message = '';
  try {
    run(example, fs.mkdtempSync(path.join(os.tmpdir(), 'readme-')));
  } catch (e) {
    message = (e as Error).message.split('\n').map((l) => l.trim()).join(' ');
  }
  expect(message).toContain(quoted);
});

describe('in a `cdk8s init typescript-app` project', () => {
  /** The project: node_modules with cdk8s, constructs and the library (compiled here), not cdk8s-plus-27. */
  let project: string;
  const cdk8sCli = path.dirname(require.resolve('cdk8s-cli/package.json'));
  /** The tsconfig.json `cdk8s init typescript-app` writes (strict, noUnusedLocals, no skipLibCheck). */
  const templateTsconfig = path.join(cdk8sCli, 'templates', 'typescript-app', 'tsconfig.json');

  /** The folder of an installed package (re2js exports no `./package.json`: found from its main file). */
  function packageDir(name: string): string {
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    return dir;
  }

  function link(name: string): void {
    const to = path.join(project, 'node_modules', name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.symlinkSync(path.dirname(require.resolve(`${name}/package.json`)), to, 'dir');
  }

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-project-'));
    // the package as npm installs it: lib/src and lib/imports (.js, .d.ts) from the build's
    // tsconfig.json, package.json, the bundled packages
    const lib = path.join(project, 'node_modules', 'cdk8s-istio-tls');
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT);
    const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], {
      ...config.options, outDir: path.join(lib, 'lib'), incremental: false, tsBuildInfoFile: undefined,
    });
    const emitted = program.emit();
    expect(ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    const { name, version, main, types, peerDependencies, peerDependenciesMeta, dependencies } = pkg;
    fs.writeFileSync(path.join(lib, 'package.json'), JSON.stringify({ name, version, main, types, peerDependencies, peerDependenciesMeta, dependencies }));
    fs.mkdirSync(path.join(lib, 'node_modules'));
    for (const bundled of ['tldts', 're2js', 'yaml']) fs.symlinkSync(packageDir(bundled), path.join(lib, 'node_modules', bundled), 'dir');
    for (const dep of ['cdk8s', 'constructs', '@types/node']) link(dep);
    expect(fs.existsSync(path.join(project, 'node_modules', 'cdk8s-plus-27'))).toBe(false);
    fs.copyFileSync(templateTsconfig, path.join(project, 'tsconfig.json'));
    // the template runs `npx ts-node main.ts`: the same type check, then node
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\n');
  }, 120_000);

  /** The type errors of the project's main.ts and dashboard.ts (compiled together, emitted next to them). */
  let diagnostics: Map<string, string[]>;

  beforeAll(() => {
    const sources: Record<string, string> = {
      'main.ts': codeBlock('## A short example', 'ts'),
      // a construct that needs cdk8s-plus-27, which the project does not have
      'dashboard.ts': [
        "import { App, Chart } from 'cdk8s';",
        "import { monitoring } from 'cdk8s-istio-tls';",
        "new monitoring.CertManagerDashboard(new Chart(new App(), 'monitoring'), 'Dashboard');",
      ].join('\n'),
    };
    for (const [file, source] of Object.entries(sources)) fs.writeFileSync(path.join(project, file), source);
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(project, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, project);
    const program = ts.createProgram(config.fileNames, config.options);
    diagnostics = new Map(Object.keys(sources).map((f) => [f, []]));
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file ? path.relative(project, d.file.fileName) : '';
      const list = diagnostics.get(file) ?? diagnostics.set(file, []).get(file)!;
      list.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    }
    program.emit();
  }, 120_000);

  function run(command: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CDK8S_ISTIO_TLS_QUIET;
    delete env.CDK8S_OUTDIR;
    return spawnSync(process.execPath, command, { cwd: project, env, encoding: 'utf8' });
  }

  test('the template\'s tsconfig.json is strict and checks the library\'s .d.ts: they have no type error either', () => {
    const template = JSON.parse(fs.readFileSync(templateTsconfig, 'utf8')).compilerOptions;
    expect(template).toEqual(expect.objectContaining({ strict: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true }));
    expect(template.skipLibCheck).toBeUndefined();
    // e.g. a public type naming cdk8s-plus-27: TS2307 in node_modules/cdk8s-istio-tls/lib/src/...d.ts
    expect(Object.fromEntries(diagnostics)).toEqual({ 'dashboard.ts': [], 'main.ts': [] });
  });

  test('the README example compiles, and `cdk8s synth -o out` writes into out/ and shows the synth summary', () => {
    expect(diagnostics.get('main.ts')).toEqual([]);
    const synth = run([path.join(cdk8sCli, 'bin', 'cdk8s'), 'synth', '--no-check-upgrade', '-o', 'out']);
    expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: expect.stringContaining('cdk8s-istio-tls synth summary') });
    expect(synth.stderr).toMatch(/shop\.example\.com +istio-system\/shop/);
    expect(synth.stdout).toContain('out/ingress/ingress.yaml');
    const out = path.join(project, 'out');
    expect(fs.readdirSync(out).sort()).toEqual(['argocd', 'ingress', 'mesh']);
    expect(validateManifests(documents(out).map((d) => d.doc))).toEqual([]);
  }, 120_000);

  test('a construct that needs the optional cdk8s-plus-27 compiles, and says so when run without it', () => {
    expect(diagnostics.get('dashboard.ts')).toEqual([]);
    const result = run(['dashboard.js']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('[monitoring/Dashboard] CertManagerDashboard builds its ConfigMap with cdk8s-plus-27, an optional peer dependency of '
      + 'cdk8s-istio-tls that is not installed (peerDependencies: "cdk8s-plus-27") — install it next to cdk8s: npm install cdk8s-plus-27@^2.9.5');
  });
});

describe('links work outside the repository (npm, Construct Hub)', () => {
  const repository = pkg.repository.url.replace(/\.git$/, '');
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

  test('package.json names the repository, the homepage and the issue tracker', () => {
    expect(repository).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
    expect(pkg.homepage).toBe(`${repository}#readme`);
    expect(pkg.bugs).toEqual({ url: `${repository}/issues` });
  });

  test('every link is absolute or an anchor of the README', () => {
    expect(links.length).toBeGreaterThan(15);
    expect(links.filter((l) => !/^(https:\/\/|#)/.test(l))).toEqual([]);
    for (const anchor of links.filter((l) => l.startsWith('#'))) {
      const headings = [...readme.matchAll(/^#+ (.*)$/gm)].map((m) => '#' + m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
      expect(headings).toContain(anchor);
    }
  });

  test('links into the repository name files and folders that exist', () => {
    const inRepo = links.filter((l) => l.startsWith(repository + '/'));
    expect(inRepo.length).toBeGreaterThan(15);
    for (const l of inRepo) {
      const m = /^\/(blob|tree)\/main\/(.+)$/.exec(l.slice(repository.length));
      expect({ link: l, form: m !== null }).toEqual({ link: l, form: true });
      const target = path.join(ROOT, m![2]);
      expect({ link: l, exists: fs.existsSync(target) && (m![1] === 'tree') === fs.statSync(target).isDirectory() }).toEqual({ link: l, exists: true });
    }
  });
});
