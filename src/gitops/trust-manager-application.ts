import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkNamespaceName, checkObjectName, requireArray } from '../private/fields';
import { fail } from '../validation/error';
import { Application } from './application';
import { ChartComponentOptions, HelmApplicationOptions, MetricsScraping } from './helm-values';
import { dependencyApplication } from './private/dependency';
import { mergeValues, mib, renderComponent } from './private/helm';

/** Properties of `TrustManagerApplication`. */
export interface TrustManagerApplicationProps extends HelmApplicationOptions, ChartComponentOptions {
  /**
   * Namespace trust-manager is installed in.
   *
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * trust-manager's trust namespace: the only namespace Bundles read Secrets and ConfigMaps
   * from (it must exist before trust-manager starts; cert-manager's namespace does).
   *
   * @default 'cert-manager'
   */
  readonly trustNamespace?: string;
  /**
   * Install the Bundle CRD with the chart and keep it when the release is removed.
   *
   * @default true
   */
  readonly installCrds?: boolean;
  /**
   * Ship the public CA bundle package (`defaultCAs` sources in Bundles).
   *
   * @default true
   */
  readonly defaultPackage?: boolean;
  /**
   * Names of the Secrets Bundles may write as targets (trust-manager needs RBAC for each);
   * Bundles with Secret targets fail without it.
   *
   * @default - Bundles may only write ConfigMaps
   */
  readonly secretTargets?: string[];
  /**
   * How Prometheus finds the metrics (`SERVICE_MONITOR` or `NONE`; trust-manager has no
   * annotation or PodMonitor option, its metrics Service is always created).
   *
   * @default MetricsScraping.NONE
   */
  readonly metrics?: MetricsScraping;
}

/**
 * An Argo CD Application installing trust-manager from its Helm chart (v0.24.0 by default),
 * which distributes CA bundles (`Bundle`) across namespaces. Highly available (2 replicas,
 * PodDisruptionBudget) by default; its webhook certificate comes from cert-manager, so it
 * must be ordered after the cert-manager Application (`GitOpsRepo` does that). Same sync
 * settings as `CertManagerApplication`.
 */
export class TrustManagerApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace trust-manager is installed in. */
  public readonly namespace: string;
  /** The trust namespace. */
  public readonly trustNamespace: string;
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: TrustManagerApplicationProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'cert-manager';
    this.trustNamespace = props.trustNamespace ?? 'cert-manager';
    checkNamespaceName(this, 'trustNamespace', this.trustNamespace);
    const component = renderComponent(this, '', props, { cpuRequestMillis: 25, memoryRequest: mib(64), cpuLimitMillis: 100, memoryLimit: mib(256) });
    const metrics = props.metrics ?? MetricsScraping.NONE;
    if (metrics !== MetricsScraping.NONE && metrics !== MetricsScraping.SERVICE_MONITOR) {
      fail(this, 'metrics', metrics, 'trust-manager\'s chart only offers a ServiceMonitor', 'use MetricsScraping.SERVICE_MONITOR or MetricsScraping.NONE');
    }
    const secrets = props.secretTargets;
    requireArray(this, 'secretTargets', secrets, { nonEmpty: true, fix: 'name the Secrets Bundles write, or leave it out' })
      .forEach((s, i) => checkObjectName(this, `secretTargets[${i}]`, s, 'Secret'));
    const base: { [key: string]: any } = {
      crds: { enabled: props.installCrds ?? true, keep: true },
      replicaCount: component.replicaCount,
      podDisruptionBudget: component.podDisruptionBudget,
      ...(component.resources ? { resources: component.resources } : {}),
      defaultPackage: { enabled: props.defaultPackage ?? true },
      ...(secrets ? { secretTargets: { enabled: true, authorizedSecrets: [...secrets] } } : {}),
      app: {
        trust: { namespace: this.trustNamespace },
        ...(metrics === MetricsScraping.SERVICE_MONITOR ? { metrics: { service: { enabled: true, servicemonitor: { enabled: true } } } } : {}),
      },
    };
    this.values = mergeValues(base, props.extraValues);
    this.application = dependencyApplication(this, props,
      { applicationName: 'trust-manager', chart: 'trust-manager', version: 'v0.24.0', releaseName: 'trust-manager' }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}
