import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { receiveAll } from '../private/factory';
import { checkEnum, checkLabels, checkNamespaceName, checkObjectName, checkPort, requireArray } from '../private/fields';
import { kplus as loadKplus } from '../private/kplus';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { NetworkPeer, NetworkPeerType } from './network-peer';
import { kplusPeers, peerKey } from './private/network-peers';

/** A component of cert-manager's Helm chart. */
export enum CertManagerComponent {
  /** The controller (issues certificates; talks to ACME servers and DNS-01 providers). */
  CONTROLLER = 'controller',
  /** The admission webhook (called by the API server). */
  WEBHOOK = 'webhook',
  /** The CA injector. */
  CAINJECTOR = 'cainjector',
}

/** The name and pod selector of one component's NetworkPolicy. */
export interface CertManagerComponentPolicyOptions {
  /**
   * `metadata.name` of the policy.
   *
   * @default `cert-manager-<component>`
   */
  readonly name?: string;
  /**
   * Labels selecting the component's pods.
   *
   * @default - the labels the cert-manager chart puts on them: `app.kubernetes.io/name`
   * (`cert-manager`, `webhook` or `cainjector`) and `app.kubernetes.io/component`
   */
  readonly podLabels?: { [key: string]: string };
}

/** More traffic allowed into cert-manager's pods. */
export interface CertManagerIngressRule {
  /** Where it comes from. */
  readonly from: NetworkPeer[];
  /** TCP ports it may reach. */
  readonly ports: number[];
  /**
   * The components whose policies get the rule.
   *
   * @default - every component with a policy
   */
  readonly components?: CertManagerComponent[];
}

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
  /**
   * The components that get a policy.
   *
   * @default - all three: controller, webhook and cainjector
   */
  readonly components?: CertManagerComponent[];
  /**
   * Name and pod selector of the controller's policy.
   *
   * @default - `cert-manager-controller`, the chart's labels
   */
  readonly controller?: CertManagerComponentPolicyOptions;
  /**
   * Name and pod selector of the webhook's policy.
   *
   * @default - `cert-manager-webhook`, the chart's labels
   */
  readonly webhook?: CertManagerComponentPolicyOptions;
  /**
   * Name and pod selector of the CA injector's policy.
   *
   * @default - `cert-manager-cainjector`, the chart's labels
   */
  readonly cainjector?: CertManagerComponentPolicyOptions;
  /**
   * Allow scraping the metrics port (9402) from `metricsNamespaces`.
   *
   * @default true
   */
  readonly metricsScraping?: boolean;
  /**
   * Where DNS queries may go (UDP 53, and TCP 53 unless `dnsOverTcp` is false).
   *
   * @default [NetworkPeer.anywhere()]
   */
  readonly dnsEgressTo?: NetworkPeer[];
  /**
   * Allow DNS over TCP too (answers larger than 512 bytes, some DNS-01 self-checks).
   *
   * @default true
   */
  readonly dnsOverTcp?: boolean;
  /**
   * Where the API server is reached (on `apiServerPorts`). The API server is not a pod: with
   * most network plugins only an IP block reaches it.
   *
   * @default [NetworkPeer.anywhere()]
   */
  readonly apiServerEgressTo?: NetworkPeer[];
  /**
   * Where the controller may reach ACME servers and DNS-01 provider APIs (TCP 443, 80 for the
   * HTTP-01 self-check, `extraEgressPorts`).
   *
   * @default [NetworkPeer.anywhere()]
   */
  readonly acmeEgressTo?: NetworkPeer[];
  /**
   * Where the API server calls the webhook from (TCP 10250). The API server is not a pod: with
   * most network plugins only an IP block matches it.
   *
   * @default [NetworkPeer.anywhere()]
   */
  readonly webhookIngressFrom?: NetworkPeer[];
  /**
   * More traffic allowed in, e.g. from a service mesh's health checks.
   *
   * @default - none
   */
  readonly extraIngress?: CertManagerIngressRule[];
}

/** The chart's `app.kubernetes.io/name` per component. */
const CHART_NAMES: { [component: string]: string } = { controller: 'cert-manager', webhook: 'webhook', cainjector: 'cainjector' };
const ALL_COMPONENTS = [CertManagerComponent.CONTROLLER, CertManagerComponent.WEBHOOK, CertManagerComponent.CAINJECTOR];
const WEBHOOK_PORT = 10250;
const METRICS_PORT = 9402;

