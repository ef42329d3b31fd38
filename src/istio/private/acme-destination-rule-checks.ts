// DestinationRules on the last hop of an ACME HTTP-01 challenge, gateway pods → solver Service
// (not exported from the package). cert-manager runs the solver pods without a sidecar
// (`sidecar.istio.io/inject: "false"`, pkg/issuer/acme/http/pod.go) and they serve plain HTTP
// on 8089 (pkg/issuer/acme/http/solver/solver.go). Without a DestinationRule, Istio's auto mTLS
// sends mTLS only to endpoints labelled `security.istio.io/tlsMode: istio` (sidecars), so plain
// HTTP reaches the solver whatever PeerAuthentication says (a PeerAuthentication is enforced by
// the receiving sidecar, and the solver has none). A DestinationRule that applies to the
// gateway for the solver Service with `tls.mode` ISTIO_MUTUAL, MUTUAL or SIMPLE makes the gateway
// originate TLS to every endpoint (user-supplied settings replace auto mTLS:
// pilot/pkg/networking/core/cluster_tls.go buildUpstreamTLSSettings): the handshake fails and
// the gateway answers 503, so the certificate is never issued.
//
// Which DestinationRule applies is Istio's `PushContext.destinationRule(proxyNamespace,
// service)` (pilot/pkg/model/push_context.go, setDestinationRules): first the rules visible in
// the gateway pods' namespace (in the root namespace, its private ones), then those the
// Service's namespace exports to the pods' namespace, then those the root namespace exports;
// in each, the most specific host (exact, then the longest wildcard) wins, and among rules for
// the same host the first with a trafficPolicy. `portLevelSettings` for the port override the
// top-level `tls`; a subset the route names overrides both (its own trafficPolicy).
import { challengeIngressClass, describeSolver, SOLVER_PORT } from '../../cert-manager/http01';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { istioHostMatches } from '../../private/hostnames';
import { arr, obj, str, strings, stringMap } from '../../private/wire';
import { challengeRouteParents, challengeRoutes, GATEWAY_NAME_LABEL, http01Names, istioGateway, ROOT_NAMESPACE, routeDestination, servedByIstio } from './challenge-hops';
import { gatewaySelectorOf, NETWORKING, workloadNamespaceOf } from './gateway-facts';

/** The TLS modes that make the gateway originate TLS toward the solver's plain-HTTP port. */
const TLS_MODES = ['ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE'];

/** The hop to check: the gateway pods (namespace, labels) and the solver Service they connect to. */
interface SolverHop {
  readonly proxyNamespace: string;
  readonly proxyLabels: { [key: string]: string };
  /** `name.namespace.svc.cluster.local`; the name is generated for cert-manager's own Service. */
  readonly fqdn: string;
  readonly serviceNamespace: string;
  readonly port: number;
  /** The subset the route names (its trafficPolicy overrides the rule's). */
  readonly subset?: string;
  /** The Service's name is cert-manager's (`cm-acme-http-solver-…`), unknown to the app. */
  readonly generated: boolean;
  /** What sends the request there, for messages. */
  readonly via: string;
  readonly host: string;
}

interface Rule {
  readonly dr: ModelObject;
  /** `spec.host` as an FQDN (short names in the rule's namespace, ResolveShortnameToFQDN). */
  readonly host: string;
  readonly exportTo: string[];
}

function rulesOf(model: AppModel): Rule[] {
  return model.derived('istio/destination-rules', (m) => m.ofKind(NETWORKING, 'DestinationRule').filter((o) => !o.external && o.json !== undefined).map((dr) => {
    const spec = obj(dr.json.spec);
    const h = str(spec.host) ?? '';
    const host = h.includes('.') || h.includes('*') ? h : `${h}.${dr.namespace}.svc.cluster.local`;
    // rules with a workloadSelector are never exported
    return { dr, host, exportTo: spec.workloadSelector !== undefined ? ['.'] : strings(spec.exportTo) };
  }));
}

const privateOnly = (r: Rule) => r.exportTo.length === 1 && (r.exportTo[0] === '.' || r.exportTo[0] === r.dr.namespace);
const visibleInOwnNamespace = (r: Rule) => r.exportTo.length === 0 || r.exportTo.some((e) => e === '*' || e === '.' || e === r.dr.namespace);
const exportedTo = (r: Rule, ns: string) => r.exportTo.length === 0 || r.exportTo.includes('*') || r.exportTo.includes(ns);

/** Istio's MostSpecificHostMatch: the rules for the exact host, else for the longest matching wildcard. */
function mostSpecific(rules: Rule[], fqdn: string): Rule[] {
  const exact = rules.filter((r) => r.host === fqdn);
  if (exact.length > 0) return exact;
  const wild = rules.filter((r) => r.host.startsWith('*') && istioHostMatches(r.host, fqdn));
  const longest = Math.max(-1, ...wild.map((r) => r.host.length));
  return wild.filter((r) => r.host.length === longest);
}

