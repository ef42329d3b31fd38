import { App, Chart, Testing } from 'cdk8s';
import { LetsEncryptBudget } from '../../src/gitops/letsencrypt-budget';
import { Warnings } from '../../src/validation/warnings';
import { validateManifests } from '../util/schema';
import { acme, certificate, clusterIssuer, gwapiGateway, LE_PROD, LE_STAGING } from './fixtures';

function prodIssuer(chart: Chart) {
  clusterIssuer(chart, 'le', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
  clusterIssuer(chart, 'le-staging', acme(LE_STAGING, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
}

function certs(chart: Chart, n: number, host: (i: number) => string, issuerName = 'le', prefix = 'c') {
  for (let i = 0; i < n; i++) certificate(chart, 'apps', `${prefix}${i}`, [host(i)], { name: issuerName, kind: 'ClusterIssuer' });
}

describe('LetsEncryptBudget', () => {
  test('counts certificates per registered domain and warns at 80% of the weekly limit', () => {
    // GIVEN 40 production certificates under example.co.uk (public suffix co.uk)
    const chart = Testing.chart();
    prodIssuer(chart);
    certs(chart, 40, (i) => `s${i}.shop.example.co.uk`);

    // WHEN
    LetsEncryptBudget.apply(chart);
    const docs = Testing.synth(chart);

    // THEN
    expect(validateManifests(docs)).toEqual([]);
    const warnings = Warnings.collect(chart);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[test\/LetsEncryptBudget\] registered domain example\.co\.uk would get 40 new certificates from Let's Encrypt production in one week \(limit 50 per registered domain per week\) \(certificates\[example\.co\.uk\]: \"Certificate apps\/c0, .* and 35 more\"\) — cover several names/);
  });

  test('stays quiet below the warning threshold, and counts staging separately', () => {
    const chart = Testing.chart();
    prodIssuer(chart);
    certs(chart, 39, (i) => `s${i}.example.com`);
    certs(chart, 100, (i) => `t${i}.example.com`, 'le-staging', 'st');
    LetsEncryptBudget.apply(chart);
    Testing.synth(chart);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('uses the full public suffix list: private suffixes are registered domains of their own', () => {
    const chart = Testing.chart();
    prodIssuer(chart);
    // 60 certificates, but under 60 different github.io "registered domains"
    certs(chart, 60, (i) => `www.team${i}.github.io`);
    LetsEncryptBudget.apply(chart);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('fails if a registered domain would exceed 50 new certificates per week', () => {
    const chart = Testing.chart();
    prodIssuer(chart);
    certs(chart, 51, (i) => `s${i}.example.com`);
    LetsEncryptBudget.apply(chart);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/LetsEncryptBudget\] registered domain example\.com would get 51 new certificates from Let's Encrypt production in one week \(limit 50 per registered domain per week\) \(certificates\[example\.com\]: "Certificate apps\/c0, Certificate apps\/c1, Certificate apps\/c2, Certificate apps\/c3, Certificate apps\/c4 and 46 more"\) — cover several names with one certificate \(up to 100 names\), use a wildcard certificate over DNS-01, or roll out over several weeks/);
  });

  test('fails if the same set of names is issued more than 5 times across clusters', () => {
    // GIVEN six clusters each issuing shop.example.com
    const apps: App[] = [];
    for (let i = 0; i < 6; i++) {
      const app = Testing.app();
      const chart = new Chart(app, `cluster-${i}`);
      prodIssuer(chart);
      certificate(chart, 'istio-ingress', 'shop', ['shop.example.com', 'www.shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
      apps.push(app);
    }
    const argocd = Testing.app();
    const root = new Chart(argocd, 'argocd');

    // WHEN
    LetsEncryptBudget.apply(root, { apps });

    // THEN
    expect(() => Testing.synth(root)).toThrow(/\[argocd\/LetsEncryptBudget\] 6 certificates for exactly the names \[shop\.example\.com, www\.shop\.example\.com\] would be issued by Let's Encrypt production in one week \(limit 5 per week for the same set of names\) \(certificates\[shop\.example\.com, www\.shop\.example\.com\]: "Certificate istio-ingress\/shop, .* and 1 more"\) — issue the certificate once and share its Secret/);
  });

  test('counts the certificates cert-manager creates for annotated Gateway API gateways', () => {
    const chart = Testing.chart();
    prodIssuer(chart);
    const listeners = [];
    for (let i = 0; i < 51; i++) listeners.push({ name: `l${i}`, port: 443, protocol: 'HTTPS', hostname: `s${i}.example.com`, tls: { certificateRefs: [{ name: `s${i}-tls` }] } });
    gwapiGateway(chart, 'istio-ingress', 'web', listeners.slice(0, 51), { annotations: { 'cert-manager.io/cluster-issuer': 'le' } });
    LetsEncryptBudget.apply(chart);
    expect(() => Testing.synth(chart)).toThrow(/example\.com would get 51 new certificates.*Certificate istio-ingress\/s0-tls \(gateway-shim of Gateway web\)/);
  });

  test('does not count certificates whose issuer is defined outside the app', () => {
    const chart = Testing.chart();
    certs(chart, 60, (i) => `s${i}.example.com`, 'imported');
    LetsEncryptBudget.apply(chart);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('fails if warnAt is not a share', () => {
    const chart = Testing.chart();
    expect(() => LetsEncryptBudget.apply(chart, { warnAt: 80 })).toThrow(/^\[test\/LetsEncryptBudget\] must be a share between 0 \(exclusive\) and 1 \(warnAt: 80\) — pass e\.g\. 0\.8$/);
  });

  test('fails if a limit is not a positive integer', () => {
    const chart = Testing.chart();
    expect(() => LetsEncryptBudget.apply(chart, { duplicateCertificates: 0 })).toThrow(/^\[test\/LetsEncryptBudget\] must be a positive integer \(duplicateCertificates: 0\) — pass the limit as a whole number of certificates$/);
  });
});