/** One egress purpose: where to, which ports. */
interface EgressEntry {
  readonly peers: NetworkPeer[];
  readonly ports: kplus.NetworkPolicyPort[];
  readonly tcp: number[];
}

/**
 * NetworkPolicies for cert-manager's components (cdk8s-plus-27), default-deny in both
 * directions with what each needs, as sketched by the cert-manager + Istio guide:
 *
 * - controller: DNS; API server; HTTPS (ACME servers, DNS-01 provider APIs); port 80 for the
 *   HTTP-01 self-check; metrics scraped from `metricsNamespaces`;
 * - webhook: called by the API server on 10250 (from anywhere: the API server is not a pod);
 *   DNS and API server; metrics;
 * - cainjector: DNS and API server; metrics.
 *
 * Pods are selected by the labels the cert-manager Helm chart puts on them
 * (`app.kubernetes.io/name` + `app.kubernetes.io/component`). Which components get a policy,
 * the policies' names and selectors, where DNS, the API server and ACME servers are reached
 * and more ingress sources are configurable; egress purposes with the same peers share one
 * rule per peer.
 */
export class CertManagerNetworkPolicy extends Construct {
  /** Policy of the controller (its L1 object; built with cdk8s-plus-27, an optional peer); undefined when `components` leaves it out. */
  public readonly controller?: ApiObject;
  /** Policy of the webhook (its L1 object); undefined when `components` leaves it out. */
  public readonly webhook?: ApiObject;
  /** Policy of the CA injector (its L1 object); undefined when `components` leaves it out. */
  public readonly cainjector?: ApiObject;
  /** The L1 objects of the policies (escape hatches), in the order controller, webhook, cainjector. */
  public readonly apiObjects: ApiObject[];
  /** The namespace. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: CertManagerNetworkPolicyProps = {}) {
    super(scope, id);
    expectFields(this, '', props, {
      metricsScraping: 'boolean', dnsOverTcp: 'boolean', http01SelfCheck: 'boolean',
      controller: 'object', webhook: 'object', cainjector: 'object', components: 'array', extraIngress: 'array',
    });
    this.namespace = checkNamespaceName(this, 'namespace', props.namespace ?? 'cert-manager');
    requireArray(this, 'metricsNamespaces', props.metricsNamespaces, { fix: 'pass an array of namespace names' })
      .forEach((n, i) => checkNamespaceName(this, `metricsNamespaces[${i}]`, n));
    if (props.metricsNamespaces !== undefined && props.metricsNamespaces.length === 0) {
      fail(this, 'metricsNamespaces', props.metricsNamespaces, 'an empty list would block metrics scraping altogether', 'name the Prometheus namespace(s) or leave it out to allow every namespace');
    }
    const metrics = props.metricsScraping ?? true;
    if (!metrics && props.metricsNamespaces !== undefined) {
      fail(this, 'metricsNamespaces', props.metricsNamespaces, 'metricsScraping is false, so no namespace may scrape the metrics', 'remove metricsNamespaces, or leave metricsScraping out');
    }
    const apiPorts = checkPorts(this, 'apiServerPorts', props.apiServerPorts ?? [443, 6443]);
    if (apiPorts.length === 0) fail(this, 'apiServerPorts', apiPorts, 'every component must reach the API server', 'leave it out for [443, 6443]');
    const extra = checkPorts(this, 'extraEgressPorts', props.extraEgressPorts ?? []);
    const components = this.checkComponents(props);
    const dnsTo = this.checkPeers('dnsEgressTo', props.dnsEgressTo);
    const apiTo = this.checkPeers('apiServerEgressTo', props.apiServerEgressTo);
    const acmeTo = this.checkPeers('acmeEgressTo', props.acmeEgressTo);
    const webhookFrom = this.checkPeers('webhookIngressFrom', props.webhookIngressFrom);
    this.warnIfNoIpBlock('apiServerEgressTo', apiTo, 'the components could not reach the API server (egress to its IP, usually an IP block or anywhere)');
    if (components.includes(CertManagerComponent.WEBHOOK)) {
      this.warnIfNoIpBlock('webhookIngressFrom', webhookFrom, 'the API server could not call the webhook, and every Certificate and Issuer change would fail');
    }
    const extraIngress = this.checkExtraIngress(props.extraIngress, components);

    const kp = loadKplus(this, 'CertManagerNetworkPolicy builds its NetworkPolicies');
    const metricsPeer = !metrics ? undefined : props.metricsNamespaces
      ? kp.Pods.all(this, 'Scrapers', { namespaces: kp.Namespaces.select(this, 'MetricsNamespaces', { names: [...props.metricsNamespaces].sort() }) })
      : kp.Pods.all(this, 'Scrapers', { namespaces: kp.Namespaces.all(this, 'AllNamespaces') });
    const dns: EgressEntry = { peers: dnsTo, ports: [kp.NetworkPolicyPort.udp(53), ...(props.dnsOverTcp === false ? [] : [kp.NetworkPolicyPort.tcp(53)])], tcp: [] };
    const api: EgressEntry = { peers: apiTo, ports: apiPorts.map((p) => kp.NetworkPolicyPort.tcp(p)), tcp: apiPorts };
    const acmePorts = [443, ...(props.http01SelfCheck === false ? [] : [80]), ...extra];

    const built = new Map<CertManagerComponent, ApiObject>();
    for (const component of components) {
      const o: CertManagerComponentPolicyOptions = props[component] ?? {};
      const p = new kp.NetworkPolicy(this, component, {
        metadata: { name: o.name ?? `cert-manager-${component}`, namespace: this.namespace },
        selector: kp.Pods.select(this, `${component}Pods`, { labels: o.podLabels ?? { 'app.kubernetes.io/name': CHART_NAMES[component], 'app.kubernetes.io/component': component } }),
        ingress: { default: kp.NetworkPolicyTrafficDefault.DENY },
        egress: { default: kp.NetworkPolicyTrafficDefault.DENY },
      });
      const acme: EgressEntry[] = component === CertManagerComponent.CONTROLLER ? [{ peers: acmeTo, ports: [], tcp: acmePorts }] : [];
      this.addEgress(kp, p, component, [dns, api, ...acme]);
      if (metricsPeer) p.addIngressRule(metricsPeer, [kp.NetworkPolicyPort.tcp(METRICS_PORT)]);
      const ingress = [
        ...(component === CertManagerComponent.WEBHOOK ? [{ from: webhookFrom, ports: [WEBHOOK_PORT] }] : []),
        ...extraIngress.filter((r) => (r.components ?? components).includes(component)),
      ];
      ingress.forEach((rule, i) => rule.from.forEach((peer, j) => {
        for (const k of kplusPeers(this, `${component}Ingress${i}Peer${j}`, kp, peer)) p.addIngressRule(k, rule.ports.map((x) => kp.NetworkPolicyPort.tcp(x)));
      }));
      built.set(component, ApiObject.of(p));
    }
    this.controller = built.get(CertManagerComponent.CONTROLLER);
    this.webhook = built.get(CertManagerComponent.WEBHOOK);
    this.cainjector = built.get(CertManagerComponent.CAINJECTOR);
    this.apiObjects = ALL_COMPONENTS.filter((c) => built.has(c)).map((c) => built.get(c)!);
  }

  /**
   * Egress purposes with the same peers share one rule per peer, their ports in the order DNS,
   * API server, the rest (sorted, without ports already allowed).
   */
  private addEgress(kp: typeof kplus, policy: kplus.NetworkPolicy, component: string, entries: EgressEntry[]): void {
    const groups = new Map<string, { peers: NetworkPeer[]; ports: kplus.NetworkPolicyPort[]; tcp: Set<number>; rest: Set<number> }>();
    for (const e of entries) {
      const key = e.peers.map(peerKey).join('|');
      let g = groups.get(key);
      if (!g) groups.set(key, g = { peers: e.peers, ports: [], tcp: new Set(), rest: new Set() });
      if (e.ports.length) {
        g.ports.push(...e.ports);
        e.tcp.forEach((x) => g!.tcp.add(x));
      } else {
        e.tcp.forEach((x) => g!.rest.add(x));
      }
    }
    [...groups.values()].forEach((g, i) => {
      const ports = [...g.ports, ...[...g.rest].filter((x) => !g.tcp.has(x)).sort((a, b) => a - b).map((x) => kp.NetworkPolicyPort.tcp(x))];
      g.peers.forEach((peer, j) => {
        for (const k of kplusPeers(this, `${component}Egress${i}Peer${j}`, kp, peer)) policy.addEgressRule(k, ports);
      });
    });
  }

