import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { kebabName } from '../private/names';
import { fail } from '../validation/error';
import { checkPositiveDuration } from './private/inputs';
import { PrometheusRule } from './prometheus-rule';

/** Properties of `CertificateAlerts`. */
export interface CertificateAlertsProps {
  /**
   * Metadata of the PrometheusRule. Add the labels your Prometheus' `ruleSelector` expects
   * (kube-prometheus-stack: `release: <release name>`).
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `CertificateExpiringSoon` (severity warning) fires when a certificate whose renewal time
   * has passed expires within this. Keep it below the certificates' `renewBefore`
   * (cert-manager renews 30 days before expiry for 90-day certificates), so that a failing
   * renewal has time to recover before the alert fires.
   *
   * @default Duration.days(14)
   */
  readonly expiringSoonThreshold?: Duration;
  /**
   * `CertificateExpiryCritical` (severity critical) fires when a certificate expires within this.
   *
   * @default Duration.days(3)
   */
  readonly expiryCriticalThreshold?: Duration;
  /**
   * How long each condition must hold before its alert fires (Prometheus `for`).
   *
   * @default Duration.hours(1)
   */
  readonly for?: Duration;
  /**
   * Name of the rule group.
   *
   * @default 'cert-manager'
   */
  readonly groupName?: string;
  /**
   * Extra labels on every alert (e.g. `team`), next to `severity`.
   *
   * @default - none
   */
  readonly labels?: { [name: string]: string };
}

/**
 * The certificate alerts of the cert-manager + Istio TLS guide, as a PrometheusRule over
 * cert-manager's metrics:
 *
 * - `CertificateExpiringSoon` (warning): an issued certificate expires within
 *   `expiringSoonThreshold` and its renewal time has passed
 *   (`certmanager_certificate_expiration_timestamp_seconds > 0 and
 *   certmanager_certificate_expiration_timestamp_seconds - time() < <seconds> and
 *   certmanager_certificate_renewal_timestamp_seconds < time()`)
 * - `CertificateExpiryCritical` (critical): the same below `expiryCriticalThreshold`
 * - `CertificateRenewalFailed` (critical): `certmanager_certificate_ready_status{condition="False"} == 1`
 *
 * each with `for` (default 1h). The expiry alerts mean "renewal is overdue": certificates that
 * live shorter than a threshold and renew on time (istio-csr's 1h `istiod` certificate) never
 * fire them. cert-manager must be scraped by this Prometheus (chart value
 * `prometheus.servicemonitor.enabled` or an equivalent scrape config).
 *
 * The alerts name the Certificate's namespace from the `namespace` label, which is where
 * cert-manager exports it. That holds when the scrape keeps cert-manager's labels:
 * `CertManagerApplication` renders its ServiceMonitor / PodMonitor with `honorLabels: true`,
 * and the usual `kubernetes-pods` annotation scrape job sets `honor_labels: true`. With the
 * cert-manager chart's own default (`honorLabels: false`), or a Prometheus with
 * `overrideHonorLabels`, the label is the namespace of the scraped pod (cert-manager's) and the
 * Certificate's namespace is in `exported_namespace`: set
 * `prometheus.servicemonitor.honorLabels: true` where you install cert-manager yourself.
 */
export class CertificateAlerts extends Construct {
  /** The PrometheusRule holding the alerts. */
  public readonly prometheusRule: PrometheusRule;
  /** The L1 object of the PrometheusRule (escape hatch). */
  public readonly apiObject: ApiObject;
  /** Threshold of `CertificateExpiringSoon`. */
  public readonly expiringSoonThreshold: Duration;
  /** Threshold of `CertificateExpiryCritical`. */
  public readonly expiryCriticalThreshold: Duration;
  /** The `for` of every alert. */
  public readonly pendingFor: Duration;

