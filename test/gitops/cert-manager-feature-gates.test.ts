// Certificate fields behind cert-manager feature gates, against the cert-manager the app installs.
// Gate defaults: cert-manager internal/webhook/feature/features.go and
// internal/controller/feature/features.go at v1.14.0 … v1.21.1 (AdditionalCertificateOutputFormats
// and LiteralCertificateSubject on from v1.15, NameConstraints from v1.17, OtherNames from v1.20);
// the PKCS#12 profile Modern2026 is in the CRD enum from v1.21.0.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate, CertificateProps, Issuer, IssuerConfig, Pkcs12Profile } from '../../src/cert-manager';
import { CertManagerApplication } from '../../src/gitops/cert-manager-application';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { Warnings } from '../../src/validation/warnings';

const gated = (scope: Construct, props: Partial<CertificateProps>) => new Certificate(scope, 'Cert', {
  issuer: new Issuer(scope, 'Ca', { config: IssuerConfig.ca({ secretName: 'root-ca' }) }), dnsNames: ['a.example.com'], ...props,
});

function warningsFor(chartVersion: string | undefined, props: Partial<CertificateProps>, extraValues?: any) {
  const chart = Testing.chart();
  new CertManagerApplication(chart, 'CertManager', { chartVersion, extraValues });
  gated(chart, props);
  Testing.synth(chart);
  return Warnings.problemsOf(chart.node.root);
}

describe('cert-manager feature gates (gitops/cert-manager-feature-gates)', () => {
  test('the pinned v1.21.1 has every gate on: no warning', () => {
    expect(warningsFor(undefined, {
      otherNames: [{ oid: '1.2.3', utf8Value: 'x' }], literalSubject: 'CN=a.example.com', isCa: true,
      nameConstraints: { permitted: { dnsDomains: ['example.com'] } }, keystores: { pkcs12: { passwordSecretRef: { name: 'p', key: 'k' }, profile: Pkcs12Profile.MODERN_2026 } },
    })).toEqual([]);
  });
  test('an older cert-manager with the gate off: a warning naming the gate, the version and the fix', () => {
    const [w, ...rest] = warningsFor('v1.19.2', { otherNames: [{ oid: '1.2.3', utf8Value: 'x' }] });
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ path: 'test/Cert', field: 'otherNames', value: '[{"oid":"1.2.3","utf8Value":"x"}]' });
    expect(w.message).toMatch(/cert-manager v1\.19\.2 \(installed by test\/CertManager\/Application\) has feature gate OtherNames off \(on by default from v1\.20\).* — enable OtherNames=true on both the controller and the webhook/);
    const [nc] = warningsFor('v1.16.0', { isCa: true, nameConstraints: { excluded: { dnsDomains: ['example.org'] } } });
    expect(nc).toMatchObject({ field: 'nameConstraints' });
    expect(nc.message).toMatch(/feature gate NameConstraints off \(on by default from v1\.17\)/);
    const [profile] = warningsFor('v1.20.0', { keystores: { pkcs12: { passwordSecretRef: { name: 'p', key: 'k' }, profile: Pkcs12Profile.MODERN_2026 } } });
    expect(profile).toMatchObject({ field: 'keystores.pkcs12.profile', value: '"Modern2026"' });
    expect(profile.message).toMatch(/no Modern2026 PKCS#12 profile.* — use Pkcs12Profile\.MODERN_2023/);
  });
  test('a gate enabled on both controller and webhook counts; on one side only it does not', () => {
    const props = { literalSubject: 'CN=a.example.com' };
    expect(warningsFor('v1.14.4', props, { featureGates: 'LiteralCertificateSubject=true', webhook: { featureGates: 'LiteralCertificateSubject=true' } })).toEqual([]);
    expect(warningsFor('v1.14.4', props, { featureGates: 'LiteralCertificateSubject=true' })).toEqual([expect.objectContaining({ field: 'literalSubject' })]);
    // the gate turned off on the current version
    expect(warningsFor(undefined, props, { config: { featureGates: { LiteralCertificateSubject: false } } })).toEqual([expect.objectContaining({ field: 'literalSubject' })]);
  });
  test('GitOpsRepo: Certificates of a folder against the cert-manager of the app of apps', () => {
    const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gates-')), repoURL: 'https://github.com/acme/gitops.git' });
    gated(new Chart(repo.addFolder('pki'), 'pki', { namespace: 'pki' }), { isCa: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } } });
    repo.addCertManager({ chartVersion: 'v1.16.3' });
    repo.synth();
    const warnings = repo.apps.flatMap((a) => Warnings.problemsOf(a));
    expect(warnings).toEqual([expect.objectContaining({ path: 'pki/Cert', field: 'nameConstraints' })]);
  });
});
