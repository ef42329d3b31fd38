import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { SynthReport } from '../../src/gitops/synth-report';
import { Warnings } from '../../src/validation/warnings';
import { acme, certificate, clusterIssuer, gwapiGateway, istioGateway, LE_PROD, LE_STAGING } from './fixtures';

describe('SynthReport', () => {
  test('tables hosts, certificates, issuers and gateways per folder, with waves, budget and warnings', () => {
    // GIVEN
    const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), repoURL: 'https://github.com/acme/gitops.git' });
    const edge = new Chart(repo.addFolder('edge'), 'edge');
    clusterIssuer(edge, 'le', acme(LE_PROD, [{ http01: { ingress: { ingressClassName: 'istio' } } }]));
    clusterIssuer(edge, 'le-staging', acme(LE_STAGING, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    istioGateway(edge, 'istio-ingress', 'shop', ['shop.example.com', 'www.shop.example.com'], 'shop-tls');
    certificate(edge, 'istio-ingress', 'shop', ['shop.example.com', 'www.shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    gwapiGateway(edge, 'istio-ingress', 'apps', [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.apps.example.org', tls: { certificateRefs: [{ name: 'apps-tls' }] } }]);
    certificate(edge, 'istio-ingress', 'apps', ['*.apps.example.org'], { name: 'le-staging', kind: 'ClusterIssuer' });
    Warnings.add(edge, 'something legal but dangerous');
    new Chart(repo.addFolder('empty'), 'empty');

    // WHEN
    for (const app of repo.apps) app.synth();
    const text = SynthReport.render(repo.apps);

    // THEN
    expect(text.split('\n')).toEqual([
      'edge/',
      '  HOST                  CERTIFICATE                  ISSUER                    GATEWAY',
      '  *.apps.example.org    istio-ingress/apps [wave 3]  ClusterIssuer/le-staging  istio-ingress/apps/https [wave 4]',
      '  shop.example.com      istio-ingress/shop [wave 3]  ClusterIssuer/le          istio-ingress/shop:443 [wave 2]',
      '  www.shop.example.com  istio-ingress/shop [wave 3]  ClusterIssuer/le          istio-ingress/shop:443 [wave 2]',
      '  Let\'s Encrypt, new certificates per registered domain in the first week:',
      '    example.com (production): 1 of 50',
      '    example.org (staging): 1 of 30000',
      '  Let\'s Encrypt, new orders per ACME account at the first sync (every folder of the cluster):',
      '    ClusterIssuer/le (production, account key <cluster resource namespace>/acme-account): 1 of 300 per 3 h',
      '    ClusterIssuer/le-staging (staging, account key <cluster resource namespace>/acme-account): 1 of 1500 per 3 h',
      '  largest objects (client-side apply fits 256 KiB): Gateway istio-ingress/shop 0.6 KiB, ClusterIssuer le-staging 0.4 KiB, ClusterIssuer le 0.4 KiB',
      '  warnings (1):',
      '    [edge] something legal but dangerous',
    ]);
  });

  test('prints the budget against the limits the Let\'s Encrypt check uses, not the published defaults', () => {
    // GIVEN a repository that keeps room for certificates issued outside it
    const repo = new GitOpsRepo({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), repoURL: 'https://github.com/acme/gitops.git',
      letsEncryptBudgetOptions: { certificatesPerRegisteredDomain: 20, stagingCertificatesPerRegisteredDomain: 500 },
    });
    const edge = new Chart(repo.addFolder('edge'), 'edge');
    clusterIssuer(edge, 'le', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    clusterIssuer(edge, 'le-staging', acme(LE_STAGING, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    certificate(edge, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    certificate(edge, 'istio-ingress', 'apps', ['*.apps.example.org'], { name: 'le-staging', kind: 'ClusterIssuer' });

    // WHEN
    for (const app of repo.apps) app.synth();
    const lines = SynthReport.render(repo.apps).split('\n');

    // THEN
    expect(lines).toContain('    example.com (production): 1 of 20');
    expect(lines).toContain('    example.org (staging): 1 of 500');
  });

  test('knows the limits from the budget\'s declaration, before any synth, and only for the apps the budget covers', () => {
    // GIVEN a repository's budget (in its app of apps, covering its folders) and an app outside it
    const repo = new GitOpsRepo({
      outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), repoURL: 'https://github.com/acme/gitops.git',
      letsEncryptBudgetOptions: { certificatesPerRegisteredDomain: 20 },
    });
    const edge = new Chart(repo.addFolder('edge'), 'edge');
    clusterIssuer(edge, 'le', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    certificate(edge, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    const outside = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')) });
    const other = new Chart(outside, 'other');
    clusterIssuer(other, 'le', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    certificate(other, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });

    // WHEN the report is rendered without synthesizing
    const lines = SynthReport.render([...repo.apps, outside]).split('\n');

    // THEN the folder is counted against the repository's limit, the other app against the published one
    expect(lines.filter((l) => l.includes('example.com (production)'))).toEqual(['    example.com (production): 1 of 20', '    example.com (production): 1 of 50']);
    // a report of the folder alone does not see the budget of the app of apps
    expect(SynthReport.render([repo.apps[1]]).split('\n')).toContain('    example.com (production): 1 of 50');
  });

  test('lists DNS names as hosts; a CA certificate\'s common name is marked as a common name, not a host', () => {
    // GIVEN a root CA (common name only) and a server certificate whose common name is one of its DNS names
    const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), repoURL: 'https://github.com/acme/gitops.git' });
    const mesh = new Chart(repo.addFolder('mesh'), 'mesh');
    clusterIssuer(mesh, 'selfsigned', { selfSigned: {} });
    certificate(mesh, 'cert-manager', 'mesh-root-ca', [], { name: 'selfsigned', kind: 'ClusterIssuer' }, { isCA: true, commonName: 'Mesh Root CA' });
    certificate(mesh, 'apps', 'internal', ['internal.example.com'], { name: 'selfsigned', kind: 'ClusterIssuer' }, { commonName: 'Internal.example.com' });

    // WHEN
    for (const app of repo.apps) app.synth();
    const lines = SynthReport.render(repo.apps).split('\n');

    // THEN
    expect(lines).toEqual([
      'mesh/',
      '  HOST                  CERTIFICATE                         ISSUER                    GATEWAY',
      '  CN=Mesh Root CA       cert-manager/mesh-root-ca [wave 3]  ClusterIssuer/selfsigned  -',
      '  internal.example.com  apps/internal [wave 3]              ClusterIssuer/selfsigned  -',
      '  largest objects (client-side apply fits 256 KiB): Certificate apps/internal 0.4 KiB, Certificate cert-manager/mesh-root-ca 0.4 KiB, ClusterIssuer selfsigned 0.2 KiB',
    ]);
  });

  test('is empty for apps without certificates or warnings', () => {
    const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), repoURL: 'https://github.com/acme/gitops.git' });
    new Chart(repo.addFolder('empty'), 'empty');
    for (const app of repo.apps) app.synth();
    expect(SynthReport.render(repo.apps)).toBe('');
  });
});