/** The DestinationRules Istio applies to the gateway pods' connections to the Service (PushContext.destinationRule). */
export function destinationRulesFor(model: AppModel, cluster: string, hop: Pick<SolverHop, 'proxyNamespace' | 'proxyLabels' | 'fqdn' | 'serviceNamespace'>): Rule[] {
  const all = rulesOf(model).filter((r) => r.dr.cluster === cluster);
  const selects = (r: Rule) => {
    const sel = obj(obj(r.dr.json.spec).workloadSelector).matchLabels;
    return sel === undefined || Object.entries(stringMap(sel)).every(([k, v]) => hop.proxyLabels[k] === v);
  };
  const local = hop.proxyNamespace !== ROOT_NAMESPACE
    ? all.filter((r) => r.dr.namespace === hop.proxyNamespace && visibleInOwnNamespace(r) && selects(r))
    : all.filter((r) => r.dr.namespace === ROOT_NAMESPACE && privateOnly(r) && selects(r));
  const first = mostSpecific(local, hop.fqdn);
  if (first.length > 0) return first;
  for (const ns of [hop.serviceNamespace, ROOT_NAMESPACE]) {
    const exported = mostSpecific(all.filter((r) => r.dr.namespace === ns && !privateOnly(r)), hop.fqdn).filter((r) => exportedTo(r, hop.proxyNamespace));
    if (exported.length > 0) return exported;
  }
  return [];
}

/** The TLS of one trafficPolicy for the port: its portLevelSettings for the port, else its own `tls`. */
function policyTls(dr: ModelObject, policy: any, at: string, port: number): { dr: ModelObject; field: string; mode: string } | undefined {
  const settings = arr(obj(policy).portLevelSettings);
  const k = settings.findIndex((s) => obj(obj(s).port).number === port && obj(s).tls !== undefined);
  if (k >= 0) return { dr, field: `${at}.portLevelSettings[${k}].tls.mode`, mode: str(obj(obj(settings[k]).tls).mode) ?? 'DISABLE' };
  if (obj(policy).tls === undefined) return undefined;
  return { dr, field: `${at}.tls.mode`, mode: str(obj(obj(policy).tls).mode) ?? 'DISABLE' };
}

/**
 * The TLS mode the rules set for the port (and subset), and the field setting it: the first
 * rule's top-level trafficPolicy, overridden by the named subset's (subsets of every rule for
 * the host are merged).
 */
function tlsFor(rules: Rule[], port: number, subset?: string): { dr: ModelObject; field: string; mode: string } | undefined {
  if (subset !== undefined) {
    for (const r of rules) {
      const k = arr(obj(r.dr.json.spec).subsets).findIndex((s) => obj(s).name === subset);
      const policy = k >= 0 ? obj(arr(obj(r.dr.json.spec).subsets)[k]).trafficPolicy : undefined;
      const tls = policy !== undefined ? policyTls(r.dr, policy, `spec.subsets[${k}].trafficPolicy`, port) : undefined;
      if (tls) return tls;
      if (k >= 0) break;
    }
  }
  const withPolicy = rules.find((r) => obj(r.dr.json.spec).trafficPolicy !== undefined);
  return withPolicy ? policyTls(withPolicy.dr, obj(withPolicy.dr.json.spec).trafficPolicy, 'spec.trafficPolicy', port) : undefined;
}

