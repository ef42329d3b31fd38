// cert-manager's solver selection: the cases of cert-manager's own solverpicker_test.go
// (pkg/util/solverpicker, v1.21) and the examples of the documented selector API, over the
// rendered solvers (solver-selection.ts, the one implementation the typed API and the
// whole-app checks share).
import { AcmeSolver, AcmeSolverSelector, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig } from '../../src/cert-manager';
import { ChallengeType, pickSolver as pickPosition } from '../../src/cert-manager/solver-selection';
import { newChart } from '../util/expect';

const HTTP: ChallengeType[] = ['http01'];
const DNS: ChallengeType[] = ['dns01'];

/** The solver `pickSolver` selects among the rendered `solvers`, as the AcmeSolver it was rendered from. */
function pickSolver(solvers: AcmeSolver[], dnsName: string, labels: { [key: string]: string } = {}, offered?: ChallengeType[]): AcmeSolver | undefined {
  const i = pickPosition(solvers.map((s) => s._toKube()), dnsName, labels, offered);
  return i === undefined ? undefined : solvers[i];
}

function http01(name: string, selector?: AcmeSolverSelector): AcmeSolver {
  return AcmeSolver.http01Ingress({ ingressName: name, selector });
}
function dns01(selector?: AcmeSolverSelector): AcmeSolver {
  return AcmeSolver.dns01(Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } }), { selector });
}