  private checkComponents(props: CertManagerNetworkPolicyProps): CertManagerComponent[] {
    const components = requireArray(this, 'components', props.components, { nonEmpty: true, fix: 'list the components, or leave components out for all three' });
    components.forEach((c, i) => {
      checkEnum(this, `components[${i}]`, c, CertManagerComponent, 'CertManagerComponent');
      if (components.indexOf(c) !== i) fail(this, `components[${i}]`, c, 'duplicate component', 'list each component once');
    });
    const chosen = props.components ? ALL_COMPONENTS.filter((c) => components.includes(c)) : ALL_COMPONENTS;
    const names = new Map<string, string>();
    for (const c of ALL_COMPONENTS) {
      const o = props[c];
      if (o === undefined) continue;
      if (!chosen.includes(c)) fail(this, c, o, `options for the ${c} policy, but components leaves the ${c} out`, `add CertManagerComponent.${c.toUpperCase()} to components, or remove ${c}`);
      expectFields(this, c, o, { name: 'string', podLabels: 'map' });
      if (o.name !== undefined) checkObjectName(this, `${c}.name`, o.name, 'NetworkPolicy');
      if (o.podLabels !== undefined) {
        if (Object.keys(o.podLabels).length === 0) fail(this, `${c}.podLabels`, o.podLabels, 'an empty selector selects every pod of the namespace', `name the labels of the ${c} pods, or leave podLabels out for the chart's`);
        checkLabels(this, `${c}.podLabels`, o.podLabels);
      }
    }
    for (const c of chosen) {
      const name = props[c]?.name ?? `cert-manager-${c}`;
      const other = names.get(name);
      if (other) fail(this, `${c}.name`, name, `the ${other} policy has this name too: one would replace the other`, 'give each policy its own name');
      names.set(name, c);
    }
    return chosen;
  }

