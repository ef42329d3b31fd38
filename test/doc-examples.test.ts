// The doc-comment examples (`@example`, what Construct Hub shows in every language) are real:
// `npm run rosetta` compiles each in rosetta/default.ts-fixture (jsii-rosetta --fail); here each
// one runs in the same fixture, with `chart` a fresh chart, and its app synthesizes through the
// library's checks.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as ts from 'typescript';
import { Synthesis } from '../src/core/synthesis';
import { ROOT } from './util/render';

interface Example {
  /** `<file>: <class or member>` */
  readonly name: string;
  readonly owner: string;
  readonly source: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every `@example` and every ```ts block of the doc comments of src/ (what jsii puts in the assembly). */
function examples(): Example[] {
  const out: Example[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(?:export\s+)?(?:abstract\s+)?(?:class|interface|function|public|static|readonly|get|\s)*\s*([A-Za-z_]+)/g)) {
      const lines = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
      const owner = m[2];
      const name = `${path.relative(ROOT, file)}: ${owner}`;
      const at = lines.findIndex((l) => l.startsWith('@example'));
      if (at >= 0) {
        const end = lines.findIndex((l, i) => i > at && l.startsWith('@'));
        out.push({ name, owner, source: lines.slice(at + 1, end < 0 ? undefined : end).join('\n').trim() });
      }
      for (const block of m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n').matchAll(/```(?:ts|typescript)\b[^\n]*\n([\s\S]*?)```/g)) {
        out.push({ name: `${name} (block)`, owner, source: block[1] });
      }
    }
  }
  return out;
}

const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', 'default.ts-fixture'), 'utf8');
const all = examples();

test('the main constructs have an example', () => {
  const owners = new Set(all.map((e) => e.name.replace(/ \(block\)$/, '')));
  for (const expected of [
    'src/cert-manager/certificate.ts: Certificate', 'src/cert-manager/cluster-issuer.ts: ClusterIssuer', 'src/cert-manager/issuer.ts: Issuer',
    'src/istio/gateway.ts: Gateway', 'src/istio/virtual-service.ts: VirtualService',
    'src/gateway-api/gateway.ts: Gateway', 'src/gateway-api/http-route.ts: HttpRoute', 'src/trust/bundle.ts: Bundle',
    'src/gitops/gitops-repo.ts: GitOpsRepo', 'src/core/synthesis.ts: Synthesis',
    'src/patterns/https-redirect-gateway.ts: HttpsRedirectGateway', 'src/patterns/wildcard-certificate.ts: WildcardCertificate',
    'src/patterns/mesh-ca.ts: MeshCa',
  ]) {
    expect(owners).toContain(expected);
  }
});

describe('every doc-comment example runs in the rosetta fixture and synthesizes', () => {
  test.each(all.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    expect(fixture).toMatch(/^\/\/\/ here$/m);
    const source = fixture.replace(/^\/\/\/ here$/m, example.source).replace(/from 'cdk8s-istio-tls'/g, `from ${JSON.stringify(path.join(ROOT, 'src'))}`);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-example-'));
    const chart = new Chart(new App({ outdir: path.join(outdir, 'chart') }), 'test');
    // examples write where a user's app writes: CDK8S_OUTDIR, else dist/ (relative to the cwd)
    const [cwd, before] = [process.cwd(), process.env.CDK8S_OUTDIR];
    process.chdir(outdir);
    process.env.CDK8S_OUTDIR = path.join(outdir, 'out');
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('require', 'exports', 'chart', js)(require, {}, chart);
    } finally {
      process.chdir(cwd);
      if (before === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = before;
    }
    // the fixture's chart, whatever the example put in it, passes the library's checks
    expect(() => Synthesis.synth(chart.node.root as App)).not.toThrow();
  });
});
