import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { LetsEncryptBudget, LetsEncryptBudgetOptions } from '../../src/gitops/letsencrypt-budget';
import { firstIssuancePace, formatDuration } from '../../src/gitops/private/first-issuance';
import { SynthReport } from '../../src/gitops/synth-report';
import { Warnings } from '../../src/validation/warnings';
import { expectMessage } from '../util/expect';
import { validateManifests } from '../util/schema';
import { acme, certificate, clusterIssuer, gwapiGateway, issuer, LE_PROD, LE_STAGING } from './fixtures';

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

  // https://letsencrypt.org/docs/rate-limits/ "New Orders per Account": "Up to 300 new orders can be
  // created by a single account every 3 hours. The ability to create new orders refills at a rate of
  // 1 order every 36 seconds." cert-manager v1.21.1 does not retry a 4xx newOrder answer
  // (pkg/controller/acmeorders/sync.go isRetryableError): the Certificate is retried after 1h, 2h, 4h, ...
  // (pkg/controller/certificates/trigger/trigger_controller.go, defaults 1h..32h).
  describe('new orders per ACME account (300 per 3 hours)', () => {
    /** `n` certificates, each under a registered domain of its own (no per-domain limit in the way). */
    const fleet = (chart: Chart, n: number, issuerRef: any, namespace = 'apps', prefix = 'c') => {
      for (let i = 0; i < n; i++) certificate(chart, namespace, `${prefix}${i}`, [`www.${prefix}site${i}.com`], issuerRef);
    };

    test('1000 certificates on one ClusterIssuer: a warning naming the issuer, its account and how long the first sync takes', () => {
      const chart = Testing.chart();
      prodIssuer(chart);
      fleet(chart, 1000, { name: 'le', kind: 'ClusterIssuer' });
      LetsEncryptBudget.apply(chart);
      Testing.synth(chart);
      const warnings = Warnings.collect(chart);
      expect(warnings).toHaveLength(1);
      expectMessage(warnings[0], {
        path: 'test/LetsEncryptBudget',
        field: 'orders[<cluster resource namespace>/acme-account]',
        value: '"Certificate apps/c0, Certificate apps/c1, Certificate apps/c2, Certificate apps/c3, Certificate apps/c4 and 995 more"',
        problem: 'the ACME account of ClusterIssuer/le (account key Secret <cluster resource namespace>/acme-account) would place 1000 new orders with Let\'s Encrypt production at the first sync, over its limit of 300 per 3 hours (refilled at 1 every 36 s): '
          + 'the others are refused with urn:ietf:params:acme:error:rateLimited, which cert-manager does not retry at once (it fails the Order and retries the Certificate after 1 h, 2 h, 4 h, … up to 32 h), '
          + 'so the last certificate is issued after about 15 h (at best 7 h at the refill rate)',
        fix: 'accept the delay, add the sites in batches, spread them over more ACME accounts (issuers with their own privateKeySecretRef)',
      });
    });

    test('two accounts split the load; staging allows 1500; 300 on one account is quiet', () => {
      const chart = Testing.chart();
      clusterIssuer(chart, 'le-a', acme(LE_PROD, []));
      clusterIssuer(chart, 'le-b', { acme: { ...acme(LE_PROD, []).acme, privateKeySecretRef: { name: 'account-b' } } });
      clusterIssuer(chart, 'le-staging', acme(LE_STAGING, []));
      fleet(chart, 300, { name: 'le-a', kind: 'ClusterIssuer' }, 'apps', 'a');
      fleet(chart, 300, { name: 'le-b', kind: 'ClusterIssuer' }, 'apps', 'b');
      fleet(chart, 1000, { name: 'le-staging', kind: 'ClusterIssuer' }, 'apps', 's');
      LetsEncryptBudget.apply(chart);
      Testing.synth(chart);
      expect(Warnings.collect(chart)).toEqual([]);
    });

    test('an account is the server and the key Secret: Issuers of one namespace naming one Secret share it, the same name in two namespaces does not', () => {
      const chart = Testing.chart();
      issuer(chart, 'team-a', 'le-1', acme(LE_PROD, []));
      issuer(chart, 'team-a', 'le-2', acme(LE_PROD, []));
      issuer(chart, 'team-b', 'le-1', acme(LE_PROD, []));
      fleet(chart, 160, { name: 'le-1', kind: 'Issuer' }, 'team-a', 'a1');
      fleet(chart, 160, { name: 'le-2', kind: 'Issuer' }, 'team-a', 'a2');
      fleet(chart, 300, { name: 'le-1', kind: 'Issuer' }, 'team-b', 'b');
      LetsEncryptBudget.apply(chart);
      Testing.synth(chart);
      expect(Warnings.collect(chart)).toEqual([
        expect.stringMatching(/^\[test\/LetsEncryptBudget\] the ACME account of Issuer\/le-1, Issuer\/le-2 \(account key Secret team-a\/acme-account\) would place 320 new orders .* after about 1 h \(at best 12 min at the refill rate\) \(orders\[team-a\/acme-account\]: /),
      ]);
    });

    test('counts the orders of every folder of a GitOpsRepo on the ClusterIssuer of another folder; ordersPerAccount raises the limit', () => {
      const build = (budget: LetsEncryptBudgetOptions) => {
        const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'budget-')), repoURL: 'https://github.com/acme/gitops.git', letsEncryptBudgetOptions: budget });
        prodIssuer(new Chart(repo.addFolder('platform'), 'platform'));
        for (const t of ['tenant-a', 'tenant-b']) fleet(new Chart(repo.addFolder(t), t), 200, { name: 'le', kind: 'ClusterIssuer' }, t, t);
        for (const app of repo.apps) app.synth();
        return repo;
      };
      const repo = build({});
      const warnings = repo.apps.flatMap((a) => Warnings.collect(a));
      expect(warnings).toEqual([expect.stringMatching(/ClusterIssuer\/le .* would place 400 new orders .*after about 1 h/)]);
      expect(SynthReport.render(repo.apps)).toContain('ClusterIssuer/le (production, account key <cluster resource namespace>/acme-account): 400 of 300 per 3 h — the last certificate after about 1 h with cert-manager\'s retries');
      const raised = build({ ordersPerAccount: 1000 });
      expect(raised.apps.flatMap((a) => Warnings.collect(a))).toEqual([]);
      expect(SynthReport.render(raised.apps)).toContain('ClusterIssuer/le (production, account key <cluster resource namespace>/acme-account): 400 of 1000 per 3 h\n');
    });

    test('how long a first sync takes: the bucket refills 1 order every 36 s; cert-manager retries after 1 h, 2 h, 4 h, ...', () => {
      expect(firstIssuancePace(300, 300)).toEqual({ seconds: 0, floorSeconds: 0 });
      expect(firstIssuancePace(301, 300)).toEqual({ seconds: 3600, floorSeconds: 36 });
      // 700 left: 100 at 1 h, 200 at 3 h, 300 (a full bucket) at 7 h, the last 100 at 15 h
      expect(firstIssuancePace(1000, 300)).toEqual({ seconds: 15 * 3600, floorSeconds: 7 * 3600 });
      // 4700 left: 100, 200, then 300 a retry; the back-off stops doubling at 32 h
      expect(firstIssuancePace(5000, 300).seconds).toBe((1 + 2 + 4 + 8 + 16 + 32 * 12) * 3600);
      expect(formatDuration(36)).toBe('36 s');
      expect(formatDuration(18 * 60)).toBe('18 min');
      expect(formatDuration(54000)).toBe('15 h');
      expect(formatDuration(5 * 86400)).toBe('5 days');
    });
  });

  // https://letsencrypt.org/docs/rate-limits/ "New Registrations per IP Address": 10 per 3 hours, 1 every
  // 18 minutes, no overrides (staging: 50). cert-manager v1.21.1 does not retry a 4xx newAccount answer
  // (pkg/issuer/acme/setup.go): the issuer stays Ready=False until the 10-hour resync (pkg/controller/context.go).
  test('more than 10 Let\'s Encrypt production accounts in one cluster: a warning (new registrations per IP address)', () => {
    const chart = Testing.chart();
    for (let i = 0; i < 11; i++) issuer(chart, `team-${i}`, 'le', acme(LE_PROD, []));
    for (let i = 0; i < 11; i++) issuer(chart, `team-${i}`, 'le-staging', { acme: { ...acme(LE_STAGING, []).acme, privateKeySecretRef: { name: 'staging-account' } } });
    LetsEncryptBudget.apply(chart);
    Testing.synth(chart);
    const warnings = Warnings.collect(chart);
    expect(warnings).toHaveLength(1);
    expectMessage(warnings[0], {
      path: 'test/LetsEncryptBudget', field: 'accounts[cluster]',
      value: '"team-0/acme-account, team-1/acme-account, team-2/acme-account, team-3/acme-account, team-4/acme-account and 6 more"',
      problem: '11 ACME accounts would register with Let\'s Encrypt production from one cluster, over its limit of 10 new registrations per IP address per 3 hours (refilled at 1 every 18 min; no overrides): a refused registration is not retried by cert-manager, and the issuer stays Ready=False (ErrRegisterACMEAccount) until cert-manager\'s 10-hour resync or a change to the issuer',
      fix: 'share accounts: one ClusterIssuer (or one account key Secret per namespace) instead of an issuer per site, or add the issuers in batches',
    });
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