describe('pickSolver (cert-manager solverpicker_test.go)', () => {
  const emptySelectorHttp01 = http01('empty-selector-solver');
  const emptySelectorDns01 = dns01();
  const nonMatching = http01('non-matching-selector-solver', { matchLabels: { 'label': 'does-not-exist', 'does-not': 'match' } });
  const exampleComDnsName = http01('example-com-dns-name-selector-solver', { dnsNames: ['example.com'] });

  test('should use configured default solver when no others are present', () => {
    expect(pickSolver([emptySelectorHttp01], 'example.com', {}, HTTP)).toBe(emptySelectorHttp01);
  });
  test('should use configured default solver when no others are present but selector is non-nil', () => {
    const s = http01('empty-selector-solver', {});
    expect(pickSolver([s], 'example.com', {}, HTTP)).toBe(s);
  });
  test('should use configured default solver when others do not match', () => {
    expect(pickSolver([emptySelectorHttp01, nonMatching], 'example.com', {}, HTTP)).toBe(emptySelectorHttp01);
  });
  test('should use DNS01 solver over HTTP01 if challenge is of type DNS01', () => {
    expect(pickSolver([emptySelectorHttp01, emptySelectorDns01], 'example.com', {}, DNS)).toBe(emptySelectorDns01);
  });
  test('should return nil if none match', () => {
    expect(pickSolver([nonMatching], 'example.com', {}, HTTP)).toBeUndefined();
  });
  test('uses correct solver when selector explicitly names dnsName', () => {
    expect(pickSolver([emptySelectorHttp01, exampleComDnsName], 'example.com', {}, HTTP)).toBe(exampleComDnsName);
  });
  test('uses correct solver when selector explicitly names dnsName (reversed)', () => {
    expect(pickSolver([exampleComDnsName, emptySelectorHttp01], 'example.com', {}, HTTP)).toBe(exampleComDnsName);
  });
  test('uses default solver if dnsName does not match', () => {
    expect(pickSolver([emptySelectorHttp01, exampleComDnsName], 'notexample.com', {}, HTTP)).toBe(emptySelectorHttp01);
  });
  test('if two solvers specify the same dnsName, the one with the most labels should be chosen', () => {
    const withLabels = http01('example-com-dns-name-labels-selector-solver', { matchLabels: { label: 'exists' }, dnsNames: ['example.com'] });
    expect(pickSolver([exampleComDnsName, withLabels], 'example.com', { label: 'exists' }, HTTP)).toBe(withLabels);
  });
  test('if one solver matches with dnsNames, and the other solver matches with labels, the dnsName solver should be chosen', () => {
    const labels = http01('example-com-labels-selector-solver', { matchLabels: { label: 'exists' } });
    expect(pickSolver([exampleComDnsName, labels], 'example.com', { label: 'exists' }, HTTP)).toBe(exampleComDnsName);
    expect(pickSolver([labels, exampleComDnsName], 'example.com', { label: 'exists' }, HTTP)).toBe(exampleComDnsName);
  });
  test('if one solver matches with dnsNames, and the other solver matches with 2 labels, the dnsName solver should be chosen', () => {
    const labels = http01('example-com-labels-selector-solver', { matchLabels: { label: 'exists', another: 'label' } });
    expect(pickSolver([exampleComDnsName, labels], 'example.com', { label: 'exists', another: 'label' }, HTTP)).toBe(exampleComDnsName);
  });
  test('should choose the solver with the most labels matching if multiple match', () => {
    const one = http01('example-com-labels-selector-solver', { matchLabels: { label: 'exists' } });
    const two = http01('example-com-multiple-labels-selector-solver', { matchLabels: { label: 'exists', another: 'matches' } });
    expect(pickSolver([one, two], 'example.com', { label: 'exists', another: 'matches' }, HTTP)).toBe(two);
  });
  test('should match wildcard dnsName solver if authorization has Wildcard=true', () => {
    const wc = dns01({ dnsNames: ['*.example.com'] });
    expect(pickSolver([emptySelectorDns01, wc], '*.example.com', {}, DNS)).toBe(wc);
  });
  test('dnsName selectors should take precedence over dnsZone selectors', () => {
    const zone = http01('com-dnszone-selector-solver', { dnsZones: ['com'] });
    expect(pickSolver([exampleComDnsName, zone], 'example.com', {}, HTTP)).toBe(exampleComDnsName);
  });
  test('dnsName selectors should take precedence over dnsZone selectors (reversed order)', () => {
    const zone = dns01({ dnsZones: ['com'] });
    expect(pickSolver([zone, exampleComDnsName], 'example.com', {}, HTTP)).toBe(exampleComDnsName);
  });
  test('should allow matching with dnsZones', () => {
    const zone = dns01({ dnsZones: ['example.com'] });
    expect(pickSolver([emptySelectorDns01, zone], '*.www.example.com', {}, DNS)).toBe(zone);
  });
  test('most specific dnsZone should be selected if multiple match', () => {
    const example = dns01({ dnsZones: ['example.com'] });
    const prod = dns01({ dnsZones: ['prod.example.com'] });
    expect(pickSolver([example, prod], '*.www.prod.example.com', {}, DNS)).toBe(prod);
    expect(pickSolver([prod, example], '*.www.prod.example.com', {}, DNS)).toBe(prod);
  });
  test('if two solvers specify the same dnsZone, the one with the most labels should be chosen', () => {
    const zone = http01('example-com-dnszone-selector-solver', { dnsZones: ['example.com'] });
    const zoneLabels = http01('example-com-dnszone-labels-selector-solver', { matchLabels: { label: 'exists' }, dnsZones: ['example.com'] });
    expect(pickSolver([zone, zoneLabels], 'www.example.com', { label: 'exists' }, HTTP)).toBe(zoneLabels);
  });
  test('if both solvers match dnsNames, and one also matches dnsZones, choose the one that matches dnsZones', () => {
    const names = http01('example-com-dnsname-selector-solver', { dnsNames: ['www.example.com'] });
    const both = http01('example-com-dnsname-dnszone-selector-solver', { dnsZones: ['example.com'], dnsNames: ['www.example.com'] });
    expect(pickSolver([names, both], 'www.example.com', {}, HTTP)).toBe(both);
    expect(pickSolver([both, names], 'www.example.com', {}, HTTP)).toBe(both);
  });
});

