import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { kplus as loadKplus } from '../private/kplus';
import { resolveMetadata } from '../private/metadata';
import { checkLabelKey, checkLabelValue } from '../private/names';
import { fail } from '../validation/error';

/** Properties of `CertManagerDashboard`. */
export interface CertManagerDashboardProps {
  /**
   * Metadata of the ConfigMap. Put it in the namespace your Grafana's dashboard sidecar
   * watches.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Dashboard title.
   *
   * @default 'cert-manager certificates'
   */
  readonly title?: string;
  /**
   * Stable dashboard `uid` (Grafana keeps links and stars by uid; at most 40 characters).
   *
   * @default 'cert-manager-certificates'
   */
  readonly uid?: string;
  /**
   * Label the Grafana sidecar selects dashboard ConfigMaps by (Grafana Helm chart
   * `sidecar.dashboards.label` / `labelValue`).
   *
   * @default - `grafana_dashboard: "1"` (the chart's defaults)
   */
  readonly sidecarLabel?: string;
  /**
   * Value of `sidecarLabel`.
   *
   * @default '1'
   */
  readonly sidecarLabelValue?: string;
  /**
   * Grafana folder (annotation `grafana_folder`, read by the sidecar when
   * `sidecar.dashboards.folderAnnotation` is set to it).
   *
   * @default - no folder annotation
   */
  readonly folder?: string;
  /**
   * Expiry below which the expiry panel turns orange; match `CertificateAlerts`'
   * `expiringSoonThreshold`.
   *
   * @default Duration.days(14)
   */
  readonly expiringSoonThreshold?: Duration;
  /**
   * Expiry below which the expiry panel turns red; match `CertificateAlerts`'
   * `expiryCriticalThreshold`.
   *
   * @default Duration.days(3)
   */
  readonly expiryCriticalThreshold?: Duration;
}

/**
 * A Grafana dashboard for cert-manager, as a ConfigMap the Grafana dashboard sidecar loads
 * (kube-prometheus-stack, Grafana Helm chart). Panels, over cert-manager's metrics (scraped
 * with chart value `prometheus.enabled`): certificates not ready, time to expiry per
 * certificate (coloured by the alert thresholds), ready status per certificate, and the rate
 * of ACME client requests by status — the guide's dashboard, plus the data source as a
 * variable so it imports into any Grafana. Certificates are labelled `namespace/name` from
 * cert-manager's `namespace` label, as `CertificateAlerts` names them: scrape cert-manager
 * keeping its labels (`honorLabels: true`, which `CertManagerApplication` renders).
 */
export class CertManagerDashboard extends Construct {
  /**
   * The ConfigMap's L1 object (the same as `apiObject`). It is built with cdk8s-plus-27, an
   * optional peer dependency this construct needs; no public type of the library names it.
   */
  public readonly configMap: ApiObject;
  /** The L1 object of the ConfigMap (escape hatch). */
  public readonly apiObject: ApiObject;
  /** Key of the dashboard JSON in the ConfigMap. */
  public readonly dataKey: string;
  /** The dashboard model written to the ConfigMap. */
  public readonly dashboard: any;

