import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { kplus as loadKplus } from '../private/kplus';
import { checkNamespaceName, checkPort, requireArray } from '../private/fields';
import { fail } from '../validation/error';

/** Properties of `CertManagerNetworkPolicy`. */
export interface CertManagerNetworkPolicyProps {
  /**
   * Namespace cert-manager runs in.
   *
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Namespaces allowed to scrape the metrics port (9402) of the three components, e.g. the
   * namespace of your Prometheus.
   *
   * @default - every namespace
   */
  readonly metricsNamespaces?: string[];
  /**
   * Ports of the Kubernetes API server as the pods reach it (443 through the `kubernetes`
   * Service; 6443 where the endpoints are used directly, as on OpenShift and kubeadm).
   *
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
  /**
   * Let the controller reach port 80, for its HTTP-01 self-check through your gateway (it
   * follows the redirect to 443). Turn it off if you only use DNS-01.
   *
   * @default true
   */
  readonly http01SelfCheck?: boolean;
  /**
   * More TCP ports the controller may reach, e.g. 8200 for Vault or 53 for DNS-01 providers
   * spoken to over TCP (DNS over UDP/TCP 53 is always allowed).
   *
   * @default - none
   */
  readonly extraEgressPorts?: number[];
}

/**
 * NetworkPolicies for cert-manager's three components (cdk8s-plus-27), default-deny in both
 * directions with what each needs, as sketched by the cert-manager + Istio guide:
 *
 * - controller: DNS; API server; HTTPS (ACME servers, DNS-01 provider APIs); port 80 for the
 *   HTTP-01 self-check; metrics scraped from `metricsNamespaces`;
 * - webhook: called by the API server on 10250 (from anywhere: the API server is not a pod);
 *   DNS and API server; metrics;
 * - cainjector: DNS and API server; metrics.
 *
 * Pods are selected by the labels the cert-manager Helm chart puts on them
 * (`app.kubernetes.io/name` + `app.kubernetes.io/component`).
 */
export class CertManagerNetworkPolicy extends Construct {
  /** Policy of the controller (its L1 object; built with cdk8s-plus-27, an optional peer). */
  public readonly controller: ApiObject;
  /** Policy of the webhook (its L1 object). */
  public readonly webhook: ApiObject;
  /** Policy of the CA injector (its L1 object). */
  public readonly cainjector: ApiObject;
  /** The L1 objects of the three policies (escape hatches), controller first. */
  public readonly apiObjects: ApiObject[];
  /** The namespace. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: CertManagerNetworkPolicyProps = {}) {
    super(scope, id);
    this.namespace = checkNamespaceName(this, 'namespace', props.namespace ?? 'cert-manager');
    requireArray(this, 'metricsNamespaces', props.metricsNamespaces, { fix: 'pass an array of namespace names' })
      .forEach((n, i) => checkNamespaceName(this, `metricsNamespaces[${i}]`, n));
    if (props.metricsNamespaces !== undefined && props.metricsNamespaces.length === 0) {
      fail(this, 'metricsNamespaces', props.metricsNamespaces, 'an empty list would block metrics scraping altogether', 'name the Prometheus namespace(s) or leave it out to allow every namespace');
    }
    const apiPorts = checkPorts(this, 'apiServerPorts', props.apiServerPorts ?? [443, 6443]);
    if (apiPorts.length === 0) fail(this, 'apiServerPorts', apiPorts, 'every component must reach the API server', 'leave it out for [443, 6443]');
    const extra = checkPorts(this, 'extraEgressPorts', props.extraEgressPorts ?? []);

    const kp = loadKplus(this, 'CertManagerNetworkPolicy builds its NetworkPolicies');
    const anywhere = [kp.NetworkPolicyIpBlock.anyIpv4(this, 'AnyIpv4'), kp.NetworkPolicyIpBlock.anyIpv6(this, 'AnyIpv6')];
    const metricsPeer = props.metricsNamespaces
      ? kp.Pods.all(this, 'Scrapers', { namespaces: kp.Namespaces.select(this, 'MetricsNamespaces', { names: [...props.metricsNamespaces].sort() }) })
      : kp.Pods.all(this, 'Scrapers', { namespaces: kp.Namespaces.all(this, 'AllNamespaces') });
    const dns = [kp.NetworkPolicyPort.udp(53), kp.NetworkPolicyPort.tcp(53)];
    const api = apiPorts.map((p) => kp.NetworkPolicyPort.tcp(p));

    const policy = (component: string, appName: string, egressTcp: number[], ingress: (p: kplus.NetworkPolicy) => void) => {
      const p = new kp.NetworkPolicy(this, component, {
        metadata: { name: `cert-manager-${component}`, namespace: this.namespace },
        selector: kp.Pods.select(this, `${component}Pods`, { labels: { 'app.kubernetes.io/name': appName, 'app.kubernetes.io/component': component } }),
        ingress: { default: kp.NetworkPolicyTrafficDefault.DENY },
        egress: { default: kp.NetworkPolicyTrafficDefault.DENY },
      });
      const ports = [...dns, ...api, ...[...new Set(egressTcp)].filter((x) => !apiPorts.includes(x)).sort((a, b) => a - b).map((x) => kp.NetworkPolicyPort.tcp(x))];
      for (const peer of anywhere) p.addEgressRule(peer, ports);
      p.addIngressRule(metricsPeer, [kp.NetworkPolicyPort.tcp(9402)]);
      ingress(p);
      return p;
    };

    const controllerEgress = [443, ...(props.http01SelfCheck === false ? [] : [80]), ...extra];
    const controller = policy('controller', 'cert-manager', controllerEgress, () => undefined);
    const webhook = policy('webhook', 'webhook', [], (p) => {
      for (const peer of anywhere) p.addIngressRule(peer, [kp.NetworkPolicyPort.tcp(10250)]);
    });
    const cainjector = policy('cainjector', 'cainjector', [], () => undefined);
    this.controller = ApiObject.of(controller);
    this.webhook = ApiObject.of(webhook);
    this.cainjector = ApiObject.of(cainjector);
    this.apiObjects = [this.controller, this.webhook, this.cainjector];
  }
}

function checkPorts(where: Construct, field: string, ports: number[]): number[] {
  return requireArray(where, field, ports, { fix: 'pass e.g. [443, 6443]' }).map((p, i) => checkPort(where, `${field}[${i}]`, p));
}
