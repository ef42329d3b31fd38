// The README's example and its error message are real: the example compiles against the
// library and synthesizes valid manifests; the quoted error is what the library says.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { documents, ROOT } from './util/render';
import { validateManifests } from './util/schema';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function codeBlock(after: string, lang: string): string {
  const start = readme.indexOf(after);
  const open = readme.indexOf('```' + lang + '\n', start);
  return readme.slice(open + lang.length + 4, readme.indexOf('\n```', open + 1));
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
