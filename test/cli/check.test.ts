// The `check` command over manifests: the library's own output checks clean, broken sets are
// reported with file, document, object and field, output formats and exit codes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { run } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');

interface Ran {
  code: number;
  out: string;
  err: string;
}

function cli(args: string[], stdin = ''): Ran {
  let out = '';
  let err = '';
  const code = run(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, stdin: () => stdin });
  return { code, out, err };
}

/** Write `files` (name → YAML documents or text) into a fresh folder; returns it. */
function folder(files: { [name: string]: any[] | string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : content.map((d) => YAML.stringify(d)).join('---\n'));
  }
  return dir;
}

function json(args: string[]): any {
  const r = cli([...args, '--format', 'json']);
  return { code: r.code, ...JSON.parse(r.out) };
}

const selfSigned = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } };
const acmeHttp01 = {
  apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'le' },
  spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' }, solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }] } },
};
function certificate(ns: string, name: string, secretName: string, dnsNames: string[], issuer = 'selfsigned'): any {
  return { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name, namespace: ns }, spec: { secretName, dnsNames, issuerRef: { name: issuer, kind: 'ClusterIssuer', group: 'cert-manager.io' } } };
}
function gateway(ns: string, name: string, host: string, credentialName: string): any {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [host], tls: { mode: 'SIMPLE', credentialName } }] },
  };
}
const ingressDeployment = (ns: string) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istio-ingressgateway', namespace: ns },
  spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
});

/** The problems of `check` over `dir` as JSON findings. */
function findings(dir: string, args: string[] = []): any[] {
  return json(['check', ...args, dir]).findings;
}

