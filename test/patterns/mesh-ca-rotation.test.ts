// Plug-in mode rotation (issue #16, point 2): istiod ignores a cacerts whose root differs from
// the one it loaded (istio/istio 1.30.3 pilot/pkg/bootstrap/istio_ca.go, handleEvent: "Multi root
// is disabled, updating new ROOT-CA not supported"), and a renewed root has new bytes even with
// its key kept. The mesh CA renders a CronJob that restarts istiod after each cacerts re-issue.
// Its script is run here against a fake `curl` that answers like the API server.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { IstioInstallMethod, MeshCa, MeshCaMode } from '../../src/patterns';
import { doc, expectFailure, newChart, synthValid } from '../util/expect';

const FAKE_CURL = `#!/bin/sh
method=GET; data=; url=
while [ $# -gt 0 ]; do
  case "$1" in
    -X) method=$2; shift 2;;
    --data) data=$2; shift 2;;
    -H|--cacert|--oauth2-bearer|-w) shift 2;;
    -*) shift;;
    *) url=$1; shift;;
  esac
done
echo "$method $url $data" >> "$FAKE_DIR/calls"
case "$url" in
  */certificates/*) f=certificate;;
  */deployments/*) f=deployment;;
  *) f=none;;
esac
if [ "$method" = PATCH ]; then printf '{}\\n%s' "$(cat "$FAKE_DIR/patch-status" 2>/dev/null || echo 200)"; exit 0; fi
if [ -f "$FAKE_DIR/$f.json" ]; then cat "$FAKE_DIR/$f.json"; printf '\\n%s' "$(cat "$FAKE_DIR/$f-status" 2>/dev/null || echo 200)"; else printf '{"kind":"Status","code":404}\\n404'; fi
`;

/** A Certificate as the API server returns it, with the fields that must not be mistaken for status.revision. */
const certificate = (revision?: number) => JSON.stringify({
  apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
  metadata: { name: 'cacerts', namespace: 'istio-system', managedFields: [{ fieldsV1: { 'f:status': { 'f:revision': {} } } }] },
  spec: { secretName: 'cacerts', isCA: true, revisionHistoryLimit: 1 },
  status: revision === undefined ? {} : { revision, notAfter: '2027-12-02T00:00:00Z' },
}, null, 2);

const deployment = (annotation?: string) => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'istiod', annotations: { 'deployment.kubernetes.io/revision': '7' } },
  spec: { template: { metadata: { annotations: annotation === undefined ? { 'prometheus.io/scrape': 'true' } : { 'cdk8s-istio-tls.io/cacerts-revision': annotation } } } },
});

/** Run the CronJob's script with the fake API; returns the exit status, output and the calls made. */
function run(script: string, files: { [name: string]: string }): { status: number | null; output: string; calls: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istiod-restart-'));
  fs.writeFileSync(path.join(dir, 'curl'), FAKE_CURL, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'token'), 'token');
  fs.writeFileSync(path.join(dir, 'ca.crt'), 'ca');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  const r = spawnSync('sh', ['-c', script], {
    encoding: 'utf8', timeout: 10_000,
    env: { PATH: `${dir}:${process.env.PATH}`, FAKE_DIR: dir, SERVICE_ACCOUNT_DIR: dir },
  });
  const callsFile = path.join(dir, 'calls');
  return { status: r.status, output: r.stdout + r.stderr, calls: fs.existsSync(callsFile) ? fs.readFileSync(callsFile, 'utf8').trim().split('\n') : [] };
}