  public constructor(scope: Construct, id: string, props: CertificateAlertsProps = {}) {
    super(scope, id);
    this.expiringSoonThreshold = props.expiringSoonThreshold ?? Duration.days(14);
    this.expiryCriticalThreshold = props.expiryCriticalThreshold ?? Duration.days(3);
    this.pendingFor = props.for ?? Duration.hours(1);
    checkThreshold(this, 'expiringSoonThreshold', this.expiringSoonThreshold);
    checkThreshold(this, 'expiryCriticalThreshold', this.expiryCriticalThreshold);
    checkPositiveDuration(this, 'for', this.pendingFor, 'use e.g. Duration.hours(1)');
    if (this.expiryCriticalThreshold.toSeconds() >= this.expiringSoonThreshold.toSeconds()) {
      fail(this, 'expiryCriticalThreshold', this.expiryCriticalThreshold,
        `the critical threshold must be shorter than expiringSoonThreshold (${describe(this.expiringSoonThreshold)}), or the critical alert fires first`,
        'use e.g. expiringSoonThreshold: Duration.days(14), expiryCriticalThreshold: Duration.days(3)');
    }

    this.prometheusRule = new PrometheusRule(this, 'Rule', {
      metadata: { ...props.metadata, name: props.metadata?.name ?? kebabName(id) },
    });
    this.apiObject = this.prometheusRule.apiObject;
    const extra = props.labels ?? {};
    const soon = describe(this.expiringSoonThreshold);
    const critical = describe(this.expiryCriticalThreshold);
    const group = this.prometheusRule.addGroup({ name: props.groupName ?? 'cert-manager' });
    group.addAlertingRule({
      alert: 'CertificateExpiringSoon',
      expr: expiresWithin(this.expiringSoonThreshold),
      for: this.pendingFor,
      labels: { ...extra, severity: 'warning' },
      annotations: {
        summary: 'Certificate {{ $labels.name }} expires soon',
        description: `Certificate {{ $labels.name }} in namespace {{ $labels.namespace }} expires in less than ${soon}`,
      },
    });
    group.addAlertingRule({
      alert: 'CertificateExpiryCritical',
      expr: expiresWithin(this.expiryCriticalThreshold),
      for: this.pendingFor,
      labels: { ...extra, severity: 'critical' },
      annotations: {
        summary: `Certificate {{ $labels.name }} expires in less than ${critical}`,
        description: 'URGENT: Certificate {{ $labels.name }} requires immediate attention',
      },
    });
    group.addAlertingRule({
      alert: 'CertificateRenewalFailed',
      expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
      for: this.pendingFor,
      labels: { ...extra, severity: 'critical' },
      annotations: {
        summary: 'Certificate {{ $labels.name }} renewal failed',
        description: 'cert-manager failed to renew certificate {{ $labels.name }}',
      },
    });
  }
}

/**
 * Certificates that expire within `threshold` and that cert-manager should already have
 * renewed. Without the renewal term, a certificate living shorter than the threshold (the 1h
 * `istiod` certificate istio-csr keeps renewing, 24h internal certificates) would fire for
 * ever; without `> 0`, so would every certificate not issued yet (cert-manager exports 0 until
 * `status.notAfter` is set; `CertificateRenewalFailed` covers those).
 */
function expiresWithin(threshold: Duration): string {
  return 'certmanager_certificate_expiration_timestamp_seconds > 0'
    + ` and certmanager_certificate_expiration_timestamp_seconds - time() < ${threshold.toSeconds()}`
    + ' and certmanager_certificate_renewal_timestamp_seconds < time()';
}

/** Thresholds are compared with seconds in PromQL: positive whole seconds. */
function checkThreshold(where: Construct, field: string, d: Duration): void {
  checkPositiveDuration(where, field, d, 'use e.g. Duration.days(14)');
  if (!Number.isInteger(d.toMilliseconds({ integral: false }) / 1000)) fail(where, field, `${d.toMilliseconds()}ms`, 'threshold must be a whole number of seconds', 'use e.g. Duration.days(14) or Duration.hours(36)');
}

/** "14 days", "1 day", "36 hours", "90 minutes", "45 seconds". */
function describe(d: Duration): string {
  const s = d.toSeconds();
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (s % 86400 === 0) return unit(s / 86400, 'day');
  if (s % 3600 === 0) return unit(s / 3600, 'hour');
  if (s % 60 === 0) return unit(s / 60, 'minute');
  return unit(s, 'second');
}