describe('the library\'s own output', () => {
  test('the default app (dist/) checks clean', () => {
    const r = cli(['check', path.join(ROOT, 'dist')]);
    expect(r.out).toMatch(/^\d+ objects checked: 0 errors, 0 warnings$/m);
    expect(r.code).toBe(0);
    // the gateway pods' namespace is not in the Gateway: taken from the gateway chart the repo installs, and said
    expect(r.err).toMatch(/note: .*Gateway istio-system\/shop: gateway pods taken to run in "istio-system": the pods of Application argocd\/istio-ingressgateway \(Istio's gateway chart\) match selector istio=ingressgateway/);
    // the folders' clusters come from the Argo CD Applications of the repo
    expect(r.err).toMatch(/note: folder .*dist[/\\]ingress: synced by Application argocd\/ingress to the cluster Argo CD runs in/);
  });

  test.each(fs.readdirSync(path.join(ROOT, 'examples')).filter((e) => fs.existsSync(path.join(ROOT, 'examples', e, 'dist'))))('example %s checks without errors', (example) => {
    const r = cli(['check', '--quiet', path.join(ROOT, 'examples', example, 'dist')]);
    expect(r.out).toMatch(/objects checked: 0 errors/);
    expect(r.code).toBe(0);
  });
});

describe('whole-app checks over manifests', () => {
  test('a certificate outside the gateway pods\' namespace (default istio-system) names file, object and field', () => {
    const dir = folder({ 'app.yaml': [selfSigned, certificate('shop', 'shop', 'shop-tls', ['shop.example.io']), gateway('shop', 'web', 'shop.example.io', 'shop-tls')] });
    const r = cli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${path.join(dir, 'app.yaml')}#3 Gateway shop/web: error: spec.servers[0].tls.credentialName ("shop/shop-tls"): certificate ${path.join(dir, 'app.yaml')}#2 writes its Secret into namespace "shop", but Istio reads credentialName from the gateway workload namespace, taken to be "istio-system": no workload of the input matches the Gateway's selector`);
    expect(r.out).toContain('— if the gateway pods run in "shop", say so (--gateway-namespace shop, or check their Deployment or gateway chart Application with the rest); else create the Certificate in namespace "istio-system"');
    expect(r.out).toContain('[istio/gateway-certificates]');
  });

  test('the gateway pods\' namespace is taken from a workload of the input, or from --gateway-namespace', () => {
    const set = [selfSigned, certificate('shop', 'shop', 'shop-tls', ['shop.example.io']), gateway('shop', 'web', 'shop.example.io', 'shop-tls')];
    const withPods = cli(['check', folder({ 'app.yaml': [...set, ingressDeployment('shop')] })]);
    expect(withPods.code).toBe(0);
    expect(withPods.err).toContain('gateway pods taken to run in "shop": the pods of Deployment shop/istio-ingressgateway match selector istio=ingressgateway');
    const gatewayChart = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop-gateway', namespace: 'argocd' }, spec: { project: 'default', source: { repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'gateway', targetRevision: '1.30.3', helm: { releaseName: 'istio-ingressgateway' } }, destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' } } };
    const withChart = cli(['check', folder({ 'app.yaml': [...set, gatewayChart] })]);
    expect(withChart.code).toBe(0);
    expect(withChart.err).toContain('gateway pods taken to run in "shop": the pods of Application argocd/shop-gateway (Istio\'s gateway chart) match selector istio=ingressgateway');
    const given = cli(['check', '--gateway-namespace', 'shop', folder({ 'app.yaml': set })]);
    expect(given.code).toBe(0);
    expect(given.err).toContain('gateway pods taken to run in "shop" (--gateway-namespace)');
  });

  test('two Certificates writing one Secret', () => {
    const f = findings(folder({ 'a.yaml': [selfSigned, certificate('shop', 'one', 'tls', ['a.example.io']), certificate('shop', 'two', 'tls', ['b.example.io'])] }));
    expect(f).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'cert-manager/certificate-secrets', object: 'Certificate shop/one', field: 'spec.secretName', value: '"tls"', document: 2 })]));
  });

  test('a wildcard certificate on an issuer without a DNS-01 solver', () => {
    const f = findings(folder({ 'a.yaml': [acmeHttp01, certificate('shop', 'wild', 'wild-tls', ['*.example.io'], 'le')] }));
    const w = f.find((x) => x.check === 'cert-manager/certificate-acme');
    expect(w).toMatchObject({ severity: 'error', object: 'Certificate shop/wild', field: 'spec.dnsNames[0]', value: '"*.example.io"' });
    expect(w.fix).toMatch(/dns01/i);
  });

  test('a Certificate naming an Issuer of another namespace', () => {
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'ca', namespace: 'other' }, spec: { selfSigned: {} } };
    const cert = { ...certificate('shop', 'c', 'c-tls', ['c.example.io']), spec: { secretName: 'c-tls', dnsNames: ['c.example.io'], issuerRef: { name: 'ca', kind: 'Issuer' } } };
    const f = findings(folder({ 'a.yaml': [issuer, cert] }));
    expect(f.find((x) => x.check === 'cert-manager/certificate-issuer')).toMatchObject({ object: 'Certificate shop/c', field: 'spec.issuerRef' });
  });

  test('HTTP-01 challenge requests another VirtualService may take first (added to the default app)', () => {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(ROOT, 'dist', 'ingress', 'ingress.yaml'), 'utf8')).map((d) => d.toJS());
    const other = {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'legacy', namespace: 'shop' },
      spec: { gateways: ['istio-system/shop'], hosts: ['shop.example.com'], http: [{ match: [{ uri: { prefix: '/.well-known/' } }], route: [{ destination: { host: 'legacy.shop.svc.cluster.local' } }] }] },
    };
    const f = findings(folder({ 'ingress/ingress.yaml': [...docs, other] }));
    const problem = f.find((x) => x.check === 'istio/acme-challenge-routes');
    expect(problem).toMatchObject({ severity: 'error', object: 'VirtualService istio-system/shop', field: 'spec.hosts[0]', value: '"shop.example.com"', document: docs.findIndex((d) => d.kind === 'VirtualService' && d.metadata.name === 'shop') + 1 });
    expect(problem.problem).toMatch(/VirtualService shop\/legacy .* is also bound to gateway istio-system\/shop for this host.* rule http\[0\]/);
  });

  test('two gateways serving one host on one port with different certificates', () => {
    const f = findings(folder({ 'a.yaml': [gateway('istio-system', 'one', 'shop.example.io', 'one-tls'), gateway('istio-system', 'two', 'shop.example.io', 'two-tls')] }));
    expect(f.find((x) => x.check === 'istio/gateway-host-overlap')).toMatchObject({ field: 'spec.servers[0].hosts[0]', value: '"shop.example.io"' });
  });

  test('sync waves that make a Certificate wait for an issuer of a later wave', () => {
    const wave = (d: any, w: string) => ({ ...d, metadata: { ...d.metadata, annotations: { 'argocd.argoproj.io/sync-wave': w } } });
    const f = findings(folder({ 'apps/a.yaml': [wave(selfSigned, '3'), wave(certificate('shop', 'c', 'c-tls', ['c.example.io']), '1')] }));
    const w = f.find((x) => x.check === 'gitops/sync-waves');
    expect(w).toMatchObject({ severity: 'error', field: 'metadata.annotations["argocd.argoproj.io/sync-wave"]' });
    expect(w.problem).toMatch(/Certificate shop\/c is in sync wave 1 but waits for ClusterIssuer selfsigned .* in the later wave 3/);
  });

  test('objects without a wave are in wave 0 once a folder uses waves', () => {
    const f = findings(folder({ 'a.yaml': [{ ...selfSigned, metadata: { name: 'selfsigned', annotations: { 'argocd.argoproj.io/sync-wave': '2' } } }, certificate('shop', 'c', 'c-tls', ['c.example.io'])] }));
    expect(f.find((x) => x.check === 'gitops/sync-waves').problem).toMatch(/in sync wave 0 but waits for ClusterIssuer selfsigned/);
    // without any wave annotation, Argo CD's own ordering applies: nothing to check
    expect(findings(folder({ 'a.yaml': [selfSigned, certificate('shop', 'c', 'c-tls', ['c.example.io'])] }))).toEqual([]);
  });

  test('cert-manager\'s webhook rules for Certificate lifetimes (the same rule as the L2\'s)', () => {
    const life = (spec: any) => ({ ...certificate('shop', 'c', 'c-tls', ['c.example.io']), spec: { ...certificate('shop', 'c', 'c-tls', ['c.example.io']).spec, ...spec } });
    const one = (spec: any) => findings(folder({ 'a.yaml': [selfSigned, life(spec)] })).filter((x) => x.check === 'cert-manager/certificate-lifetime');
    expect(one({ duration: '30m' })).toEqual([expect.objectContaining({ field: 'spec.duration', value: '"30m"', problem: expect.stringContaining('certificate duration must be greater than 1h0m0s') })]);
    expect(one({ duration: '24h', renewBefore: '24h' })).toEqual([expect.objectContaining({ field: 'spec.renewBefore', problem: expect.stringContaining('certificate duration 24h0m0s must be greater than renewBefore 24h0m0s') })]);
    expect(one({ renewBefore: '1h', renewBeforePercentage: 30 })).toEqual([expect.objectContaining({ field: 'spec.renewBeforePercentage' })]);
    expect(one({ duration: '90d' })).toEqual([expect.objectContaining({ field: 'spec.duration', fix: expect.stringContaining('there is no "d"') })]);
    // valid in any Go form: cert-manager >= 1.14 keeps it as written
    expect(one({ duration: '2160h', renewBefore: '720h' })).toEqual([]);
  });

  test('a hook annotation in a folder Argo CD syncs', () => {
    const hooked = { ...certificate('shop', 'c', 'c-tls', ['c.example.io']), metadata: { name: 'c', namespace: 'shop', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } } };
    expect(findings(folder({ 'a.yaml': [selfSigned, hooked] })).find((x) => x.check === 'gitops/argocd-hygiene'))
      .toMatchObject({ field: 'metadata.annotations["argocd.argoproj.io/hook"]', value: '"PreSync"' });
  });

  test('Let\'s Encrypt\'s limits over every certificate given (one first sync)', () => {
    const certs = Array.from({ length: 51 }, (_, i) => certificate('shop', `c${i}`, `c${i}-tls`, [`s${i}.example.io`], 'le'));
    const f = findings(folder({ 'a.yaml': [acmeHttp01, ...certs] }));
    const budget = f.find((x) => x.check === 'gitops/letsencrypt-budget');
    expect(budget).toMatchObject({ severity: 'error', field: 'certificates[example.io]', problem: expect.stringContaining('registered domain example.io would get 51 new certificates from Let\'s Encrypt production in one week (limit 50') });
    expect(budget.value).toContain('Certificate shop/c0');
  });

  test('annotations over the API server\'s 256 KiB', () => {
    const big = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'x', annotations: { note: 'x'.repeat(262_145) } }, data: {} };
    expect(findings(folder({ 'a.yaml': [big] })).find((x) => x.check === 'gitops/apply-limits')).toMatchObject({ object: 'ConfigMap x/big' });
  });

  test('fields the pinned CRDs do not have, and versions they no longer serve', () => {
    const f = findings(folder({
      'a.yaml': [
        { ...acmeHttp01, spec: { acme: { ...acmeHttp01.spec.acme, solvers: [{ http01: { istio: { gateways: ['istio-system/gw'] } } }] } } },
        { ...certificate('shop', 'old', 'old-tls', ['o.example.io']), apiVersion: 'cert-manager.io/v1alpha2' },
        { ...gateway('istio-system', 'gw', 'g.example.io', 'g-tls'), apiVersion: 'networking.istio.io/v1alpha3', spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: '443x', protocol: 'HTTPS' }, hosts: ['g.example.io'] }] } },
      ],
    }));
    const schema = f.filter((x) => x.check === 'core/schema');
    expect(schema).toEqual(expect.arrayContaining([
      expect.objectContaining({ object: 'ClusterIssuer le', field: 'spec.acme.solvers[0].http01.istio', problem: expect.stringContaining('is not a field of this object in the cert-manager.io/v1 ClusterIssuer schema') }),
      expect.objectContaining({ object: 'Certificate shop/old', field: 'apiVersion', value: '"cert-manager.io/v1alpha2"', fix: expect.stringContaining('cert-manager.io/v1') }),
      // v1alpha3 is still served: checked with its schema
      expect.objectContaining({ object: 'Gateway istio-system/gw', field: 'spec.servers[0].port.number', problem: expect.stringContaining('must be an integer') }),
    ]));
  });

  test('documents that are not objects, and List kinds', () => {
    const f = findings(folder({ 'a.yaml': [{ kind: 'Certificate', metadata: { name: 'x' } }, { apiVersion: 'v1', kind: 'List', items: [{ ...selfSigned, spec: { selfSigned: {}, bogus: 1 } }] }] }));
    expect(f).toEqual(expect.arrayContaining([
      expect.objectContaining({ check: 'manifests/shape', document: 1, field: 'apiVersion' }),
      expect.objectContaining({ check: 'core/schema', document: 2, object: 'ClusterIssuer selfsigned', field: 'spec.bogus' }),
    ]));
  });

  test('folders synced to different clusters by Argo CD Applications are different clusters', () => {
    const app = (name: string, dest: any) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd' }, spec: { project: 'default', source: { repoURL: 'https://example.io/r.git', path: `repo/${name}` }, destination: dest } });
    const set = [selfSigned, certificate('istio-system', 'c', 'tls', ['c.example.io'])];
    const apart = folder({ 'repo/argocd/apps.yaml': [app('a', { name: 'cluster-a' }), app('b', { name: 'cluster-b' })], 'repo/a/x.yaml': set, 'repo/b/x.yaml': set });
    expect(findings(apart)).toEqual([]);
    const together = folder({ 'repo/argocd/apps.yaml': [app('a', { server: 'https://kubernetes.default.svc' }), app('b', { name: 'in-cluster' })], 'repo/a/x.yaml': set, 'repo/b/x.yaml': set });
    expect(findings(together).map((x) => x.check)).toEqual(expect.arrayContaining(['cert-manager/certificate-names', 'cert-manager/certificate-secrets']));
  });
});