describe('pickSolver: documented behaviour (ACMEChallengeSolver.selector API docs)', () => {
  test('a solver specifying sys.example.com is selected over one specifying example.com for www.sys.example.com', () => {
    const example = dns01({ dnsZones: ['example.com'] });
    const sys = dns01({ dnsZones: ['sys.example.com'] });
    expect(pickSolver([example, sys], 'www.sys.example.com')).toBe(sys);
  });
  test('same dnsNames value: the solver defined earlier wins when labels tie', () => {
    const first = http01('first', { dnsNames: ['a.example.com'] });
    const second = http01('second', { dnsNames: ['a.example.com'] });
    expect(pickSolver([first, second], 'a.example.com')).toBe(first);
  });
  test('same dnsZones value: more matching labels wins, otherwise the earlier one', () => {
    const first = http01('first', { dnsZones: ['example.com'] });
    const second = http01('second', { dnsZones: ['example.com'], matchLabels: { team: 'a' } });
    expect(pickSolver([first, second], 'a.example.com', { team: 'a' })).toBe(second);
    expect(pickSolver([first, second], 'a.example.com', { team: 'b' })).toBe(first);
  });
  test('a solver without selector is the default with the lowest priority', () => {
    const fallback = http01('default');
    const zone = http01('zone', { dnsZones: ['example.com'] });
    expect(pickSolver([fallback, zone], 'a.example.com')).toBe(zone);
    expect(pickSolver([fallback, zone], 'a.example.org')).toBe(fallback);
  });
  test('a zone matches whole labels only, case-insensitively', () => {
    const zone = http01('zone', { dnsZones: ['example.com'] });
    expect(pickSolver([zone], 'notexample.com')).toBeUndefined();
    expect(pickSolver([zone], 'example.com')).toBe(zone);
    expect(pickSolver([http01('upper', { dnsZones: ['example.com'] })], 'A.EXAMPLE.COM')).toBeDefined();
  });
  test('dnsNames match exactly: *.example.com does not select a.example.com', () => {
    const wc = http01('wc', { dnsNames: ['*.example.com'] });
    expect(pickSolver([wc], 'a.example.com')).toBeUndefined();
  });
  test('wildcard names are offered DNS-01 only: HTTP-01 solvers are skipped for them', () => {
    const http = http01('http');
    const dns = dns01({ dnsZones: ['example.com'] });
    expect(pickSolver([http, dns], '*.example.com')).toBe(dns);
    expect(pickSolver([http], '*.example.com')).toBeUndefined();
    // an HTTP-01 solver naming the wildcard exactly is still skipped
    expect(pickSolver([http01('named', { dnsNames: ['*.example.com'] }), dns], '*.example.com')).toBe(dns);
  });
  test('non-wildcard names are offered both: the more specific selector wins regardless of type', () => {
    const http = http01('http', { dnsNames: ['shop.example.com'] });
    const dns = dns01({ dnsZones: ['example.com'] });
    expect(pickSolver([dns, http], 'shop.example.com')).toBe(http);
    expect(pickSolver([dns, http], 'api.example.com')).toBe(dns);
  });
  test('a nil selector after a selected solver does not replace it, an empty selector does not either', () => {
    const labelled = http01('labelled', { matchLabels: { a: 'b' } });
    const fallback = http01('fallback');
    const empty = http01('empty', {});
    expect(pickSolver([labelled, fallback], 'x.example.com', { a: 'b' })).toBe(labelled);
    expect(pickSolver([fallback, empty], 'x.example.com')).toBe(fallback);
  });
});

describe('IIssuer.solverFor', () => {
  test('uses the issuer solvers, including ones added later, and the certificate labels', () => {
    const { chart } = newChart();
    const issuer = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [http01('default')] }) });
    const teamA = dns01({ matchLabels: { team: 'a' } });
    issuer.addSolver(teamA);
    expect(issuer.solverFor('x.example.com')?.ingressName).toBe('default');
    expect(issuer.solverFor('x.example.com', { team: 'a' })).toBe(teamA);
    expect(issuer.solverFor('*.example.com', { team: 'a' })).toBe(teamA);
    expect(issuer.solverFor('*.example.com')).toBeUndefined();
  });
  test('is undefined for non-ACME and imported issuers', () => {
    const { chart } = newChart();
    const ca = new Issuer(chart, 'Ca', { config: IssuerConfig.ca({ secretName: 'root' }) });
    expect(ca.solverFor('a.example.com')).toBeUndefined();
    expect(ClusterIssuer.fromClusterIssuerName(chart, 'Imported', 'le').solverFor('a.example.com')).toBeUndefined();
    expect(Issuer.fromIssuerName(chart, 'ImportedNs', 'le').solverFor('a.example.com')).toBeUndefined();
  });
});