  private checkPeers(field: string, peers: NetworkPeer[] | undefined): NetworkPeer[] {
    if (peers === undefined) return [NetworkPeer.anywhere()];
    requireArray(this, field, peers, { nonEmpty: true, fix: 'list the peers, or leave it out for NetworkPeer.anywhere()' });
    receiveAll(this, field, peers);
    peers.forEach((p, i) => {
      if (!(p instanceof NetworkPeer)) fail(this, `${field}[${i}]`, p, 'must be a NetworkPeer', 'use NetworkPeer.anywhere(), ipBlock(), allNamespaces(), namespaces() or pods()');
    });
    return peers;
  }

  /** The API server is not a pod: namespace and pod selectors do not match it with most network plugins. */
  private warnIfNoIpBlock(field: string, peers: NetworkPeer[], consequence: string): void {
    if (peers.some((p) => p.type === NetworkPeerType.ANYWHERE || p.type === NetworkPeerType.IP_BLOCK)) return;
    Warnings.add(this, `${field} has only namespace or pod selectors, which do not match the API server (it is not a pod) with most network plugins: ${consequence} — add NetworkPeer.ipBlock() with the API server's addresses, or NetworkPeer.anywhere()`);
  }

  private checkExtraIngress(rules: CertManagerIngressRule[] | undefined, components: CertManagerComponent[]): CertManagerIngressRule[] {
    return requireArray(this, 'extraIngress', rules, { fix: 'pass a list of { from, ports }' }).map((r, i) => {
      const f = `extraIngress[${i}]`;
      expectFields(this, f, r, { from: 'array', ports: 'array', components: 'array' });
      if (r === undefined || r === null) fail(this, f, r, 'must be { from, ports }', 'pass { from: [NetworkPeer...], ports: [...] }');
      this.checkPeers(`${f}.from`, r.from ?? []);
      checkPorts(this, `${f}.ports`, r.ports);
      if (!r.ports?.length) fail(this, `${f}.ports`, r.ports, 'an ingress rule needs ports', 'list the TCP ports');
      (r.components ?? []).forEach((c, j) => {
        checkEnum(this, `${f}.components[${j}]`, c, CertManagerComponent, 'CertManagerComponent');
        if (!components.includes(c)) fail(this, `${f}.components[${j}]`, c, `the ${c} has no policy (components leaves it out)`, `add it to components, or remove it here`);
      });
      return r;
    });
  }
}

function checkPorts(where: Construct, field: string, ports: number[]): number[] {
  return requireArray(where, field, ports, { fix: 'pass e.g. [443, 6443]' }).map((p, i) => checkPort(where, `${field}[${i}]`, p));
}
