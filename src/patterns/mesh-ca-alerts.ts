import { ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusRule } from '../monitoring/prometheus-rule';
import { kebabName } from '../private/names';
import { fail } from '../validation/error';

/** Options of `MeshCa.addIstiodCaAlerts()`. */
export interface IstiodCaAlertsOptions {
  /**
   * Metadata of the PrometheusRule: add the labels your Prometheus' `ruleSelector` expects
   * (kube-prometheus-stack: `release: <release name>`).
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How long each condition must hold before its alert fires (Prometheus `for`). Longer than
   * the restart CronJob's period (10 minutes) plus the kubelet's Secret volume refresh.
   *
   * @default Duration.hours(1)
   */
  readonly for?: Duration;
  /**
   * Extra labels on every alert (e.g. `team`), next to `severity`.
   *
   * @default - none
   */
  readonly labels?: { [name: string]: string };
}

/** What the alerts are derived from (a plug-in mode MeshCa). */
export interface IstiodCaAlertsProps extends IstiodCaAlertsOptions {
  /** The intermediate's renewal window (`intermediateRenewBefore`). */
  readonly intermediateRenewBefore: Duration;
}

/**
 * Alerts on istiod's CA metrics for Istio's plug-in CA, as a PrometheusRule. istiod exports
 * the expiry of the intermediate it signs with and of the root it serves
 * (`citadel_server_cert_chain_expiry_seconds`, `citadel_server_root_cert_expiry_seconds`;
 * istio/istio 1.30.3 security/pkg/server/ca/monitoring.go, recorded at start and on each
 * cacerts reload — server.go RecordCertsExpiry). cert-manager re-issues `cacerts`
 * `intermediateRenewBefore` before it expires, so an istiod whose intermediate expires within
 * that window for longer than `for` is still signing with the replaced one:
 *
 * - `IstiodSigningWithReplacedIntermediate` (warning): `citadel_server_cert_chain_expiry_seconds < <intermediateRenewBefore>`
 *   — istiod ignored the new cacerts (log "updating new ROOT-CA not supported" after a root
 *   renewal) and the restart CronJob did not restart it;
 * - `IstiodRootCertificateExpiring` (critical): `citadel_server_root_cert_expiry_seconds < <intermediateRenewBefore>`.
 *
 * istiod must be scraped (its pods carry `prometheus.io/scrape` on port 15014).
 */
export class IstiodCaAlerts extends Construct {
  /** The PrometheusRule holding the alerts. */
  public readonly prometheusRule: PrometheusRule;

  public constructor(scope: Construct, id: string, props: IstiodCaAlertsProps) {
    super(scope, id);
    const pendingFor = props.for ?? Duration.hours(1);
    if (!(pendingFor instanceof Duration) || pendingFor.toSeconds() <= 0) fail(this, 'for', pendingFor, 'must be a positive Duration', 'use e.g. Duration.hours(1)');
    const window = props.intermediateRenewBefore.toSeconds();
    const days = Math.floor(window / 86400);
    const extra = props.labels ?? {};
    this.prometheusRule = new PrometheusRule(this, 'Rule', { metadata: { ...props.metadata, name: props.metadata?.name ?? kebabName(id) } });
    const group = this.prometheusRule.addGroup({ name: 'istiod-ca' });
    group.addAlertingRule({
      alert: 'IstiodSigningWithReplacedIntermediate',
      expr: `citadel_server_cert_chain_expiry_seconds < ${window}`,
      for: pendingFor,
      labels: { ...extra, severity: 'warning' },
      annotations: {
        summary: 'istiod {{ $labels.pod }} signs with an intermediate cert-manager has replaced',
        description: `The intermediate istiod signs workload certificates with expires within the cacerts renewal window (${days} days): istiod did not load the re-issued cacerts. A cacerts whose root changed is ignored until istiod restarts (log "updating new ROOT-CA not supported"); check the CronJob istiod-cacerts-restart, or restart istiod.`,
      },
    });
    group.addAlertingRule({
      alert: 'IstiodRootCertificateExpiring',
      expr: `citadel_server_root_cert_expiry_seconds < ${window}`,
      for: pendingFor,
      labels: { ...extra, severity: 'critical' },
      annotations: {
        summary: 'istiod {{ $labels.pod }} serves a root certificate that expires soon',
        description: `The root certificate istiod distributes to workloads expires within ${days} days: renew the root (same key), let cert-manager re-issue cacerts and restart istiod.`,
      },
    });
  }
}