/** The hops of the app's challenges from gateway pods to a solver Service. */
function solverHops(model: AppModel): Array<{ cluster: string; hop: SolverHop }> {
  const out: Array<{ cluster: string; hop: SolverHop }> = [];
  const seen = new Set<string>();
  const add = (cluster: string, hop: SolverHop) => {
    const key = `${cluster}|${hop.proxyNamespace}|${JSON.stringify(hop.proxyLabels)}|${hop.fqdn}|${hop.port}|${hop.subset}|${hop.host}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ cluster, hop });
  };
  // a VirtualService rule routing the challenge to a Service (HttpsRedirectGateway's)
  for (const r of challengeRoutes(model)) {
    const d = routeDestination(arr(obj(r.vs.json.spec).http)[r.rule], r.vs.namespace);
    if (!d) continue;
    const g = istioGateway(model, r.vs.cluster, r.gateway);
    add(r.vs.cluster, {
      proxyNamespace: g ? workloadNamespaceOf(g) : r.gateway.slice(0, r.gateway.indexOf('/')), proxyLabels: g ? gatewaySelectorOf(g) : {},
      fqdn: d.fqdn, serviceNamespace: d.namespace, port: d.port ?? SOLVER_PORT, subset: d.subset, generated: false, host: r.host,
      via: `the rule http[${r.rule}] of VirtualService ${r.vs.namespace}/${r.vs.name} (${r.vs.path})`,
    });
  }
  // cert-manager's own routing object to its own Service (name generated per challenge)
  for (const n of http01Names(model)) {
    const c = n.certificate;
    const generated = (proxyNamespace: string, proxyLabels: { [key: string]: string }, via: string): SolverHop => ({
      proxyNamespace, proxyLabels, fqdn: `cm-acme-http-solver-xxxxx.${c.namespace}.svc.cluster.local`, serviceNamespace: c.namespace,
      port: SOLVER_PORT, generated: true, host: n.host, via,
    });
    const issuer = `${n.selected.issuer.kind} "${n.selected.issuer.name}"'s solvers[${n.selected.index}] (${describeSolver(n.selected.solver)})`;
    for (const g of challengeRouteParents(model, n)) {
      add(c.cluster, generated(g.namespace, { [GATEWAY_NAME_LABEL]: g.name }, `the HTTPRoute cert-manager attaches to Gateway ${g.namespace}/${g.name} for ${issuer}`));
    }
    const cls = challengeIngressClass(n.selected.solver, stringMap(c.json.metadata?.annotations));
    if (cls && servedByIstio(model, c.cluster, cls)) {
      // Istio's Ingress support programs the gateway pods of meshConfig.ingressSelector (default istio: ingressgateway in istio-system)
      add(c.cluster, generated(ROOT_NAMESPACE, { istio: 'ingressgateway' }, `the Ingress cert-manager creates for ${issuer}, which Istio serves on its ingress gateway`));
    }
  }
  return out;
}

function checkSolverTls(model: AppModel, report: Reporter): void {
  if (model.ofKind(NETWORKING, 'DestinationRule').length === 0) return;
  // one problem per rule and field, naming the first hop and counting the others (a fleet's mesh-wide rule)
  const found = new Map<string, { dr: ModelObject; field: string; mode: string; hop: SolverHop; more: number }>();
  for (const { cluster, hop } of solverHops(model)) {
    const tls = tlsFor(destinationRulesFor(model, cluster, hop), hop.port, hop.subset);
    if (!tls || !TLS_MODES.includes(tls.mode)) continue;
    const key = `${tls.dr.index}|${tls.field}`;
    const f = found.get(key);
    if (f) f.more++;
    else found.set(key, { ...tls, hop, more: 0 });
  }
  for (const { dr, field, mode, hop, more } of found.values()) {
    const spec = obj(dr.json.spec);
    // a rule for the Service's own host is not outranked by another: it must change itself
    const own = rulesOf(model).find((r) => r.dr === dr)?.host === hop.fqdn;
    const scope = dr.namespace === ROOT_NAMESPACE && !privateOnly({ dr, host: '', exportTo: strings(spec.exportTo) }) ? 'mesh-wide, from the root namespace' : `from namespace ${dr.namespace}`;
    const place = `in namespace ${hop.proxyNamespace}${hop.proxyNamespace === ROOT_NAMESPACE ? ' with exportTo ["."]' : ''} (the gateway pods\' own rules are looked up first, and the more specific host wins)`;
    const service = hop.generated ? `cert-manager's solver Service in ${hop.serviceNamespace} (cm-acme-http-solver-…)` : `the solver Service ${hop.fqdn}`;
    report.error(dr, field, mode,
      `this DestinationRule (host ${JSON.stringify(str(spec.host))}, ${scope}) applies to the connections of the gateway pods in ${hop.proxyNamespace} to ${service}:${hop.port}, which the ACME HTTP-01 challenge for ${hop.host}${more > 0 ? ` (and ${more} more)` : ''} takes through ${hop.via}: it makes the gateway originate ${mode} TLS, but cert-manager runs the solver pods without a sidecar (sidecar.istio.io/inject: "false") serving plain HTTP on ${hop.port}, so the gateway answers 503 and the certificate is never issued`,
      own ? 'set this tls.mode to DISABLE (or leave tls out): the solver pods serve plain HTTP'
        : hop.generated
        ? `add portLevelSettings for port ${hop.port} with tls.mode DISABLE to this rule, or a DestinationRule for host "*.${hop.serviceNamespace}.svc.cluster.local" with trafficPolicy.tls.mode DISABLE ${place}`
        : `add a DestinationRule for host "${hop.fqdn}" with trafficPolicy.tls.mode DISABLE ${place}`);
  }
}

registerChecks({ id: 'istio/acme-solver-destination-rules', check: checkSolverTls });