  public constructor(scope: Construct, id: string, props: CertManagerDashboardProps = {}) {
    super(scope, id);
    const label = props.sidecarLabel ?? 'grafana_dashboard';
    const labelValue = props.sidecarLabelValue ?? '1';
    const keyProblem = checkLabelKey(label);
    if (keyProblem) fail(this, 'sidecarLabel', label, `label key ${keyProblem}`, 'use the label your Grafana sidecar selects, e.g. "grafana_dashboard"');
    const valueProblem = checkLabelValue(labelValue);
    if (valueProblem) fail(this, 'sidecarLabelValue', labelValue, `label value ${valueProblem}`, 'use e.g. "1"');
    const uid = props.uid ?? 'cert-manager-certificates';
    if (typeof uid !== 'string' || uid.length === 0 || uid.length > 40 || !/^[A-Za-z0-9_-]+$/.test(uid)) {
      fail(this, 'uid', uid, 'a Grafana dashboard uid is 1 to 40 letters, digits, "-" or "_"', 'use e.g. "cert-manager-certificates"');
    }
    const title = props.title ?? 'cert-manager certificates';
    if (typeof title !== 'string' || title.trim().length === 0) fail(this, 'title', title, 'the dashboard needs a title', 'pass e.g. "cert-manager certificates"');
    if (props.folder !== undefined && (typeof props.folder !== 'string' || props.folder.trim().length === 0)) {
      fail(this, 'folder', props.folder, 'the folder name must not be empty', 'pass a folder name or leave it out');
    }
    const soon = props.expiringSoonThreshold ?? Duration.days(14);
    const critical = props.expiryCriticalThreshold ?? Duration.days(3);
    for (const [field, d] of [['expiringSoonThreshold', soon], ['expiryCriticalThreshold', critical]] as const) {
      if (!(d instanceof Duration) || d.toSeconds({ integral: false }) <= 0) fail(this, field, d, 'threshold must be a positive Duration', 'use e.g. Duration.days(14)');
    }
    if (critical.toSeconds({ integral: false }) >= soon.toSeconds({ integral: false })) {
      fail(this, 'expiryCriticalThreshold', critical, 'the critical threshold must be shorter than expiringSoonThreshold', 'use e.g. Duration.days(3) with Duration.days(14)');
    }

    const metadata = resolveMetadata(this, props.metadata, { namespaced: true, kind: 'ConfigMap' });
    this.dataKey = `${metadata.name}.json`;
    this.dashboard = dashboardModel(uid, title, Math.round(critical.toSeconds({ integral: false })), Math.round(soon.toSeconds({ integral: false })));
    const kp = loadKplus(this, 'CertManagerDashboard builds its ConfigMap');
    const configMap = new kp.ConfigMap(this, 'Resource', {
      metadata: {
        ...metadata,
        labels: { ...metadata.labels, [label]: labelValue },
        ...(props.folder !== undefined ? { annotations: { ...metadata.annotations, grafana_folder: props.folder } } : {}),
      },
      data: { [this.dataKey]: JSON.stringify(this.dashboard, undefined, 2) },
    });
    this.apiObject = ApiObject.of(configMap);
    this.configMap = this.apiObject;
  }
}

/** The dashboard JSON (Grafana schema 39), with a Prometheus data source variable. */
function dashboardModel(uid: string, title: string, criticalSeconds: number, soonSeconds: number): any {
  const ds = { type: 'prometheus', uid: '${datasource}' };
  const target = (expr: string, legendFormat: string, extra: any = {}) => ({ datasource: ds, expr, legendFormat, refId: 'A', ...extra });
  return {
    title,
    uid,
    description: 'cert-manager certificates: readiness, time to expiry and ACME traffic',
    tags: ['cert-manager', 'tls'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '1m',
    time: { from: 'now-24h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
    },
    panels: [
      {
        id: 1,
        type: 'stat',
        title: 'Certificates not ready',
        gridPos: { h: 6, w: 6, x: 0, y: 0 },
        datasource: ds,
        targets: [target('count(certmanager_certificate_ready_status{condition="False"} == 1) or vector(0)', 'not ready', { instant: true })],
        fieldConfig: {
          defaults: { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1 }] } },
          overrides: [],
        },
        options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none' },
      },
      {
        id: 2,
        type: 'stat',
        title: 'Certificate expiry',
        description: 'Time until each certificate expires (certmanager_certificate_expiration_timestamp_seconds - time())',
        gridPos: { h: 6, w: 18, x: 6, y: 0 },
        datasource: ds,
        targets: [target('certmanager_certificate_expiration_timestamp_seconds - time()', '{{ namespace }}/{{ name }}', { instant: true })],
        fieldConfig: {
          defaults: {
            unit: 's',
            thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'orange', value: criticalSeconds }, { color: 'green', value: soonSeconds }] },
          },
          overrides: [],
        },
        options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none', textMode: 'value_and_name' },
      },
      {
        id: 3,
        type: 'table',
        title: 'Certificate ready status',
        gridPos: { h: 9, w: 12, x: 0, y: 6 },
        datasource: ds,
        targets: [target('certmanager_certificate_ready_status == 1', '{{ namespace }}/{{ name }}', { instant: true, format: 'table' })],
        transformations: [{ id: 'organize', options: { excludeByName: { Time: true, Value: true, __name__: true }, indexByName: {}, renameByName: {} } }],
        fieldConfig: { defaults: {}, overrides: [] },
        options: { showHeader: true },
      },
      {
        id: 4,
        type: 'timeseries',
        title: 'ACME client requests',
        description: 'Requests cert-manager makes to ACME servers, by response status (rate limits show up as 429)',
        gridPos: { h: 9, w: 12, x: 12, y: 6 },
        datasource: ds,
        targets: [target('sum by (status) (rate(certmanager_http_acme_client_request_count[5m]))', '{{ status }}')],
        fieldConfig: { defaults: { unit: 'reqps' }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom' } },
      },
    ],
  };
}
