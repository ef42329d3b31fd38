// The cert-manager family's whole-app checks read the wire form: they hold for Certificates and
// issuers the library did not build (plain ApiObjects, manifests read from files), alone or
// next to the library's own constructs, and they name the L2's path when an L2 renders the object.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeSolver, Certificate, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig } from '../../src/cert-manager';
import { Synthesis } from '../../src/core';
import { CLUSTER_CONTEXT_KEY } from '../../src/private/cluster';
import { ValidationProblem } from '../../src/validation';
import { expectMessage, expectSynthFailure, newChart, synthValid } from '../util/expect';

const CM = 'cert-manager.io/v1';

// the charts of these tests have no namespace: manifests say theirs (cluster-scoped ones none)
function certificate(scope: Construct, id: string, spec: any, metadata: any = {}): ApiObject {
  return new ApiObject(scope, id, { apiVersion: CM, kind: 'Certificate', metadata: { name: id.toLowerCase(), namespace: 'shop', ...metadata }, spec });
}
function issuer(scope: Construct, id: string, kind: 'Issuer' | 'ClusterIssuer', spec: any, metadata: any = {}): ApiObject {
  const namespace = kind === 'Issuer' ? { namespace: 'shop' } : {};
  return new ApiObject(scope, id, { apiVersion: CM, kind, metadata: { name: id.toLowerCase(), ...namespace, ...metadata }, spec });
}
const acme = (solvers: any[]) => ({ acme: { server: 'https://acme-staging-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'le-account' }, solvers } });
const dns01 = (selector?: any) => ({ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } }, ...(selector ? { selector } : {}) });
const http01 = (selector?: any) => ({ http01: { ingress: { ingressClassName: 'istio' } }, ...(selector ? { selector } : {}) });

/** The problems of `app` (errors and warnings), without throwing: what a `check` over manifests reports. */
function problems(app: App): ValidationProblem[] {
  return Synthesis.problems([app]);
}
function messages(app: App): string[] {
  return problems(app).map((p) => p.message);
}

describe('Certificates and issuers as plain manifests', () => {
  test('a valid set passes', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Le', 'ClusterIssuer', acme([http01(), dns01({ dnsZones: ['example.com'] })]));
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['web.example.com', '*.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    expect(messages(app)).toEqual([]);
  });

  test('no solver, a wildcard with only HTTP-01, commonName outside the SANs: named by the object path and the wire field', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Le', 'Issuer', acme([http01({ dnsZones: ['example.com'] })]));
    certificate(chart, 'Web', { secretName: 'web-tls', commonName: 'x.example.org', dnsNames: ['web.example.org', '*.example.com'], issuerRef: { name: 'le' } });
    const found = problems(app);
    const at = (field: string) => found.find((p) => p.field === field)!;
    expect(at('spec.dnsNames[0]')).toMatchObject({ path: 'test/Web', object: 'Certificate shop/web', value: '"web.example.org"' });
    expectMessage(at('spec.dnsNames[0]').message, { path: 'test/Web', field: 'spec.dnsNames[0]', problem: /no solver of Issuer "le" is selected for this name/, fix: /widen a selector/ });
    expectMessage(at('spec.dnsNames[1]').message, { path: 'test/Web', field: 'spec.dnsNames[1]', value: '"*.example.com"', problem: /no DNS-01 solver of Issuer "le" .*\(only an HTTP-01 solver matches\)/, fix: /AcmeSolver.dns01/ });
    expectMessage(at('spec.commonName').message, { path: 'test/Web', field: 'spec.commonName', value: '"x.example.org"', problem: /ACME requires the commonName to also be in dnsNames/, fix: /add "x.example.org" to dnsNames/ });
  });

  test('matchLabels are matched against the manifest\'s labels', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Le', 'ClusterIssuer', acme([dns01({ matchLabels: { dns: 'cloudflare' } })]));
    certificate(chart, 'A', { secretName: 'a-tls', dnsNames: ['*.a.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } }, { labels: { dns: 'cloudflare' } });
    certificate(chart, 'B', { secretName: 'b-tls', dnsNames: ['*.b.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    expect(problems(app).map((p) => `${p.path} ${p.field}`)).toEqual(['test/B spec.dnsNames[0]']);
  });

  test('uris and emailAddresses with ACME, a duration the CA is not sent (warning)', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Le', 'ClusterIssuer', acme([http01()]));
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['web.example.com'], uris: ['spiffe://x/y'], duration: '720h0m0s', issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    const found = problems(app);
    expect(found.map((p) => [p.severity, p.field])).toEqual([['error', 'spec.uris'], ['warning', 'spec.duration']]);
    expect(found[1].message).toMatch(/^\[test\/Web\] duration 720h0m0s is not sent to the ACME server \(issuer le has no enableDurationFeature\)/);
  });

  test('an ACME issuer without solvers is reported once, on the issuer', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Le', 'ClusterIssuer', acme([]));
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    expect(messages(app)).toEqual([expect.stringMatching(/^\[test\/Le\] an ACME issuer without solvers cannot complete any challenge \(spec\.acme\.solvers: \[\]\) — pass solvers/)]);
  });

  test('a namespaced Issuer found only in another namespace', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Ca', 'Issuer', { ca: { secretName: 'root' } }, { namespace: 'pki' });
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'ca' } });
    certificate(chart, 'InPki', { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'ca' } }, { namespace: 'pki' });
    const [p, ...rest] = problems(app);
    expect(rest).toEqual([]);
    expectMessage(p.message, { path: 'test/Web', field: 'spec.issuerRef', value: '"pki/ca"', problem: /Issuer "ca" is namespaced and lives in namespace "pki", but the Certificate is in "shop"/, fix: /define the Issuer in namespace "shop" or use a ClusterIssuer/ });
  });

  test('the issuer stand-in of an importer counts: a manifest naming an imported Issuer of another namespace', () => {
    const { app, chart } = newChart();
    Issuer.fromIssuerName(chart, 'Imported', 'ca', { namespace: 'pki' });
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'ca' } });
    expect(problems(app).map((p) => `${p.path} ${p.field} ${p.value}`)).toEqual(['test/Web spec.issuerRef "pki/ca"']);
  });

  test('two Certificates writing one Secret, two with one name, two issuers with one name', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Ca', 'ClusterIssuer', { ca: { secretName: 'root' } }, { name: 'ca' });
    issuer(chart, 'Ca2', 'ClusterIssuer', { ca: { secretName: 'root' } }, { name: 'ca' });
    const ref = { name: 'ca', kind: 'ClusterIssuer' };
    certificate(chart, 'A', { secretName: 'shared', dnsNames: ['a.example.com'], issuerRef: ref });
    certificate(chart, 'B', { secretName: 'shared', dnsNames: ['b.example.com'], issuerRef: ref });
    certificate(chart, 'C', { secretName: 'c-tls', dnsNames: ['c.example.com'], issuerRef: ref }, { name: 'a' });
    const found = messages(app);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[test\/A\] Certificates test\/A and test\/B write the same Secret "shop\/shared"; .*\(spec\.secretName: "shared"\)/),
      expect.stringMatching(/^\[test\/B\] Certificates test\/B and test\/A write the same Secret/),
      expect.stringMatching(/^\[test\/C\] another Certificate named "a" in namespace "shop" is defined at test\/A \(metadata\.name: "a"\)/),
      expect.stringMatching(/^\[test\/Ca2\] another ClusterIssuer with the same name is defined at test\/Ca \(metadata\.name: "ca"\)/),
    ]));
    expect(found).toHaveLength(6); // A, B (Secret); A, C (name); Ca, Ca2 (issuer name)
  });

  test('a namespaced CA Issuer whose Secret the app writes only in another namespace (warning)', () => {
    const { app, chart } = newChart();
    issuer(chart, 'Ca', 'Issuer', { ca: { secretName: 'root-ca' } }, { namespace: 'istio-system' });
    issuer(chart, 'SelfSigned', 'ClusterIssuer', { selfSigned: {} });
    certificate(chart, 'Root', { secretName: 'root-ca', commonName: 'root', isCA: true, issuerRef: { name: 'selfsigned', kind: 'ClusterIssuer' } }, { namespace: 'cert-manager' });
    const [p, ...rest] = problems(app);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ severity: 'warning', path: 'test/Ca', field: 'spec.ca.secretName', value: '"root-ca"' });
    expect(p.problem).toBe('the CA Secret "root-ca" is read from the Issuer\'s own namespace "istio-system", but the app writes it only in "cert-manager" (test/Root); '
      + 'the Issuer stays not Ready unless a copy exists in "istio-system"');
  });

  test('stand-ins of issuers defined outside the app are not rendered objects: no duplicate, no ACME check', () => {
    const { app, chart } = newChart();
    ClusterIssuer.fromClusterIssuerName(chart, 'Imported', 'le');
    issuer(chart, 'Le', 'ClusterIssuer', acme([http01()]), { name: 'le' });
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    expect(messages(app)).toEqual([]);
  });
});