describe('the command', () => {
  const broken = () => folder({ 'a.yaml': [selfSigned, certificate('shop', 'one', 'tls', ['a.example.io']), certificate('shop', 'two', 'tls', ['b.example.io'])] });

  test('JSON output parses and counts', () => {
    const r = json(['check', broken()]);
    expect(r.code).toBe(1);
    expect(r.objects).toBe(3);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.findings[0]).toEqual(expect.objectContaining({ severity: 'error', file: expect.stringContaining('a.yaml'), document: expect.any(Number), line: expect.any(Number), check: expect.any(String), field: expect.any(String), fix: expect.any(String) }));
  });

  test('SARIF 2.1.0: rules, results with file and line, notes', () => {
    const r = cli(['check', '--format', 'sarif', broken()]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('cdk8s-istio-tls');
    const ids = run0.tool.driver.rules.map((x: any) => x.id);
    for (const res of run0.results) {
      expect(ids[res.ruleIndex]).toBe(res.ruleId);
      expect(['error', 'warning']).toContain(res.level);
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toMatch(/a\.yaml$/);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    // document 3 starts after two documents and their separators
    const second = run0.results.find((x: any) => x.message.text.startsWith('Certificate shop/two'));
    const linesOf = (d: any) => YAML.stringify(d).split('\n').length - 1;
    expect(second.locations[0].physicalLocation.region.startLine).toBe(linesOf(selfSigned) + 1 + linesOf(certificate('shop', 'one', 'tls', ['a.example.io'])) + 1 + 1);
  });

  test('standard input', () => {
    const r = cli(['check', '-'], [selfSigned, certificate('shop', 'one', 'tls', ['a.example.io']), certificate('shop', 'two', 'tls', ['b.example.io'])].map((d) => YAML.stringify(d)).join('---\n'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^-#2 Certificate shop\/one: error: spec\.secretName/m);
  });

  test('warnings fail only with --strict', () => {
    // a shared credential across overlapping gateways is a warning
    const dir = folder({ 'a.yaml': [{ ...gateway('istio-system', 'one', 'a.example.io', 'tls') }, { ...gateway('istio-system', 'two', 'b.example.io', 'tls') }] });
    const plain = cli(['check', dir]);
    expect(plain.out).toMatch(/ warning: /);
    expect(plain.code).toBe(0);
    expect(cli(['check', '--strict', dir]).code).toBe(1);
  });

  test('usage and unreadable input exit 2 with the reason', () => {
    expect(cli(['check']).code).toBe(2);
    expect(cli(['check', '--format', 'xml', 'x']).err).toContain('--format must be one of text, json, sarif, not "xml"');
    expect(cli(['check', '--bogus', 'x']).err).toContain('unknown option --bogus');
    expect(cli(['lint', 'x']).code).toBe(2);
    const missing = cli(['check', '/no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('/no/such/dir: no such file or directory');
    const bad = cli(['check', folder({ 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nkey: [unclosed\n' })]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml:\d+: not valid YAML/);
    expect(cli(['--help']).out).toContain('usage: cdk8s-istio-tls check');
    expect(cli(['check', '--version']).out).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('directories are read recursively, YAML and JSON, hidden folders skipped', () => {
    const dir = folder({ 'a/b/c.json': JSON.stringify(selfSigned), '.git/x.yaml': 'not: [valid', 'README.md': '# not a manifest' });
    const r = json(['check', dir]);
    expect(r).toMatchObject({ code: 0, objects: 1 });
  });
});

describe('the reference documents\' manifests, as written', () => {
  // test/cli/seeds/NNN.yaml: the Kubernetes objects of ../shared/seeds/NNN_*.txt, verbatim
  // (see each file's header); each is reported with the reasons the library refuses it
  const SEEDS = path.join(__dirname, 'seeds');
  const reasons = (seed: string) => json(['check', path.join(SEEDS, `${seed}.yaml`)]);
  const has = (check: string, document: number, field: string, problem?: RegExp) => expect.objectContaining({ check, document, field, ...(problem ? { problem: expect.stringMatching(problem) } : {}) });

  test('000: the http01.istio solver cert-manager never shipped', () => {
    const r = reasons('000');
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(expect.arrayContaining([
      has('core/schema', 1, 'spec.acme.solvers[0].http01.istio', /is not a field of this object in the cert-manager\.io\/v1 Issuer schema/),
      has('core/schema', 4, 'spec.acme.solvers[0].http01.istio'),
    ]));
  });

  test('001: cert-manager\'s retired API group, host:port gateway hosts, one host on two gateways', () => {
    const r = reasons('001');
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(expect.arrayContaining([
      has('core/schema', 1, 'apiVersion', /certmanager\.k8s\.io was retired in cert-manager v0\.11/),
      has('core/schema', 2, 'apiVersion'),
      has('istio/gateway-hosts', 3, 'spec.servers[1].hosts[1]', /a host carries no port/),
      has('istio/gateway-host-overlap', 4, 'spec.servers[0].hosts[0]', /IST0145|one of the servers is ignored/),
    ]));
  });

  test('002: a contact Let\'s Encrypt refuses, IstioOperators without a name', () => {
    const r = reasons('002');
    expect(r.code).toBe(1);
    expect(r.findings).toEqual(expect.arrayContaining([
      has('cert-manager/acme-contact', 1, 'spec.acme.email', /Let's Encrypt refuses this contact/),
      has('manifests/shape', 3, 'metadata.name'),
    ]));
  });

  test('003: wiring — HTTP-01 routes on an Istio Gateway, port-80 conflicts, uncovered hosts, contacts', () => {
    const r = reasons('003');
    expect(r.code).toBe(1);
    const checks = new Set(r.findings.map((f: any) => f.check));
    for (const c of ['cert-manager/acme-contact', 'istio/gateway-host-overlap', 'istio/gateway-certificates', 'gateway-api/solver-routes']) expect(checks).toContain(c);
  });

  test('004: the istio-csr documents\' objects are accepted', () => {
    expect(reasons('004')).toMatchObject({ code: 0, errors: 0 });
  });
});