describe('plug-in mode: istiod restarted after a cacerts re-issue', () => {
  const { chart } = newChart();
  const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA });
  const docs = synthValid(chart);
  const cronJob = doc(docs, 'CronJob', 'istiod-cacerts-restart');
  const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
  const script: string = container.command[2];

  test('a CronJob in the Istio namespace, every 10 minutes, in the istiod image (sh and curl), never two at once', () => {
    expect(ca.istiodRestartCronJob).toBeDefined();
    expect(cronJob.metadata.namespace).toBe('istio-system');
    expect(cronJob.spec).toMatchObject({ schedule: '*/10 * * * *', concurrencyPolicy: 'Forbid' });
    expect(container.image).toBe('docker.io/istio/pilot:1.30.3');
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(cronJob.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe('istiod-cacerts-restart');
  });

  test('least privilege: get the cacerts Certificate (never its Secret, which holds the CA key), get and patch the istiod Deployment', () => {
    expect(doc(docs, 'Role', 'istiod-cacerts-restart').rules).toEqual([
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: ['cacerts'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['istiod'], verbs: ['get', 'patch'] },
    ]);
    expect(doc(docs, 'RoleBinding', 'istiod-cacerts-restart')).toMatchObject({
      roleRef: { kind: 'Role', name: 'istiod-cacerts-restart' },
      subjects: [{ kind: 'ServiceAccount', name: 'istiod-cacerts-restart', namespace: 'istio-system' }],
    });
    expect(doc(docs, 'ServiceAccount', 'istiod-cacerts-restart').metadata.namespace).toBe('istio-system');
  });

  test('cacerts re-issued (revision 3), istiod started for revision 2: patches the pod template annotation to 3 (a rolling restart)', () => {
    const r = run(script, { 'certificate.json': certificate(3), 'deployment.json': deployment('2') });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      'GET https://kubernetes.default.svc/apis/cert-manager.io/v1/namespaces/istio-system/certificates/cacerts ',
      'GET https://kubernetes.default.svc/apis/apps/v1/namespaces/istio-system/deployments/istiod ',
      'PATCH https://kubernetes.default.svc/apis/apps/v1/namespaces/istio-system/deployments/istiod {"spec":{"template":{"metadata":{"annotations":{"cdk8s-istio-tls.io/cacerts-revision":"3"}}}}}',
    ]);
    expect(r.output).toContain('restarting istiod');
  });

  test('istiod already started for the current revision: no restart', () => {
    const r = run(script, { 'certificate.json': certificate(3), 'deployment.json': deployment('3') });
    expect(r.status).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('PATCH'))).toEqual([]);
    expect(r.output).toContain('istiod runs cacerts revision 3');
  });

  test('first run after install (no annotation yet): one restart, recording the revision', () => {
    const r = run(script, { 'certificate.json': certificate(1), 'deployment.json': deployment() });
    expect(r.calls[2]).toContain('"cdk8s-istio-tls.io/cacerts-revision":"1"');
  });

  test('cacerts not issued yet, or istiod not installed yet: nothing to do, the Job succeeds', () => {
    const notIssued = run(script, { 'certificate.json': certificate(), 'deployment.json': deployment('1') });
    expect(notIssued.status).toBe(0);
    expect(notIssued.calls).toHaveLength(1);
    const noIstiod = run(script, { 'certificate.json': certificate(2) });
    expect(noIstiod.status).toBe(0);
    expect(noIstiod.calls.filter((c) => c.startsWith('PATCH'))).toEqual([]);
    expect(noIstiod.output).toContain('no Deployment istio-system/istiod yet');
  });

  test('API errors fail the Job (visible in its status), with the HTTP status', () => {
    const forbidden = run(script, { 'certificate.json': '{"kind":"Status"}', 'certificate-status': '403' });
    expect(forbidden.status).not.toBe(0);
    expect(forbidden.output).toContain('reading Certificate istio-system/cacerts: HTTP 403');
    const patchRefused = run(script, { 'certificate.json': certificate(4), 'deployment.json': deployment('3'), 'patch-status': '422' });
    expect(patchRefused.status).not.toBe(0);
    expect(patchRefused.output).toContain('patching Deployment istio-system/istiod: HTTP 422');
  });

  test('a revision other than default restarts istiod-<revision>', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, istioRevisions: ['1-30-3'] });
    const d = synthValid(chart);
    expect(doc(d, 'Role').rules[1].resourceNames).toEqual(['istiod-1-30-3']);
    expect(doc(d, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].command[2]).toContain('/deployments/istiod-1-30-3');
  });

  test('can be switched off; refused in istio-csr mode (istiod holds no CA there)', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, restartIstiodOnCacertsRenewal: false, maxWorkloadCertificateDuration: Duration.hours(1) });
    expect(synthValid(chart).filter((d) => d.kind === 'CronJob')).toEqual([]);
    expectFailure(() => new MeshCa(newChart().chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, restartIstiodOnCacertsRenewal: true }), {
      path: 'test/MeshCa', field: 'restartIstiodOnCacertsRenewal', value: 'true', fix: 'remove restartIstiodOnCacertsRenewal',
    });
  });
});

describe('alerts on istiod\'s CA metrics (plug-in mode)', () => {
  test('istiod still signing with the replaced intermediate, and its root expiring, within the cacerts renewal window', () => {
    const { chart } = newChart();
    const ca = new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, intermediateRenewBefore: Duration.days(20) });
    ca.addIstiodCaAlerts('IstiodCaAlerts', { metadata: { labels: { release: 'kube-prometheus-stack' } }, labels: { team: 'mesh' } });
    const rule = doc(synthValid(chart), 'PrometheusRule', 'istiod-ca-alerts');
    expect(rule.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    const [group] = rule.spec.groups;
    expect(group.name).toBe('istiod-ca');
    // metric names: istio/istio 1.30.3 security/pkg/server/ca/monitoring.go
    expect(group.rules.map((r: any) => [r.alert, r.expr, r.for, r.labels])).toEqual([
      ['IstiodSigningWithReplacedIntermediate', `citadel_server_cert_chain_expiry_seconds < ${20 * 86400}`, '1h', { team: 'mesh', severity: 'warning' }],
      ['IstiodRootCertificateExpiring', `citadel_server_root_cert_expiry_seconds < ${20 * 86400}`, '1h', { team: 'mesh', severity: 'critical' }],
    ]);
    expect(group.rules[0].annotations.description).toContain('updating new ROOT-CA not supported');
  });

  test('refused in istio-csr mode: istiod has no CA there', () => {
    const ca = new MeshCa(newChart().chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
    expectFailure(() => ca.addIstiodCaAlerts('A'), { path: 'test/MeshCa', field: 'mode', value: '"istio-csr"', fix: 'use monitoring.CertificateAlerts' });
  });
});

describe('istiodImage: the image of the containers rendered outside the istiod chart', () => {
  test('the restart CronJob and the IstioOperator overlay use it (an air-gapped registry)', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, istioInstall: IstioInstallMethod.ISTIO_OPERATOR, istiodImage: 'registry.example.com/istio/pilot:1.30.3' });
    const docs = synthValid(chart);
    expect(doc(docs, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].image).toBe('registry.example.com/istio/pilot:1.30.3');
    expect(doc(docs, 'IstioOperator').spec.components.pilot.k8s.overlays[0].patches[0].value[0].image).toBe('registry.example.com/istio/pilot:1.30.3');
  });

  test('fails if it is not an image reference', () => {
    expectFailure(() => new MeshCa(newChart().chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, istiodImage: 'pilot 1.30' }), {
      path: 'test/MeshCa', field: 'istiodImage', value: '"pilot 1.30"', problem: 'must be an image reference', fix: "use e.g. 'docker.io/istio/pilot:1.30.3'",
    });
  });
});