describe('L2s and manifests together', () => {
  test('a manifest Certificate with an L2 issuer: the issuer\'s solvers select for it', () => {
    const { chart } = newChart();
    new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'istio' })] }) });
    certificate(chart, 'Wild', { secretName: 'wild-tls', dnsNames: ['*.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    expectSynthFailure(chart, { path: 'test/Wild', field: 'spec.dnsNames[0]', value: '"*.example.com"', problem: /only an HTTP-01 solver matches/, fix: /dns01/ });
  });

  test('an L2 Certificate and a manifest writing one Secret: each named by its path, the L2\'s field by its prop', () => {
    const { chart } = newChart();
    const ca = new ClusterIssuer(chart, 'Ca', { config: IssuerConfig.ca({ secretName: 'root' }) });
    new Certificate(chart, 'Web', { metadata: { namespace: 'shop' }, issuer: ca, secretName: 'shared', dnsNames: ['web.example.com'] });
    certificate(chart, 'Plain', { secretName: 'shared', dnsNames: ['plain.example.com'], issuerRef: { name: 'ca', kind: 'ClusterIssuer' } });
    const message = expectSynthFailure(chart, { path: 'test/Web', field: 'secretName', value: '"shared"', problem: 'Certificates test/Web and test/Plain write the same Secret "shop/shared"', fix: /own secretName/ });
    expect(message).toContain('[test/Plain] Certificates test/Plain and test/Web write the same Secret "shop/shared"; they would overwrite each other and re-issue endlessly, burning the CA\'s rate limits (spec.secretName: "shared")');
  });

  test('an L2 ACME issuer without solvers names its prop (solvers), a manifest\'s the wire field', () => {
    const { app, chart } = newChart();
    new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt() });
    issuer(chart, 'Plain', 'ClusterIssuer', acme([]));
    expect(problems(app).map((p) => `${p.path} ${p.field}`)).toEqual(['test/Le solvers', 'test/Plain spec.acme.solvers']);
  });

  test('a Certificate given an issuer of another app, rendered for another cluster (a fact: the wire form only names the issuer)', () => {
    const appA = Testing.app();
    const a = new Chart(appA, 'a', { namespace: 'istio-system' });
    a.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a');
    const appB = Testing.app();
    const b = new Chart(appB, 'b', { namespace: 'istio-system' });
    b.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-b');
    const shared = new ClusterIssuer(b, 'Ca', { config: IssuerConfig.ca({ secretName: 'root' }) });
    new Certificate(a, 'Gw', { issuer: shared, dnsNames: ['gw.example.com'] });
    expectSynthFailure(a, { path: 'a/Gw', field: 'issuer', value: '"cluster-b: ca"', problem: /ClusterIssuer "ca" is defined for cluster "cluster-b" but the Certificate renders for cluster "cluster-a"/, fix: /defined in each cluster/ });
    synthValid(b);
  });

  test('solvers added to an L2 issuer after construction select for a manifest Certificate', () => {
    const { chart } = newChart();
    new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [] }) }).addSolver(AcmeSolver.dns01(Dns01Provider.route53({ region: 'eu-west-1' })));
    certificate(chart, 'Web', { secretName: 'web-tls', dnsNames: ['*.example.com'], issuerRef: { name: 'le', kind: 'ClusterIssuer' } });
    synthValid(chart);
  });
});
