import { Chart, Duration, Testing } from 'cdk8s';
import { CertManagerDashboard } from '../../src/monitoring/cert-manager-dashboard';
import { validateManifests } from '../util/schema';

describe('CertManagerDashboard', () => {
  test('renders a sidecar-loadable ConfigMap with the guide panels', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });

    // WHEN
    const dashboard = new CertManagerDashboard(chart, 'CertManagerDashboard');
    const docs = Testing.synth(chart);

    // THEN
    expect(validateManifests(docs)).toEqual([]);
    expect(docs).toHaveLength(1);
    const cm = docs[0];
    expect(cm).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'cert-manager-dashboard', namespace: 'monitoring', labels: { grafana_dashboard: '1' } } });
    const model = JSON.parse(cm.data['cert-manager-dashboard.json']);
    expect(model.uid).toBe('cert-manager-certificates');
    const exprs = model.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs).toEqual(expect.arrayContaining([
      'certmanager_certificate_expiration_timestamp_seconds - time()',
      'sum by (status) (rate(certmanager_http_acme_client_request_count[5m]))',
      'certmanager_certificate_ready_status == 1',
    ]));
    // expiry colours follow the alert thresholds
    const expiry = model.panels.find((p: any) => p.title === 'Certificate expiry');
    expect(expiry.fieldConfig.defaults.thresholds.steps.map((s: any) => s.value)).toEqual([null, 3 * 86400, 14 * 86400]);
    expect(dashboard.dataKey).toBe('cert-manager-dashboard.json');
    expect(dashboard.apiObject.kind).toBe('ConfigMap');
  });

  test('takes the sidecar label, folder and thresholds as props; output is stable', () => {
    const chart = Testing.chart();
    new CertManagerDashboard(chart, 'Dash', {
      metadata: { name: 'tls-dashboard', namespace: 'grafana' },
      sidecarLabel: 'grafana.example.com/dashboard', sidecarLabelValue: 'true', folder: 'Platform',
      expiringSoonThreshold: Duration.days(21), expiryCriticalThreshold: Duration.days(7),
    });
    const [cm] = Testing.synth(chart);
    expect(cm.metadata).toEqual({ name: 'tls-dashboard', namespace: 'grafana', labels: { 'grafana.example.com/dashboard': 'true' }, annotations: { grafana_folder: 'Platform' } });
    const model = JSON.parse(cm.data['tls-dashboard.json']);
    expect(model.panels[1].fieldConfig.defaults.thresholds.steps[2].value).toBe(21 * 86400);
    expect(Testing.synth(chart)).toEqual(Testing.synth(chart));
  });

  test('fails if the critical threshold is not shorter than the warning threshold', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerDashboard(chart, 'Dash', { expiringSoonThreshold: Duration.days(3), expiryCriticalThreshold: Duration.days(3) }))
      .toThrow(/^\[test\/Dash\] the critical threshold must be shorter than expiringSoonThreshold \(expiryCriticalThreshold: 72h0m0s\) — use e\.g\. Duration\.days\(3\) with Duration\.days\(14\)$/);
  });

  test('fails if the uid is not a Grafana uid', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerDashboard(chart, 'Dash', { uid: 'cert manager' }))
      .toThrow(/^\[test\/Dash\] a Grafana dashboard uid is 1 to 40 letters, digits, "-" or "_" \(uid: "cert manager"\) — use e\.g\. "cert-manager-certificates"$/);
  });

  test('fails if the sidecar label is not a label key', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerDashboard(chart, 'Dash', { sidecarLabel: 'grafana dashboard' }))
      .toThrow(/^\[test\/Dash\] label key .* \(sidecarLabel: "grafana dashboard"\) — use the label your Grafana sidecar selects/);
  });

  test('fails if the title is empty', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerDashboard(chart, 'Dash', { title: ' ' })).toThrow(/^\[test\/Dash\] the dashboard needs a title \(title: " "\) — pass e\.g\./);
  });
});
