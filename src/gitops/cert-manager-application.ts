import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkNamespaceName, requireArray } from '../private/fields';
import { fail } from '../validation/error';
import { Application } from './application';
import { ChartComponentOptions, HelmApplicationOptions, MetricsScraping } from './helm-values';
import './private/cert-manager-feature-gates';
import { dependencyApplication } from './private/dependency';
import { mergeValues, mib, renderComponent } from './private/helm';

/** The webhook's options: a component plus the API server's call timeout. */
export interface CertManagerWebhookOptions extends ChartComponentOptions {
  /**
   * How long the API server waits for the webhook (1 to 30 seconds).
   *
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
}

/** Properties of `CertManagerApplication`. */
export interface CertManagerApplicationProps extends HelmApplicationOptions {
  /**
   * Namespace cert-manager is installed in (created by the sync).
   *
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Install the CRDs with the chart (`crds.enabled`) and keep them when the release is
   * removed (`crds.keep`: deleting the CRDs would delete every Certificate and Issuer).
   *
   * @default true
   */
  readonly installCrds?: boolean;
  /**
   * The controller.
   *
   * @default - 2 replicas, PodDisruptionBudget, requests 50m / 64Mi, limits 200m / 256Mi
   */
  readonly controller?: ChartComponentOptions;
  /**
   * The admission webhook.
   *
   * @default - 2 replicas, PodDisruptionBudget, requests 25m / 32Mi, limits 100m / 128Mi, 30s timeout
   */
  readonly webhook?: CertManagerWebhookOptions;
  /**
   * The CA injector.
   *
   * @default - 2 replicas, PodDisruptionBudget, requests 25m / 64Mi, limits 100m / 256Mi
   */
  readonly cainjector?: ChartComponentOptions;
  /**
   * How Prometheus finds the metrics (needed by `CertificateAlerts` and
   * `CertManagerDashboard`).
   *
   * A `ServiceMonitor` or `PodMonitor` is rendered with `honorLabels: true`: cert-manager's
   * certificate metrics carry the Certificate's namespace in their `namespace` label, which
   * prometheus-operator would otherwise overwrite with the namespace of the scraped pod
   * (cert-manager's), moving the Certificate's to `exported_namespace`. The alerts and the
   * dashboard read `namespace`.
   *
   * @default MetricsScraping.ANNOTATIONS (chart value `prometheus.enabled`)
   */
  readonly metrics?: MetricsScraping;
  /**
   * Enable cert-manager's Gateway API support (controller configuration
   * `gatewayAPI.enabled`): needed by `gatewayHTTPRoute` HTTP-01 solvers and by the
   * gateway-shim (`cert-manager.io/issuer` annotations on Gateway API Gateways).
   *
   * The Gateway API CRDs must then be in the cluster before cert-manager starts: without them
   * its controller exits (pkg/controller/context.go) and nothing is issued. Installed by the
   * app, they must not come from a later sync wave than this Application (the synth checks
   * it); installed with the cluster, they are a prerequisite the app cannot see.
   *
   * @default - true when `listenerSets` is, else false (`GitOpsRepo.addCertManager()` turns it
   * on when the repository needs it)
   */
  readonly gatewayApi?: boolean;
  /**
   * Enable cert-manager's gateway-shim for Gateway API ListenerSets (`cert-manager.io/issuer`
   * annotations on a ListenerSet, `ListenerSetProps.certManagerIssuer`): the alpha feature gate
   * `ListenerSets` (chart value `featureGates: "ListenerSets=true"`, rendered as the
   * controller's `--feature-gates`) and `config.gatewayAPI.enableListenerSet`. Needs Gateway API
   * support (`gatewayApi`). HTTP-01 challenge routes attached to ListenerSets need only
   * `gatewayApi`.
   *
   * @default false (`GitOpsRepo.addCertManager()` turns it on when the repository needs it)
   */
  readonly listenerSets?: boolean;
  /**
   * Recursive nameservers for the DNS-01 self-check (`host:port` or DoH URLs), e.g. when the
   * cluster's DNS answers differently from the public one (split horizon).
   *
   * @default - the cluster's resolvers
   */
  readonly dns01RecursiveNameservers?: string[];
  /**
   * Query only `dns01RecursiveNameservers` in the DNS-01 self-check.
   *
   * @default false
   */
  readonly dns01RecursiveNameserversOnly?: boolean;
  /**
   * Namespace of the Secrets of ClusterIssuers (`--cluster-resource-namespace`).
   *
   * @default - the installation namespace
   */
  readonly clusterResourceNamespace?: string;
  /**
   * Make Certificates owners of their Secrets (deleting a Certificate deletes its Secret).
   *
   * @default false
   */
  readonly enableCertificateOwnerRef?: boolean;
  /**
   * Run the chart's `startupapicheck` Job (a Helm post-install hook, which Argo CD runs as a
   * PostSync hook): the cert-manager sync completes only once the webhook answers. Argo CD
   * leaves hooks out of an Application's health, so an app of apps does not wait for it:
   * Applications of later waves may still meet a webhook whose `caBundle` is not injected
   * yet, fail that sync attempt and succeed on a retry.
   *
   * @default true
   */
  readonly startupApiCheck?: boolean;
}

/**
 * An Argo CD Application installing cert-manager from its Helm chart (v1.21.1 by default)
 * with typed values: CRDs installed and kept, the high-availability values of the
 * cert-manager + Istio guide (2 replicas of every component, PodDisruptionBudgets,
 * resources), Prometheus metrics, optional Gateway API support (and its gateway-shim for
 * ListenerSets). The sync creates the namespace, uses server-side apply (field ownership for
 * what other controllers write; not for size, see docs/gitops.md), ignores the `caBundle`s cainjector writes into the webhook
 * configurations (argo-cd#9323), syncs automatically with prune and self-heal, and retries.
 */
export class CertManagerApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace cert-manager is installed in. */
  public readonly namespace: string;
  /** Whether Gateway API support is enabled. */
  public readonly gatewayApi: boolean;
  /** Whether the gateway-shim for ListenerSets is enabled (feature gate `ListenerSets`, `gatewayAPI.enableListenerSet`). */
  public readonly listenerSets: boolean;
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: CertManagerApplicationProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'cert-manager';
    this.listenerSets = props.listenerSets ?? false;
    this.gatewayApi = props.gatewayApi ?? this.listenerSets;
    if (this.listenerSets && !this.gatewayApi) {
      fail(this, 'listenerSets', true, 'cert-manager runs its ListenerSet shim only with its Gateway API support, which gatewayApi: false turns off',
        'leave gatewayApi out (or set it to true) with listenerSets, or drop listenerSets');
    }
    const controller = renderComponent(this, 'controller', props.controller, { cpuRequestMillis: 50, memoryRequest: mib(64), cpuLimitMillis: 200, memoryLimit: mib(256) });
    const webhook = renderComponent(this, 'webhook', props.webhook, { cpuRequestMillis: 25, memoryRequest: mib(32), cpuLimitMillis: 100, memoryLimit: mib(128) });
    const cainjector = renderComponent(this, 'cainjector', props.cainjector, { cpuRequestMillis: 25, memoryRequest: mib(64), cpuLimitMillis: 100, memoryLimit: mib(256) });
    const timeout = props.webhook?.timeout ?? Duration.seconds(30);
    const timeoutSeconds = timeout instanceof Duration ? timeout.toSeconds({ integral: false }) : NaN;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 30) {
      fail(this, 'webhook.timeout', timeout, 'the API server accepts webhook timeouts of 1 to 30 whole seconds', 'use e.g. Duration.seconds(30)');
    }
    const metrics = props.metrics ?? MetricsScraping.ANNOTATIONS;
    if (!Object.values(MetricsScraping).includes(metrics)) fail(this, 'metrics', metrics, 'unknown metrics scraping mode', 'use a MetricsScraping value');
    const nameservers = props.dns01RecursiveNameservers;
    requireArray(this, 'dns01RecursiveNameservers', nameservers, { nonEmpty: true, fix: 'pass e.g. ["1.1.1.1:53", "8.8.8.8:53"] or leave it out' }).forEach((n, i) => {
      if (typeof n !== 'string' || !(/^https:\/\/\S+$/.test(n) || /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$/.test(n))) {
        fail(this, `dns01RecursiveNameservers[${i}]`, n, 'a nameserver must be host:port (e.g. "1.1.1.1:53") or a DNS-over-HTTPS URL', 'write e.g. "1.1.1.1:53" or "https://1.1.1.1/dns-query"');
      }
    });
    if (props.clusterResourceNamespace !== undefined) checkNamespaceName(this, 'clusterResourceNamespace', props.clusterResourceNamespace);
    if (props.dns01RecursiveNameserversOnly && nameservers === undefined) {
      fail(this, 'dns01RecursiveNameserversOnly', true, 'only the recursive nameservers would be queried, but none are configured', 'set dns01RecursiveNameservers too');
    }

    const base: { [key: string]: any } = {
      crds: { enabled: props.installCrds ?? true, keep: true },
      ...controller,
      prometheus: metrics === MetricsScraping.NONE ? { enabled: false } : {
        enabled: true,
        // keep the Certificate's namespace in `namespace` (the chart's default honorLabels: false
        // renames it exported_namespace and puts cert-manager's namespace there)
        servicemonitor: metrics === MetricsScraping.SERVICE_MONITOR ? { enabled: true, honorLabels: true } : { enabled: false },
        podmonitor: metrics === MetricsScraping.POD_MONITOR ? { enabled: true, honorLabels: true } : { enabled: false },
      },
      webhook: { ...webhook, timeoutSeconds },
      cainjector,
      ...(this.gatewayApi ? {
        config: {
          apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration',
          gatewayAPI: { enabled: true, ...(this.listenerSets ? { enableListenerSet: true } : {}) },
        },
      } : {}),
      // the chart renders it as the controller's --feature-gates (cert-manager v1.21: ListenerSets is alpha, off by default)
      ...(this.listenerSets ? { featureGates: 'ListenerSets=true' } : {}),
      ...(nameservers ? { dns01RecursiveNameservers: nameservers.join(',') } : {}),
      ...(props.dns01RecursiveNameserversOnly !== undefined ? { dns01RecursiveNameserversOnly: props.dns01RecursiveNameserversOnly } : {}),
      ...(props.clusterResourceNamespace !== undefined ? { clusterResourceNamespace: props.clusterResourceNamespace } : {}),
      ...(props.enableCertificateOwnerRef !== undefined ? { enableCertificateOwnerRef: props.enableCertificateOwnerRef } : {}),
      ...(props.startupApiCheck === false ? { startupapicheck: { enabled: false } } : {}),
    };
    this.values = mergeValues(base, props.extraValues);

    this.application = dependencyApplication(this, props,
      { applicationName: 'cert-manager', chart: 'cert-manager', version: 'v1.21.1', releaseName: 'cert-manager' }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}
