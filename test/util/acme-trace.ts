// Test-only: an independent model of where an ACME HTTP-01 validation request ends up.
//
// Input is RENDERED MANIFESTS ONLY (plain objects as parsed from YAML). Nothing here imports
// from src/: the point is to check the library's output against a model of upstream behaviour
// (cert-manager, Istio/Envoy, Gateway API, Let's Encrypt), not against the library's own logic.
//
// What is simulated, for every Certificate that lists the host, once for the first issuance and
// once for a renewal (a new token; by then every Certificate's Secret exists):
//   1. cert-manager picks the Issuer/ClusterIssuer and the ACME solver for the name;
//   2. cert-manager creates the solver Pod (:8089), its Service and, for `gatewayHTTPRoute`, an
//      HTTPRoute (for `ingress`, an Ingress) in the Certificate's namespace;
//   3. `GET http://<host>/.well-known/acme-challenge/<token>` arrives at the ingress gateway
//      workload and is followed through httpsRedirect / redirect rules (as Let's Encrypt and
//      cert-manager's self-check do) to a Service, which must select the solver pod on 8089.
//
// Upstream sources are cited as [cm …] cert-manager, [istio …], [gwapi …] Gateway API spec,
// [envoy …], [le …] letsencrypt.org/docs/challenge-types. Where upstream leaves an outcome open
// (merge order of VirtualServices, tie-breaks between HTTPRoutes without timestamps, header
// matches we cannot evaluate) the model does not guess: it reports "not reached" with the reason.
//
// Assumptions (documented, deliberate):
// - The gateway workload's Service exposes the same port numbers the Gateway servers/listeners
//   use (80 for HTTP, 443 for HTTPS); DNS for the host points at this workload.
// - Manifests without metadata.namespace live in `defaultNamespace` (default "default").
// - Objects created by cert-manager (pod, Service, HTTPRoute, Ingress) are newer than every
//   object of the app; app objects without creationTimestamp have an unknown relative age.
// - An `ingress` solver's Ingress is served by this gateway only if its class is listed in
//   `ingressClasses` (default: none, i.e. the Ingress is inert). Served Ingresses are modelled
//   on port 80 only (their TLS section is not modelled).
// - The policy layers: at every arrival at the gateway pods (port 80, and 443 after a redirect)
//   the AuthorizationPolicies applying to them decide (CUSTOM, DENY, ALLOW); on the hop to the
//   solver Service the DestinationRule applying to the gateway pods decides whether the gateway
//   originates TLS (the solver pod has no sidecar and serves plain HTTP). The root namespace is
//   `rootNamespace` (default istio-system). Policies whose outcome the model cannot evaluate
//   (source addresses, the pods' target port, an external authorizer) make the trace "not reached".
// - Not modelled (out of scope): EnvoyFilter, NetworkPolicy, PeerAuthentication (enforced by the
//   receiving sidecar, which the solver pod does not have), VirtualService delegation, TLS/TCP
//   routes, hairpin-NAT/split-DNS problems of the self-check.
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Labels = { [key: string]: string };

export interface TraceOptions {
  /** The name being validated, as listed in a Certificate (`*.x` for a wildcard). */
  host: string;
  /** Token of the first issuance (default `tok-first-issuance`); the renewal uses another one. */
  token?: string;
  /** Labels of the ingress gateway pods the request arrives at (default `istio: ingressgateway`). */
  gatewayLabels?: Labels;
  /** Namespace of those pods (default `istio-system`); Istio reads credentialName Secrets there. */
  gatewayNamespace?: string;
  /** Ingress classes served by this gateway workload ("" = Ingresses without class). Default none. */
  ingressClasses?: string[];
  /** Secrets (`ns/name`) that exist although no manifest of the app writes them. */
  existingSecrets?: string[];
  /** Gateway API Gateways (`ns/name`) served by this workload besides those found by label/address. */
  gatewayApiGateways?: string[];
  /** GatewayClasses implemented by Istio (default `istio`). */
  gatewayClassNames?: string[];
  /** Namespace of namespaced manifests that carry none (default `default`). */
  defaultNamespace?: string;
  /** Cluster DNS domain (default `cluster.local`). */
  clusterDomain?: string;
  /** Istio's root namespace (meshConfig.rootNamespace, default `istio-system`). */
  rootNamespace?: string;
}

export interface TraceResult {
  reachesSolver: boolean;
  hops: string[];
  reason?: string;
}

const CHALLENGE_PATH = '/.well-known/acme-challenge/';
// [cm pkg/issuer/acme/http/http.go] acmeSolverListenPort = 8089; the container port is named "http" (pod.go).
const SOLVER_PORT = 8089;
const SOLVER_PORT_NAME = 'http';
// [cm pkg/apis/acme/v1/types.go] labels on every solver pod; Service selector = exactly these (service.go).
const LABEL_DOMAIN = 'acme.cert-manager.io/http-domain';
const LABEL_TOKEN = 'acme.cert-manager.io/http-token';
const LABEL_SOLVER = 'acme.cert-manager.io/http01-solver';
const RESERVED_LABELS = [LABEL_DOMAIN, LABEL_TOKEN, LABEL_SOLVER];
const ANN_TEMP_CERT = 'cert-manager.io/issue-temporary-certificate';
// [cm pkg/apis/acme/v1/types.go, pkg/controller/acmeorders/util.go] Order annotations (copied from the
// Certificate through the CertificateRequest) that override the selected solver.
const ANN_ING_NAME = 'acme.cert-manager.io/http01-override-ingress-name';
const ANN_ING_CLASS = 'acme.cert-manager.io/http01-ingress-class';
const ANN_ING_CLASSNAME = 'acme.cert-manager.io/http01-ingress-ingressclassname';
const ANN_PR_NAME = 'acme.cert-manager.io/http01-parentrefname';
const ANN_PR_KIND = 'acme.cert-manager.io/http01-parentrefkind';
const ANN_PR_NS = 'acme.cert-manager.io/http01-parentrefnamespace';
const GWAPI = 'gateway.networking.k8s.io';
// [le challenge-types] HTTP-01 follows up to 10 redirects, only to http:/https: and ports 80/443.
const MAX_REDIRECTS = 10;

type Phase = 'first issuance' | 'renewal';
type Tri = boolean | 'unknown';

interface Opts {
  host: string; token: string; gatewayLabels: Labels; gatewayNamespace: string; ingressClasses: string[];
  existingSecrets: string[]; gatewayApiGateways: string[]; gatewayClassNames: string[];
  defaultNamespace: string; clusterDomain: string; rootNamespace: string;
}

interface Index {
  o: Opts;
  certificates: any[]; issuers: any[]; clusterIssuers: any[];
  istioGateways: any[]; virtualServices: any[];
  gateways: any[]; httpRoutes: any[]; referenceGrants: any[];
  services: any[]; namespaces: any[]; secrets: any[]; ingresses: any[]; workloads: any[];
  authorizationPolicies: any[]; destinationRules: any[];
}

interface Req { scheme: 'http' | 'https'; host: string; port: number; path: string }

type Step =
  | { kind: 'solver' }
  | { kind: 'redirect'; to: Req; code: number }
  | { kind: 'fail'; reason: string };

interface Challenge {
  phase: Phase;
  cert: any;
  ns: string; // Certificate = Challenge = solver namespace
  host: string; // lower-case DNS name being validated
  token: string;
  path: string;
  podLabels: Labels;
  service: { ns: string; name: string; selector: Labels; type: string };
  route?: any; // HTTPRoute created by cert-manager (gatewayHTTPRoute solvers)
  ingress?: { ns: string; name: string; cls: string; editInPlace: boolean }; // ingress solvers
}

// ---------------------------------------------------------------------------------------------
// Entry point

export function traceHttp01(docs: any[], opts: TraceOptions): TraceResult {
  const o: Opts = {
    host: opts.host.toLowerCase(),
    token: opts.token ?? 'tok-first-issuance',
    gatewayLabels: opts.gatewayLabels ?? { istio: 'ingressgateway' },
    gatewayNamespace: opts.gatewayNamespace ?? 'istio-system',
    ingressClasses: opts.ingressClasses ?? [],
    existingSecrets: opts.existingSecrets ?? [],
    gatewayApiGateways: opts.gatewayApiGateways ?? [],
    gatewayClassNames: opts.gatewayClassNames ?? ['istio'],
    defaultNamespace: opts.defaultNamespace ?? 'default',
    clusterDomain: opts.clusterDomain ?? 'cluster.local',
    rootNamespace: opts.rootNamespace ?? 'istio-system',
  };
  const ix = index(docs.filter((d) => d && typeof d === 'object'), o);
  const certs = ix.certificates.filter((c) => certNames(c).includes(o.host));
  if (certs.length === 0) {
    const wild = ix.certificates.filter((c) => certNames(c).some((n) => n.startsWith('*.') && hostMatches(n, o.host)));
    const reason = wild.length
      ? `${o.host} is covered only by wildcard Certificate(s) ${wild.map(id).join(', ')}: Let's Encrypt validates the wildcard identifier, with DNS-01 only; no HTTP-01 request for ${o.host} is made`
      : `no Certificate lists ${o.host} in dnsNames or commonName`;
    return { reachesSolver: false, hops: [], reason };
  }
  const hops: string[] = [];
  for (const cert of certs) {
    const runs: { phase: Phase; token: string }[] = [
      { phase: 'first issuance', token: o.token },
      // A renewal is a new Order with a new token [cm pkg/controller/acmeorders]; a route that only
      // works for one token (or only once the Secret exists) fails one of the two runs.
      { phase: 'renewal', token: `${o.token}-renewal` },
    ];
    let firstHops: string | undefined;
    for (const run of runs) {
      const r = traceChallenge(ix, cert, run.phase, run.token);
      const normal = normalize(r.hops, o.host, run.token);
      if (firstHops === undefined) {
        firstHops = normal;
        hops.push(`[${run.phase}] ${id(cert)}`, ...r.hops);
      } else if (r.ok && normal === firstHops) {
        hops.push(`[${run.phase}] ${id(cert)}: same route with a new token`);
      } else {
        hops.push(`[${run.phase}] ${id(cert)}`, ...r.hops);
      }
      if (!r.ok) return { reachesSolver: false, hops, reason: `[${run.phase}] ${id(cert)}: ${r.reason}` };
    }
  }
  return { reachesSolver: true, hops };
}

/** Hops with the token-dependent parts replaced, to tell whether two runs took the same route. */
function normalize(hops: string[], host: string, token: string): string {
  const dnsName = host.startsWith('*.') ? host.slice(2) : host;
  const volatile = [solverServiceName(dnsName, token), token, String(adler32(token))];
  return hops.map((h) => volatile.reduce((acc, v, k) => acc.split(v).join(`<${k}>`), h)).join('\n');
}

function solverServiceName(dnsName: string, token: string): string {
  // cert-manager generates the name (generateName cm-acme-http-solver-); any stable stand-in will do.
  return `cm-acme-http-solver-${adler32(`${dnsName}/${token}`).toString(36)}`;
}

// ---------------------------------------------------------------------------------------------
// cert-manager: issuer, solver selection, created objects

function traceChallenge(ix: Index, cert: any, phase: Phase, token: string): { ok: boolean; hops: string[]; reason?: string } {
  const hops: string[] = [];
  const fail = (reason: string) => ({ ok: false, hops, reason });
  const o = ix.o;
  const ns = nsOf(cert, o);
  const ref = cert.spec?.issuerRef ?? {};
  const group = ref.group || 'cert-manager.io';
  const kind = ref.kind || 'Issuer';
  if (group !== 'cert-manager.io') return fail(`issuerRef ${group}/${kind} ${ref.name} is an external issuer: cert-manager runs no HTTP-01 challenge for it`);
  const issuer = kind === 'ClusterIssuer'
    ? ix.clusterIssuers.find((i) => i.metadata?.name === ref.name)
    : ix.issuers.find((i) => i.metadata?.name === ref.name && nsOf(i, o) === ns); // Issuers are namespaced: same namespace as the Certificate
  if (!issuer) return fail(`${kind} ${kind === 'Issuer' ? `${ns}/` : ''}${ref.name} (issuerRef) is not in the app`);
  const acme = issuer.spec?.acme;
  if (!acme) return fail(`${id(issuer)} is not an ACME issuer: no HTTP-01 challenge`);
  hops.push(`${id(cert)} lists ${o.host} → ${id(issuer)} (ACME)`);

  // [cm pkg/controller/acmeorders/util.go] a wildcard authorization is looked up as "*.<identifier>";
  // [le challenge-types] it offers only dns-01. A plain name is offered http-01 and dns-01.
  const wildcard = o.host.startsWith('*.');
  const offered = wildcard ? ['dns-01'] : ['http-01', 'dns-01'];
  const choice = selectSolver(acme.solvers ?? [], o.host, cert.metadata?.labels ?? {}, offered);
  if (!choice) {
    return fail(`no configured challenge solvers can be used for this challenge (cert-manager's error)${wildcard ? `; Let's Encrypt offers only DNS-01 for the wildcard ${o.host}` : ''}`);
  }
  if (!(choice.solver.http01 && offered.includes('http-01'))) {
    return fail(`solver[${choice.index}] of ${id(issuer)} is selected (${choice.by}) and it is DNS-01: ${o.host} is validated through DNS, no HTTP-01 request is made`);
  }
  const http01 = clone(choice.solver.http01);
  const ann: Labels = cert.metadata?.annotations ?? {};
  // Overrides from annotations [cm pkg/controller/acmeorders/util.go applyIngressParameterAnnotationOverrides,
  // applyGatewayAPIAnnotationParentRefOverride].
  if (http01.ingress && (ANN_ING_NAME in ann || ANN_ING_CLASS in ann || ANN_ING_CLASSNAME in ann)) {
    if ([ANN_ING_NAME, ANN_ING_CLASS, ANN_ING_CLASSNAME].filter((a) => a in ann).length > 1) {
      return fail('may not specify more than one of the http01 ingress name/class/ingressClassName override annotations (cert-manager\'s error)');
    }
    http01.ingress = { ...http01.ingress, name: ann[ANN_ING_NAME], class: ann[ANN_ING_CLASS], ingressClassName: ann[ANN_ING_CLASSNAME] };
  }
  if (http01.gatewayHTTPRoute) {
    const hasName = ANN_PR_NAME in ann, hasKind = ANN_PR_KIND in ann;
    if (hasName !== hasKind) return fail('cannot specify only one of parentRefName, parentRefKind override annotations (cert-manager\'s error)');
    let refs: any[] = http01.gatewayHTTPRoute.parentRefs ?? [];
    if (hasName) {
      const prNs = ann[ANN_PR_NS] ?? ns;
      refs = refs.filter((pr) => !(pr.namespace === prNs && pr.name === ann[ANN_PR_NAME] && (pr.kind === undefined || pr.kind === ann[ANN_PR_KIND])));
      refs = [...refs, { name: ann[ANN_PR_NAME], namespace: prNs, kind: ann[ANN_PR_KIND] }];
    }
    if (refs.length === 0) return fail('must specify parentRefs either through annotations or solver config (cert-manager\'s error)');
    http01.gatewayHTTPRoute = { ...http01.gatewayHTTPRoute, parentRefs: refs };
  }
  const solverKind = http01.gatewayHTTPRoute ? 'gatewayHTTPRoute' : http01.ingress ? 'ingress' : undefined;
  if (!solverKind) return fail(`solver[${choice.index}] of ${id(issuer)} has http01 without ingress or gatewayHTTPRoute (e.g. the removed "istio" solver): cert-manager cannot present it`);
  const cfg = http01[solverKind];
  hops.push(`solver[${choice.index}] selected (${choice.by}) → http01.${solverKind}`);

  // Solver pod labels [cm pkg/issuer/acme/http/pod.go podLabels, mergePodObjectMetaWithPodTemplate]:
  // built-in domain/token hashes + http01-solver, then podTemplate.metadata.labels merged on top.
  const dnsName = wildcard ? o.host.slice(2) : o.host;
  const builtin: Labels = { [LABEL_DOMAIN]: String(adler32(dnsName)), [LABEL_TOKEN]: String(adler32(token)), [LABEL_SOLVER]: 'true' };
  const templ: Labels = cfg.podTemplate?.metadata?.labels ?? {};
  const clash = RESERVED_LABELS.filter((k) => k in templ && templ[k] !== builtin[k]);
  if (clash.length) {
    // Older cert-manager lets the template override them (breaking its own Service selector), newer
    // versions keep the built-in values: version-dependent, so not provable.
    return fail(`podTemplate.metadata.labels of solver[${choice.index}] sets reserved label(s) ${clash.join(', ')}: cert-manager versions disagree on which value wins`);
  }
  const podLabels = { ...builtin, ...templ };
  const svcName = solverServiceName(dnsName, token);
  const ch: Challenge = {
    phase, cert, ns, host: dnsName, token, path: `${CHALLENGE_PATH}${token}`, podLabels,
    // [cm pkg/issuer/acme/http/service.go buildService] selector = built-in labels only; 8089 → 8089;
    // type NodePort unless serviceType says otherwise.
    service: { ns, name: svcName, selector: builtin, type: cfg.serviceType || 'NodePort' },
  };
  hops.push(`cert-manager creates in ${ns}: Pod cm-acme-http-solver-* ${fmtLabels(podLabels)} on :${SOLVER_PORT}, Service ${svcName} (${ch.service.type}) :${SOLVER_PORT} → :${SOLVER_PORT}`);

  if (solverKind === 'gatewayHTTPRoute') {
    // [cm pkg/issuer/acme/http/httproute.go generateHTTPRouteSpec] parentRefs as configured, hostnames
    // [name], one rule: path Exact /.well-known/acme-challenge/<token> → solver Service :8089.
    ch.route = {
      apiVersion: `${GWAPI}/v1`, kind: 'HTTPRoute',
      metadata: { name: svcName, namespace: ns, labels: { ...builtin, ...(cfg.labels ?? {}) } },
      spec: {
        parentRefs: cfg.parentRefs,
        hostnames: [dnsName],
        rules: [{
          matches: [{ path: { type: 'Exact', value: ch.path } }],
          backendRefs: [{ group: '', kind: 'Service', name: svcName, namespace: ns, port: SOLVER_PORT, weight: 1 }],
        }],
      },
      __solver: true,
    };
    hops.push(`cert-manager creates HTTPRoute ${ns}/${svcName} parentRefs ${cfg.parentRefs.map(fmtParentRef).join(', ')} hostnames [${dnsName}] Exact ${ch.path} → ${svcName}:${SOLVER_PORT}`);
  } else {
    // [cm pkg/issuer/acme/http/ingress.go] a new Ingress with the class (or an existing one, edited in place).
    const editName: string | undefined = cfg.name || undefined;
    let cls = cfg.ingressClassName ?? cfg.class ?? '';
    if (editName) {
      const existing = ix.ingresses.find((i) => i.metadata?.name === editName && nsOf(i, o) === ns);
      if (!existing) return fail(`ingress solver edits Ingress ${ns}/${editName} in place, which is not in the app`);
      cls = ingressClass(existing);
    }
    ch.ingress = { ns, name: editName ?? svcName, cls, editInPlace: !!editName };
    const served = o.ingressClasses.includes(cls);
    hops.push(`cert-manager ${editName ? 'adds the challenge path to' : 'creates'} Ingress ${ns}/${ch.ingress.name} (class "${cls}") ${ch.path} → ${svcName}:${SOLVER_PORT}` +
      (served ? ' — served by this gateway' : ' — class not served by this gateway: the Ingress is inert'));
  }

  // The Ingresses this workload serves (the solver's included) take part as Istio converts them.
  const synth = syntheticIngress(ix, ch);
  const cix: Index = { ...ix, istioGateways: [...ix.istioGateways, ...synth.gateways], virtualServices: [...ix.virtualServices, ...synth.virtualServices] };
  const trace = followRequest(cix, ch);
  hops.push(...trace.hops);
  return trace.ok ? { ok: true, hops } : fail(trace.reason!);
}

export interface SolverChoice { index: number; solver: any; by: string }

/**
 * The ACME solver cert-manager selects for a name, re-implemented from
 * [cm pkg/util/solverpicker/solverpicker.go Pick, pkg/controller/acmeorders/selectors]:
 * only solvers whose challenge type the authorization offers; a solver without selector matches
 * all but never replaces an earlier pick; dnsNames matches beat dnsZones beat matchLabels
 * (longest zone, then most labels); on equal weight the first solver in the list wins.
 * `domain` is `*.x` for a wildcard authorization; `orderLabels` are the Certificate's labels
 * (copied to the CertificateRequest and Order).
 */
export function selectSolver(solvers: any[], domain: string, orderLabels: Labels, offered: string[]): SolverChoice | undefined {
  let sel: SolverChoice | undefined;
  let sLabels = 0, sNames = 0, sZones = 0;
  solvers.forEach((cfg, index) => {
    const usable = (cfg?.http01 && offered.includes('http-01')) || (cfg?.dns01 && offered.includes('dns-01'));
    if (!usable) return;
    if (!cfg.selector) {
      if (!sel) sel = { index, solver: cfg, by: 'no selector' };
      return;
    }
    const [lOk, l] = labelsMatch(cfg.selector.matchLabels, orderLabels);
    const [nOk, n] = dnsNamesMatch(cfg.selector.dnsNames, domain);
    const [zOk, z] = dnsZonesMatch(cfg.selector.dnsZones, domain);
    if (!lOk || !nOk || !zOk) return;
    const by = n ? 'selector.dnsNames' : z ? `selector.dnsZones, ${z} label(s)` : l ? `selector.matchLabels, ${l} label(s)` : 'empty selector';
    const pick = () => { sel = { index, solver: cfg, by }; sLabels = l; sNames = n; sZones = z; };
    if (!sel) return pick();
    if (!(sNames > 0) && n > 0) return pick();
    if (sNames > 0 && !(n > 0)) return;
    if (sNames > 0 && n > 0) {
      if (z > sZones) return pick();
      if (sZones > z) return;
      if (l > sLabels) pick();
      return;
    }
    if (!(sZones > 0) && z > 0) return pick();
    if (sZones > 0 && !(z > 0)) return;
    if (sZones > 0 && z > 0) {
      if (z > sZones) return pick();
      if (sZones > z) return;
      if (l > sLabels) pick();
      return;
    }
    if (l > sLabels) pick();
  });
  return sel;
}

function labelsMatch(required: Labels | undefined, labels: Labels): [boolean, number] {
  const entries = Object.entries(required ?? {});
  if (entries.length === 0) return [true, 0];
  let n = 0;
  for (const [k, v] of entries) {
    if (labels[k] !== v) return [false, n];
    n++;
  }
  return [true, n];
}

function dnsNamesMatch(names: string[] | undefined, domain: string): [boolean, number] {
  if (!names?.length) return [true, 0];
  return names.includes(domain) ? [true, 1] : [false, 0]; // exact string comparison upstream
}

function dnsZonesMatch(zones: string[] | undefined, domain: string): [boolean, number] {
  if (!zones?.length) return [true, 0];
  let max = 0;
  for (const zone of zones) {
    const n = compareDomainName(zone, domain);
    if (n !== dnsLabels(zone).length) continue;
    if (n > max) max = n;
  }
  return [max > 0, max];
}

/** miekg/dns CompareDomainName: labels in common counted from the right, case-insensitive. */
function compareDomainName(a: string, b: string): number {
  const x = dnsLabels(a).reverse(), y = dnsLabels(b).reverse();
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

function dnsLabels(s: string): string[] {
  return s.toLowerCase().split('.').filter((p) => p !== '');
}

// ---------------------------------------------------------------------------------------------
// Following the request

function followRequest(ix: Index, ch: Challenge): { ok: boolean; hops: string[]; reason?: string } {
  const hops: string[] = [];
  let req: Req = { scheme: 'http', host: ch.host, port: 80, path: ch.path };
  const seen = new Set<string>();
  for (let redirects = 0; ; redirects++) {
    const key = url(req);
    if (seen.has(key)) return { ok: false, hops, reason: `redirect loop: ${key} again` };
    seen.add(key);
    hops.push(`GET ${key}`);
    const { hops: h, step } = handle(ix, ch, req);
    hops.push(...h);
    if (step.kind === 'solver') return { ok: true, hops };
    if (step.kind === 'fail') return { ok: false, hops, reason: step.reason };
    const to = step.to;
    if (redirects + 1 > MAX_REDIRECTS) return { ok: false, hops, reason: `more than ${MAX_REDIRECTS} redirects (Let's Encrypt gives up)` };
    if (to.scheme !== 'http' && to.scheme !== 'https') return { ok: false, hops, reason: `redirect to scheme ${to.scheme}: Let's Encrypt only follows http: and https:` };
    if (to.port !== 80 && to.port !== 443) return { ok: false, hops, reason: `redirect to port ${to.port}: Let's Encrypt only follows redirects to ports 80 and 443` };
    if (to.host !== ch.host) return { ok: false, hops, reason: `redirect to another host (${to.host}): the solver pod only answers for Host ${ch.host}` };
    req = to;
  }
}

function handle(ix: Index, ch: Challenge, req: Req): { hops: string[]; step: Step } {
  const o = ix.o;
  const istioServers = istioServersOn(ix, req.port);
  const listeners = gatewayApiListenersOn(ix, req.port);
  if (istioServers.length && listeners.length) {
    return { hops: [], step: { kind: 'fail', reason: `port ${req.port} of the gateway workload is configured by both networking.istio.io Gateways and Gateway API listeners; their merge is not modelled` } };
  }
  if (listeners.length || istioServers.length) {
    const w: Workload = listeners.length ? { ns: listeners[0].gwNs, labels: { [GATEWAY_NAME_LABEL]: listeners[0].gw.metadata?.name }, gatewayName: listeners[0].gw.metadata?.name } : { ns: o.gatewayNamespace, labels: o.gatewayLabels };
    const authz = authorize(ix, w, req);
    if (!authz.ok) return { hops: [], step: { kind: 'fail', reason: authz.text } };
    const r = listeners.length ? handleGatewayApi(ix, ch, req, listeners) : handleIstio(ix, ch, req, istioServers);
    return { hops: [authz.text, ...r.hops], step: r.step };
  }
  return { hops: [], step: { kind: 'fail', reason: `nothing on the gateway workload ${fmtLabels(o.gatewayLabels)} in ${o.gatewayNamespace} listens on port ${req.port}` } };
}

// ---------------------------------------------------------------------------------------------
// Classic Istio (networking.istio.io Gateway + VirtualService)

interface Server { gw: any; gwId: string; gwNs: string; s: any; label: string }

function istioServersOn(ix: Index, port: number): Server[] {
  const o = ix.o;
  const out: Server[] = [];
  for (const gw of ix.istioGateways) {
    // [istio Gateway.selector] labels ⊆ workload labels; gateways of every namespace apply by default.
    if (!subsetOf(gw.spec?.selector ?? {}, o.gatewayLabels)) continue;
    for (const s of gw.spec?.servers ?? []) {
      if (Number(s.port?.number) !== port) continue;
      out.push({ gw, gwId: `${nsOf(gw, o)}/${gw.metadata?.name}`, gwNs: nsOf(gw, o), s, label: `Gateway ${nsOf(gw, o)}/${gw.metadata?.name} server ${s.port?.name ?? port}` });
    }
  }
  return out;
}

const PLAIN = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);

function handleIstio(ix: Index, ch: Challenge, req: Req, servers: Server[]): { hops: string[]; step: Step } {
  const hops: string[] = [];
  const done = (step: Step) => ({ hops, step });
  const fail = (reason: string) => done({ kind: 'fail', reason });
  const plain = servers.filter((s) => PLAIN.has(String(s.s.port?.protocol).toUpperCase()));
  const tls = servers.filter((s) => !plain.includes(s));
  let used: Server[];
  if (req.scheme === 'http') {
    // [istio gateway.go] a port carries either plain-text HTTP servers or TLS servers, never both.
    if (plain.length === 0) return fail(`port ${req.port} has only TLS servers (${tls.map((s) => s.label).join(', ')}): a plain-HTTP request fails`);
    if (tls.length) return fail(`port ${req.port} mixes plain HTTP and TLS servers, which Istio rejects`);
    used = plain; // all plain HTTP servers on a port share one route configuration "http.<port>"
  } else {
    if (tls.length === 0) return fail(`no HTTPS server on port ${req.port}: the TLS handshake fails`);
    // SNI selects the filter chain [envoy filter_chain_match.server_names]: exact, then the longest
    // wildcard; server hosts without their "ns/" part [istio GetSNIHostsForServer].
    const best = bestBy(tls, (s) => bestRank((s.s.hosts ?? []).map(stripNs), req.host));
    if (best.length === 0) return fail(`no HTTPS server on port ${req.port} has a host matching SNI ${req.host}: the TLS handshake fails`);
    if (best.length > 1) return fail(`several HTTPS servers on port ${req.port} claim ${req.host} (${best.map((s) => s.label).join(', ')}): Istio keeps only one (IST0145)`);
    const srv = best[0];
    const proto = String(srv.s.port?.protocol).toUpperCase();
    const mode = String(srv.s.tls?.mode ?? 'SIMPLE').toUpperCase();
    if (proto !== 'HTTPS') return fail(`${srv.label} is ${proto}: TLS/TCP routing is not modelled`);
    if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') return fail(`${srv.label} is tls.mode ${mode}: TLS is not terminated at the gateway (not modelled)`);
    if (mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL') return fail(`${srv.label} requires a client certificate (tls.mode ${mode}); the validation client has none`);
    const names: string[] = [...(srv.s.tls?.credentialName ? [srv.s.tls.credentialName] : []), ...(srv.s.tls?.credentialNames ?? [])];
    if (names.length === 0 && !srv.s.tls?.serverCertificate) return fail(`${srv.label} has no credentialName or serverCertificate`);
    const secrets: string[] = [];
    for (const name of names) {
      // [istio] credentialName is read from the namespace of the gateway workload.
      const sec = secretAvailable(ix, ch, ix.o.gatewayNamespace, name);
      if (!sec.ok) return fail(`${srv.label}: ${sec.text}`);
      secrets.push(sec.text);
    }
    hops.push(`${srv.label} (HTTPS ${mode}, ${names.length ? secrets.join(', ') : 'serverCertificate file'}) terminates TLS; the client does not verify the certificate`);
    used = [srv];
  }

  const vhosts = buildVhosts(ix, used);
  const key = bestBy([...vhosts.keys()], (k) => vhostRank(k, req.host))[0];
  if (key === undefined) return fail(`no virtual host for ${req.host} on port ${req.port} (servers ${used.map((s) => s.label).join(', ')}): Envoy answers 404`);
  const vh = vhosts.get(key)!;
  // [envoy VirtualHost.require_tls ALL] checked before any route: 301 to https for every plain request.
  if (vh.requireTls && req.scheme === 'http') {
    hops.push(`${vh.redirectBy} tls.httpsRedirect → 301 https://${req.host}${req.path}`);
    return done({ kind: 'redirect', to: { scheme: 'https', host: req.host, port: 443, path: req.path }, code: 301 });
  }
  const decision = decideIstioRoute(ix, vh, req);
  if ('reason' in decision) return fail(decision.reason);
  if (!decision.route) return fail(`no route of ${vh.sources.map((x) => vsId(x.vs)).filter(uniq).join(', ') || 'any VirtualService'} matches ${req.path} for ${req.host} on port ${req.port}: Envoy answers 404`);
  return applyIstioRoute(ix, ch, req, decision.route, hops);
}

interface VHost { key: string; requireTls: boolean; redirectBy?: string; sources: { vs: any; srv: Server }[] }

/**
 * Virtual hosts of one route configuration, as Istio builds them [istio pilot/pkg/networking/core/
 * gateway.go buildGatewayHTTPRouteConfig]: for every server and every VirtualService bound to the
 * server's Gateway, one vhost per intersecting hostname (the more specific of server host and VS
 * host); routes of several VirtualServices for the same hostname are appended; httpsRedirect on a
 * server marks those vhosts, and its own hosts, require_tls.
 */
function buildVhosts(ix: Index, servers: Server[]): Map<string, VHost> {
  const map = new Map<string, VHost>();
  const get = (k: string) => {
    if (!map.has(k)) map.set(k, { key: k, requireTls: false, sources: [] });
    return map.get(k)!;
  };
  for (const srv of servers) {
    const redirect = !!srv.s.tls?.httpsRedirect;
    for (const vs of virtualServicesFor(ix, srv)) {
      const serverHosts = namesForNamespace(srv.s.hosts ?? [], nsOf(vs, ix.o), srv.gwNs);
      for (const vsHost of (vs.spec?.hosts ?? []).map((h: string) => h.toLowerCase())) {
        for (const sh of serverHosts) {
          const k = hostIntersect(sh, vsHost);
          if (k === undefined) continue;
          const vh = get(k);
          if (!vh.sources.some((x) => x.vs === vs && x.srv === srv)) vh.sources.push({ vs, srv });
          if (redirect) { vh.requireTls = true; vh.redirectBy ??= srv.label; }
        }
      }
    }
    if (redirect) {
      // Upstream uses the raw server host here (an "ns/host" entry never matches a request Host).
      for (const h of srv.s.hosts ?? []) {
        const vh = get(String(h).toLowerCase());
        vh.requireTls = true;
        vh.redirectBy ??= srv.label;
      }
    }
  }
  return map;
}

function virtualServicesFor(ix: Index, srv: Server): any[] {
  const o = ix.o;
  return ix.virtualServices.filter((vs) => {
    const vsNs = nsOf(vs, o);
    // exportTo decides whether the gateway workload (config namespace = gatewayNamespace) sees it.
    const exportTo: string[] = vs.spec?.exportTo ?? ['*'];
    if (!exportTo.some((e) => e === '*' || e === o.gatewayNamespace || (e === '.' && vsNs === o.gatewayNamespace))) return false;
    return (vs.spec?.gateways ?? []).some((g: string) => normGatewayRef(g, vsNs, o.clusterDomain) === srv.gwId);
  });
}

/** [istio VirtualService.gateways] "ns/name", or "name" in the VirtualService's namespace; "mesh" = sidecars. */
function normGatewayRef(ref: string, vsNs: string, domain: string): string | undefined {
  if (ref === 'mesh') return undefined;
  if (ref.includes('/')) return ref;
  const fqdn = `.svc.${domain}`;
  if (ref.endsWith(fqdn)) {
    const [name, ns] = ref.slice(0, -fqdn.length).split('.');
    return `${ns}/${name}`;
  }
  return `${vsNs}/${ref}`;
}

/** [istio host.NamesForNamespace] server hosts a VirtualService of `vsNs` may bind to. */
function namesForNamespace(hosts: string[], vsNs: string, gwNs: string): string[] {
  const out: string[] = [];
  for (const raw of hosts) {
    const h = String(raw).toLowerCase();
    if (!h.includes('/')) { out.push(h); continue; }
    let [ns, name] = h.split('/');
    if (ns === '.') ns = gwNs;
    if (ns === '*' || ns === vsNs) out.push(name);
  }
  return out;
}

interface EnvoyRoute { vs: any; i: number; j: number; route: any; match: any; catchAll: boolean; result: Tri }

/** The Envoy routes Istio builds from one VirtualService for one server [istio route.go translateRoute]. */
function envoyRoutes(ix: Index, vs: any, srv: Server, req: Req): EnvoyRoute[] {
  const o = ix.o;
  const out: EnvoyRoute[] = [];
  (vs.spec?.http ?? []).forEach((route: any, i: number) => {
    const matches: any[] = route.match?.length ? route.match : [undefined];
    matches.forEach((m: any, j: number) => {
      if (m) {
        // Build-time filters: these conditions pick the routes a gateway gets; they are not part
        // of the Envoy match and so do not keep a route from being a catch-all.
        if (m.port !== undefined && Number(m.port) !== Number(srv.s.port?.number)) return;
        if (m.gateways?.length && !m.gateways.some((g: string) => normGatewayRef(g, nsOf(vs, o), o.clusterDomain) === srv.gwId)) return;
        if (m.sourceLabels && !subsetOf(m.sourceLabels, o.gatewayLabels)) return;
        if (m.sourceNamespace && m.sourceNamespace !== o.gatewayNamespace) return;
      }
      out.push({ vs, i, j, route, match: m, catchAll: isCatchAll(m), result: m ? evalIstioMatch(m, req) : true });
    });
  });
  return out;
}

/**
 * [istio route.go IsCatchAllRoute] prefix "/" (or regex ".*", or no uri) and no header or query
 * condition; scheme, method and authority become header matchers in Envoy.
 */
function isCatchAll(m: any): boolean {
  if (!m) return true;
  const u = m.uri;
  const pathAll = !u || u.prefix === '/' || u.regex === '.*';
  const extra = ['headers', 'withoutHeaders', 'queryParams'].some((k) => m[k] && Object.keys(m[k]).length) || m.scheme || m.method || m.authority;
  return pathAll && !extra;
}

function evalIstioMatch(m: any, req: Req): Tri {
  const parts: Tri[] = [];
  if (m.uri) parts.push(stringMatch(m.uri, req.path, !!m.ignoreUriCase));
  if (m.scheme) parts.push(stringMatch(m.scheme, req.scheme, false));
  if (m.method) parts.push(stringMatch(m.method, 'GET', false));
  if (m.authority) parts.push(stringMatch(m.authority, req.host, false));
  if (m.queryParams && Object.keys(m.queryParams).length) parts.push(false); // the request has no query string
  if ((m.headers && Object.keys(m.headers).length) || (m.withoutHeaders && Object.keys(m.withoutHeaders).length)) parts.push('unknown');
  return and(parts);
}

function stringMatch(sm: any, value: string, ignoreCase: boolean): Tri {
  const v = ignoreCase ? value.toLowerCase() : value;
  const c = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (sm.exact !== undefined) return v === c(sm.exact);
  if (sm.prefix !== undefined) return v.startsWith(c(sm.prefix));
  if (sm.regex !== undefined) return fullRegex(sm.regex, value, ignoreCase);
  return 'unknown';
}

type Decision = { route?: EnvoyRoute } | { reason: string };

/**
 * Which route of a vhost answers. Two readings are required to agree:
 * - the VirtualService API: rules of one VirtualService in order, first match wins; several
 *   VirtualServices for one host are merged in an undefined order [istio docs: traffic management
 *   best practices, "split virtual services"];
 * - Istio's implementation: all routes appended, then catch-all routes moved to the end
 *   [istio route.go SortVHostRoutes, applied in gateway.go].
 * If VirtualServices whose order is undefined decide differently, or the two readings differ,
 * the outcome is not provable.
 */
function decideIstioRoute(ix: Index, vh: VHost, req: Req): Decision {
  const perVs = new Map<any, EnvoyRoute[]>();
  for (const { vs, srv } of vh.sources) {
    const list = perVs.get(vs) ?? [];
    for (const r of envoyRoutes(ix, vs, srv, req)) if (!list.some((x) => x.i === r.i && x.j === r.j)) list.push(r);
    perVs.set(vs, list);
  }
  const firstOf = (list: EnvoyRoute[]): EnvoyRoute | 'unknown' | undefined => {
    for (const r of list) {
      if (r.result === 'unknown') return 'unknown';
      if (r.result) return r;
    }
    return undefined;
  };
  const combine = (picks: (EnvoyRoute | 'unknown' | undefined)[], what: string): Decision => {
    const unknown = picks.find((p) => p === 'unknown');
    const found = picks.filter((p): p is EnvoyRoute => !!p && p !== 'unknown');
    if (unknown) return { reason: `a route before the decisive one matches on headers the model cannot evaluate (${what})` };
    const distinct = found.filter((r, k) => found.findIndex((x) => actionKey(x) === actionKey(r)) === k);
    if (distinct.length > 1) {
      return { reason: `VirtualServices ${distinct.map((r) => `${vsId(r.vs)} http[${r.i}]`).join(' and ')} both match ${req.path} for ${req.host} and disagree; Istio merges them in an undefined order` };
    }
    return { route: found[0] };
  };
  const lists = [...perVs.values()];
  // VirtualService API reading.
  const api = combine(lists.map(firstOf), 'VirtualService order');
  if ('reason' in api) return api;
  // Istio implementation reading: non-catch-all routes (per VS in order) first, catch-alls last.
  const nonCatch = lists.map((l) => firstOf(l.filter((r) => !r.catchAll)));
  let impl = combine(nonCatch, 'Istio route order');
  if ('reason' in impl) return impl;
  if (!impl.route) {
    impl = combine(lists.map((l) => firstOf(l.filter((r) => r.catchAll))), 'Istio route order');
    if ('reason' in impl) return impl;
  }
  const a = api.route ? actionKey(api.route) : 'none', b = impl.route ? actionKey(impl.route) : 'none';
  if (a !== b) {
    return {
      reason: `route order decides: the VirtualService API (first match wins) gives ${api.route ? `${vsId(api.route.vs)} http[${api.route.i}]` : 'no route'}, ` +
        `Istio's implementation (catch-all routes moved last, SortVHostRoutes) gives ${impl.route ? `${vsId(impl.route.vs)} http[${impl.route.i}]` : 'no route'}`,
    };
  }
  return api;
}

function actionKey(r: EnvoyRoute): string {
  const { redirect, route, directResponse, delegate, rewrite, fault } = r.route;
  return JSON.stringify({ ns: nsOfRaw(r.vs), redirect, route, directResponse, delegate, rewrite, abort: fault?.abort });
}

function applyIstioRoute(ix: Index, ch: Challenge, req: Req, er: EnvoyRoute, hops: string[]): { hops: string[]; step: Step } {
  const done = (step: Step) => ({ hops, step });
  const fail = (reason: string) => done({ kind: 'fail', reason });
  const r = er.route;
  const where = `VirtualService ${vsId(er.vs)} http[${er.i}]${r.name ? ` "${r.name}"` : ''} ${fmtIstioMatch(er.match)}`;
  if (r.delegate) return fail(`${where} delegates to ${r.delegate.namespace ?? nsOf(er.vs, ix.o)}/${r.delegate.name}: delegation is not modelled`);
  if (r.fault?.abort) return fail(`${where} injects an abort fault`);
  if (r.directResponse) return fail(`${where} answers directly with ${r.directResponse.status}`);
  if (r.redirect) {
    const rd = r.redirect;
    const scheme = (rd.scheme ?? req.scheme) as Req['scheme'];
    // [istio HTTPRedirect] uri replaces the whole path; port / derivePort; without them the Host
    // header carries no port, so the new URL uses the scheme's default port.
    const port = rd.port !== undefined ? Number(rd.port) : rd.derivePort === 'FROM_REQUEST_PORT' ? req.port : defaultPort(scheme);
    const to: Req = { scheme, host: (rd.authority ?? req.host).toLowerCase(), port, path: rd.uri ?? req.path };
    const code = rd.redirectCode ?? 301;
    hops.push(`${where} → ${code} ${url(to)}`);
    return done({ kind: 'redirect', to, code });
  }
  const dests: any[] = (r.route ?? []).filter((d: any) => (r.route.length === 1 ? true : d.weight !== 0));
  if (dests.length === 0) return fail(`${where} has neither route, redirect nor directResponse`);
  // rewrite [istio HTTPRewrite]: uri replaces the matched prefix (prefix match) or the whole path.
  let fwd = { ...req };
  if (r.rewrite) {
    if (r.rewrite.authority) fwd.host = String(r.rewrite.authority).toLowerCase();
    if (r.rewrite.uri !== undefined) {
      const pre = er.match?.uri?.prefix;
      fwd.path = pre !== undefined && req.path.startsWith(pre) ? r.rewrite.uri + req.path.slice(pre.length) : r.rewrite.uri;
    }
    if (r.rewrite.uriRegexRewrite) {
      try {
        fwd.path = req.path.replace(new RegExp(r.rewrite.uriRegexRewrite.match), String(r.rewrite.uriRegexRewrite.rewrite).replace(/\\(\d)/g, '$$$1'));
      } catch {
        return fail(`${where} has a uriRegexRewrite the model cannot evaluate`);
      }
    }
  }
  for (const d of dests) {
    const dest = d.destination ?? {};
    const target = resolveIstioHost(String(dest.host ?? ''), nsOf(er.vs, ix.o), ix.o.clusterDomain);
    const portTxt = dest.port?.number ? `:${dest.port.number}` : '';
    hops.push(`${where} → ${dest.host}${portTxt}${dests.length > 1 ? ` (weight ${d.weight ?? 'unset'})` : ''}`);
    if (!target) return fail(`${where} routes to ${dest.host}, which is not a Service of this cluster (short name or <svc>.<ns>.svc.${ix.o.clusterDomain})`);
    const res = reachService(ix, ch, target.ns, target.name, dest.port?.number !== undefined ? Number(dest.port.number) : undefined, fwd, { ns: ix.o.gatewayNamespace, labels: ix.o.gatewayLabels });
    hops.push(...res.hops);
    if (!res.ok) return fail(res.reason!);
  }
  return done({ kind: 'solver' });
}

function resolveIstioHost(h: string, vsNs: string, domain: string): { ns: string; name: string } | undefined {
  if (!h) return undefined;
  if (!h.includes('.')) return { ns: vsNs, name: h }; // short name: the VirtualService's namespace
  const suffix = `.svc.${domain}`;
  if (h.endsWith(suffix)) {
    const parts = h.slice(0, -suffix.length).split('.');
    if (parts.length === 2) return { name: parts[0], ns: parts[1] };
  }
  return undefined;
}

/**
 * Ingresses of the classes this workload serves, as Istio converts them [istio pilot/pkg/config/
 * kube/ingress]: a Gateway with a port-80 server for all hosts and, per host, one VirtualService
 * with the Ingress paths (exact before prefix, longer first). Only when `ingressClasses` says so.
 */
function syntheticIngress(ix: Index, ch: Challenge): { gateways: any[]; virtualServices: any[] } {
  const o = ix.o;
  const served = (i: any) => o.ingressClasses.includes(ingressClass(i));
  type P = { ns: string; host: string; exact?: string; prefix?: string; svc: string; port: any };
  const paths: P[] = [];
  const add = (ns: string, host: string, p: any) => {
    const svc = p.backend?.service?.name ?? p.backend?.serviceName;
    const port = p.backend?.service?.port ?? p.backend?.servicePort;
    const type = p.pathType ?? 'ImplementationSpecific';
    const v: string = p.path ?? '/';
    if (type === 'Exact') paths.push({ ns, host, exact: v, svc, port });
    else if (type === 'Prefix') {
      if (v === '/') paths.push({ ns, host, prefix: '/', svc, port });
      else { paths.push({ ns, host, exact: v.replace(/\/$/, ''), svc, port }); paths.push({ ns, host, prefix: `${v.replace(/\/$/, '')}/`, svc, port }); }
    } else if (v.endsWith('.*')) paths.push({ ns, host, prefix: v.slice(0, -2), svc, port });
    else if (v.endsWith('/*')) paths.push({ ns, host, prefix: v.slice(0, -1), svc, port });
    else paths.push({ ns, host, exact: v, svc, port });
  };
  for (const ing of ix.ingresses) {
    if (!served(ing)) continue;
    for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) add(nsOf(ing, o), String(rule.host ?? '*').toLowerCase(), p);
  }
  if (ch.ingress && o.ingressClasses.includes(ch.ingress.cls)) {
    // [cm ingress.go ingressPath] ImplementationSpecific /.well-known/acme-challenge/<token> → solver :8089
    add(ch.ingress.ns, ch.host, { path: ch.path, pathType: 'ImplementationSpecific', backend: { service: { name: ch.service.name, port: { number: SOLVER_PORT } } } });
  }
  if (paths.length === 0) return { gateways: [], virtualServices: [] };
  const gwName = 'istio-autogenerated-k8s-ingress';
  const byHost = new Map<string, P[]>();
  for (const p of paths) byHost.set(p.host, [...(byHost.get(p.host) ?? []), p]);
  const virtualServices: any[] = [];
  for (const [host, list] of byHost) {
    list.sort((a, b) => (a.exact !== undefined ? 0 : 1) - (b.exact !== undefined ? 0 : 1) || (b.exact ?? b.prefix ?? '').length - (a.exact ?? a.prefix ?? '').length);
    virtualServices.push({
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
      metadata: { name: `${host.replace(/\*/g, 'wildcard')}-ingress`, namespace: o.gatewayNamespace },
      spec: {
        hosts: [host], gateways: [`${o.gatewayNamespace}/${gwName}`],
        http: list.map((p) => ({
          match: [{ uri: p.exact !== undefined ? { exact: p.exact } : { prefix: p.prefix } }],
          route: [{ destination: { host: `${p.svc}.${p.ns}.svc.${o.clusterDomain}`, port: { number: Number(p.port?.number ?? p.port) } } }],
        })),
      },
      __synthetic: true,
    });
  }
  const gateways = [{
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: gwName, namespace: o.gatewayNamespace },
    spec: { selector: o.gatewayLabels, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
  }];
  return { gateways, virtualServices };
}

function ingressClass(ing: any): string {
  return ing.spec?.ingressClassName ?? ing.metadata?.annotations?.['kubernetes.io/ingress.class'] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Gateway API (Gateway + HTTPRoute), as implemented by Istio

interface Listener { gw: any; gwId: string; gwNs: string; l: any; label: string }

function servedGateways(ix: Index): any[] {
  const o = ix.o;
  return ix.gateways.filter((gw) => {
    if (!o.gatewayClassNames.includes(gw.spec?.gatewayClassName)) return false;
    const ns = nsOf(gw, o), name = gw.metadata?.name;
    if (o.gatewayApiGateways.includes(`${ns}/${name}`)) return true;
    // Automated deployment: the pods carry gateway.networking.k8s.io/gateway-name [istio resource labels].
    if (ns === o.gatewayNamespace && (o.gatewayLabels['gateway.networking.k8s.io/gateway-name'] === name || o.gatewayLabels['istio.io/gateway-name'] === name)) return true;
    // Manual deployment: spec.addresses names the Service of an existing gateway deployment.
    return (gw.spec?.addresses ?? []).some((a: any) => {
      if ((a.type ?? 'IPAddress') !== 'Hostname') return false;
      const t = resolveIstioHost(String(a.value), ns, o.clusterDomain);
      if (!t || t.ns !== o.gatewayNamespace) return false;
      const svc = ix.services.find((s) => s.metadata?.name === t.name && nsOf(s, o) === t.ns);
      return svc ? subsetOf(svc.spec?.selector ?? { '': 'no selector' }, o.gatewayLabels) : true;
    });
  });
}

function gatewayApiListenersOn(ix: Index, port: number): Listener[] {
  const out: Listener[] = [];
  for (const gw of servedGateways(ix)) {
    const ns = nsOf(gw, ix.o);
    for (const l of gw.spec?.listeners ?? []) {
      if (Number(l.port) === port) out.push({ gw, gwId: `${ns}/${gw.metadata?.name}`, gwNs: ns, l, label: `Gateway ${ns}/${gw.metadata?.name} listener ${l.name}` });
    }
  }
  return out;
}

interface Cand {
  route: any; i: number; j: number; rule: any; match: any; result: Tri; regex: boolean;
  rank: number[]; solver: boolean; ts?: string;
}

function handleGatewayApi(ix: Index, ch: Challenge, req: Req, listeners: Listener[]): { hops: string[]; step: Step } {
  const hops: string[] = [];
  const done = (step: Step) => ({ hops, step });
  const fail = (reason: string) => done({ kind: 'fail', reason });
  const proto = req.scheme === 'http' ? 'HTTP' : 'HTTPS';
  const usable = listeners.filter((x) => x.l.protocol === proto);
  if (usable.length === 0) {
    return fail(`no ${proto} listener on port ${req.port} (${listeners.map((x) => `${x.label} ${x.l.protocol}`).join(', ')})`);
  }
  // [gwapi Listener.hostname] the most specific listener wins: exact before wildcard; none = all.
  const best = bestBy(usable, (x) => bestRank([x.l.hostname ?? '*'], req.host));
  if (best.length === 0) return fail(`no ${proto} listener on port ${req.port} accepts host ${req.host}: 404`);
  if (best.length > 1) return fail(`listeners ${best.map((x) => x.label).join(', ')} on port ${req.port} are equally specific for ${req.host} (Conflicted)`);
  const lst = best[0];
  if (proto === 'HTTPS') {
    const tls = lst.l.tls ?? {};
    if ((tls.mode ?? 'Terminate') !== 'Terminate') return fail(`${lst.label} does not terminate TLS (tls.mode ${tls.mode})`);
    const ref = (tls.certificateRefs ?? [])[0];
    if (!ref) return fail(`${lst.label} has no certificateRefs`);
    if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') return fail(`${lst.label} certificateRef ${ref.group}/${ref.kind} is not a Secret (not modelled)`);
    const secNs = ref.namespace ?? lst.gwNs;
    if (secNs !== lst.gwNs && !referenceGranted(ix, GWAPI, 'Gateway', lst.gwNs, '', 'Secret', secNs, ref.name)) {
      return fail(`${lst.label} references Secret ${secNs}/${ref.name} in another namespace without a ReferenceGrant`);
    }
    const sec = secretAvailable(ix, ch, secNs, ref.name);
    if (!sec.ok) return fail(`${lst.label}: ${sec.text}`);
    hops.push(`${lst.label} (HTTPS :${req.port}, ${sec.text}) terminates TLS; the client does not verify the certificate`);
  } else {
    hops.push(`${lst.label} (HTTP :${req.port}${lst.l.hostname ? `, hostname ${lst.l.hostname}` : ''})`);
  }

  const routes = [...ix.httpRoutes, ...(ch.route ? [ch.route] : [])];
  const cands: Cand[] = [];
  const notAttached: string[] = [];
  for (const route of routes) {
    const att = attachment(ix, route, lst);
    if (typeof att === 'string') {
      if (att) notAttached.push(att);
      continue;
    }
    const matched = bestBy(att, (h) => bestRank([h], req.host))[0];
    if (matched === undefined) continue;
    // [gwapi HTTPRouteSpec.hostnames] routes with a longer matching non-wildcard, then matching hostname win.
    const hostRank = [matched.startsWith('*') ? 0 : matched.length, matched === '*' ? 0 : matched.length];
    (route.spec?.rules ?? []).forEach((rule: any, i: number) => {
      const matches: any[] = rule.matches?.length ? rule.matches : [{}];
      matches.forEach((m: any, j: number) => {
        const path = m.path ?? { type: 'PathPrefix', value: '/' };
        const type = path.type ?? 'PathPrefix';
        const value: string = path.value ?? '/';
        const parts: Tri[] = [];
        if (type === 'Exact') parts.push(req.path === value);
        else if (type === 'PathPrefix') parts.push(pathPrefixMatch(value, req.path));
        else parts.push(fullRegex(value, req.path, false));
        if (m.method) parts.push(m.method === 'GET');
        if (m.queryParams?.length) parts.push(false);
        if (m.headers?.length) parts.push('unknown');
        // [gwapi HTTPRouteRule.matches] Exact, then longest PathPrefix, then method, headers, query params.
        const rank = [...hostRank, type === 'Exact' ? 2 : type === 'PathPrefix' ? 1 : 0, type === 'PathPrefix' ? value.length : 0, m.method ? 1 : 0, m.headers?.length ?? 0, m.queryParams?.length ?? 0];
        cands.push({ route, i, j, rule, match: m, result: and(parts), regex: type === 'RegularExpression', rank, solver: !!route.__solver, ts: route.metadata?.creationTimestamp });
      });
    });
  }
  for (const n of notAttached) hops.push(n);
  const pick = decideHttpRoute(cands, req);
  if ('reason' in pick) return fail(pick.reason);
  if (!pick.cand) return fail(`no HTTPRoute rule attached to ${lst.label} matches ${req.path} for ${req.host}: 404`);
  return applyHttpRoute(ix, ch, req, lst, pick.cand, hops);
}

/** Hostnames a route serves on a listener, or a string saying why it is not attached ("" = unrelated). */
function attachment(ix: Index, route: any, lst: Listener): string[] | string {
  const o = ix.o;
  const rNs = nsOf(route, o);
  const rid = `HTTPRoute ${rNs}/${route.metadata?.name}`;
  const refs: any[] = route.spec?.parentRefs ?? [];
  // [gwapi ParentReference] group/kind default to the Gateway; namespace to the route's; sectionName
  // and port, when set, select listeners.
  const refsGw = refs.filter((pr) => (pr.group ?? GWAPI) === GWAPI && (pr.kind ?? 'Gateway') === 'Gateway' && pr.name === lst.gw.metadata?.name && (pr.namespace ?? rNs) === lst.gwNs);
  if (refsGw.length === 0) return '';
  const refsL = refsGw.filter((pr) => (pr.sectionName === undefined || pr.sectionName === lst.l.name) && (pr.port === undefined || Number(pr.port) === Number(lst.l.port)));
  if (refsL.length === 0) return '';
  // [gwapi AllowedRoutes] namespaces.from defaults to Same; kinds default to the protocol's route kinds.
  const ar = lst.l.allowedRoutes ?? {};
  const from = ar.namespaces?.from ?? 'Same';
  let allowed = from === 'All' || (from === 'Same' && rNs === lst.gwNs);
  if (from === 'Selector') allowed = labelSelectorMatches(ar.namespaces?.selector ?? {}, namespaceLabels(ix, rNs));
  if (!allowed) return `${rid} is not allowed on ${lst.label} (allowedRoutes.namespaces.from ${from}): not attached`;
  if (ar.kinds?.length && !ar.kinds.some((k: any) => (k.group ?? GWAPI) === GWAPI && k.kind === 'HTTPRoute')) return `${rid} kind not allowed on ${lst.label}: not attached`;
  const lh: string | undefined = lst.l.hostname?.toLowerCase();
  const rh: string[] = (route.spec?.hostnames ?? []).map((h: string) => h.toLowerCase());
  if (rh.length === 0) return [lh ?? '*'];
  const eff = rh.map((h) => (lh ? hostIntersect(h, lh) : h)).filter((h): h is string => h !== undefined);
  if (eff.length === 0) return `${rid} hostnames ${rh.join(', ')} do not intersect ${lst.label} hostname ${lh}: not attached`;
  return eff;
}

/**
 * The winning rule [gwapi HTTPRouteRule.matches precedence]; ties across routes go to the oldest
 * route, then "<ns>/<name>". The route cert-manager creates is the newest; relative age of app
 * routes without creationTimestamp is unknown, so a tie between them that matters is reported.
 * RegularExpression precedence is implementation-specific: a matching regex rule that would lead
 * elsewhere makes the outcome unprovable; so does a header match we cannot evaluate.
 */
function decideHttpRoute(cands: Cand[], req: Req): { cand?: Cand } | { reason: string } {
  const key = (c: Cand) => JSON.stringify({ ns: nsOfRaw(c.route), filters: c.rule.filters ?? [], backendRefs: c.rule.backendRefs ?? [] });
  const rid = (c: Cand) => `HTTPRoute ${nsOfRaw(c.route)}/${c.route.metadata?.name} rule[${c.i}]`;
  const definite = cands.filter((c) => c.result === true && !c.regex);
  let top: number[] | undefined;
  for (const c of definite) if (!top || cmp(c.rank, top) > 0) top = c.rank;
  let tied = top ? definite.filter((c) => cmp(c.rank, top!) === 0) : [];
  // within one route the first rule/match wins
  tied = tied.filter((c) => !tied.some((x) => x.route === c.route && (x.i < c.i || (x.i === c.i && x.j < c.j))));
  let winner: Cand | undefined;
  if (tied.length) {
    const app = tied.filter((c) => !c.solver);
    const pool = app.length ? app : tied; // app routes are older than the route cert-manager creates
    const withTs = pool.every((c) => c.ts);
    const sorted = [...pool].sort((a, b) => (withTs ? String(a.ts).localeCompare(String(b.ts)) : 0) || `${nsOfRaw(a.route)}/${a.route.metadata?.name}`.localeCompare(`${nsOfRaw(b.route)}/${b.route.metadata?.name}`));
    if (!withTs && new Set(pool.map(key)).size > 1) {
      return { reason: `${pool.map(rid).join(' and ')} match ${req.path} with equal precedence and disagree; which route is older is not known from the manifests` };
    }
    winner = sorted[0];
  }
  const doubt = cands.find((c) => (c.result === 'unknown' || (c.regex && c.result === true)) && (!top || cmp(c.rank, top) >= 0 || c.regex) && (!winner || key(c) !== key(winner)));
  if (doubt) return { reason: `${rid(doubt)} ${doubt.regex ? 'uses a RegularExpression path (implementation-specific precedence)' : 'matches on headers the model cannot evaluate'} and would lead elsewhere` };
  return { cand: winner };
}

function applyHttpRoute(ix: Index, ch: Challenge, req: Req, lst: Listener, c: Cand, hops: string[]): { hops: string[]; step: Step } {
  const done = (step: Step) => ({ hops, step });
  const fail = (reason: string) => done({ kind: 'fail', reason });
  const rNs = nsOf(c.route, ix.o);
  const path = c.match.path ?? { type: 'PathPrefix', value: '/' };
  const where = `HTTPRoute ${rNs}/${c.route.metadata?.name}${c.solver ? ' (created by cert-manager)' : ''} rule[${c.i}] ${path.type ?? 'PathPrefix'} ${path.value ?? '/'}`;
  const filters: any[] = c.rule.filters ?? [];
  const known = ['RequestRedirect', 'URLRewrite', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'CORS'];
  const odd = filters.find((f) => !known.includes(f.type));
  if (odd) return fail(`${where} has filter ${odd.type}, which the model cannot evaluate`);
  const replacePath = (p: any): string => {
    if (!p) return req.path;
    if (p.type === 'ReplaceFullPath') return p.replaceFullPath ?? '/';
    if (p.type === 'ReplacePrefixMatch' && path.type === 'PathPrefix') {
      const pre = String(path.value ?? '/').replace(/\/$/, '');
      const rest = req.path.slice(pre.length);
      return `${String(p.replacePrefixMatch ?? '').replace(/\/$/, '')}${rest}` || '/';
    }
    return req.path;
  };
  const rr = filters.find((f) => f.type === 'RequestRedirect')?.requestRedirect;
  if (rr) {
    // [gwapi HTTPRequestRedirectFilter] port: given, else the scheme's well-known port, else the listener's.
    const scheme = (rr.scheme ?? req.scheme) as Req['scheme'];
    const port = rr.port !== undefined ? Number(rr.port) : rr.scheme ? defaultPort(scheme) : Number(lst.l.port);
    const to: Req = { scheme, host: (rr.hostname ?? req.host).toLowerCase(), port, path: replacePath(rr.path) };
    const code = rr.statusCode ?? 302;
    hops.push(`${where} → ${code} ${url(to)}`);
    return done({ kind: 'redirect', to, code });
  }
  const refs: any[] = (c.rule.backendRefs ?? []).filter((b: any) => (b.weight ?? 1) !== 0);
  if (refs.length === 0) return fail(`${where} has no backendRefs (the gateway answers 500)`);
  const rw = filters.find((f) => f.type === 'URLRewrite')?.urlRewrite;
  const fwd: Req = { ...req, host: (rw?.hostname ?? req.host).toLowerCase(), path: rw ? replacePath(rw.path) : req.path };
  for (const b of refs) {
    if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') return fail(`${where} backendRef ${b.group}/${b.kind} ${b.name} is not a Service (not modelled)`);
    const bNs = b.namespace ?? rNs;
    hops.push(`${where} → Service ${bNs}/${b.name}:${b.port}${refs.length > 1 ? ` (weight ${b.weight ?? 1})` : ''}`);
    if (bNs !== rNs && !referenceGranted(ix, GWAPI, 'HTTPRoute', rNs, '', 'Service', bNs, b.name)) {
      return fail(`${where} references Service ${bNs}/${b.name} in another namespace without a ReferenceGrant`);
    }
    if (b.port === undefined) return fail(`${where} backendRef ${b.name} has no port`);
    const res = reachService(ix, ch, bNs, b.name, Number(b.port), fwd, { ns: lst.gwNs, labels: { [GATEWAY_NAME_LABEL]: lst.gw.metadata?.name }, gatewayName: lst.gw.metadata?.name });
    hops.push(...res.hops);
    if (!res.ok) return fail(res.reason!);
  }
  return done({ kind: 'solver' });
}

function pathPrefixMatch(prefix: string, path: string): boolean {
  // [gwapi HTTPPathMatch PathPrefix] element-wise; a trailing "/" of the prefix is ignored.
  const p = prefix.replace(/\/+$/, '');
  if (p === '') return true;
  return path === p || path.startsWith(`${p}/`);
}

function referenceGranted(ix: Index, fromGroup: string, fromKind: string, fromNs: string, toGroup: string, toKind: string, toNs: string, toName: string): boolean {
  return ix.referenceGrants.some((g) => nsOf(g, ix.o) === toNs &&
    (g.spec?.from ?? []).some((f: any) => f.group === fromGroup && f.kind === fromKind && f.namespace === fromNs) &&
    (g.spec?.to ?? []).some((t: any) => (t.group ?? '') === toGroup && t.kind === toKind && (t.name === undefined || t.name === toName)));
}

function namespaceLabels(ix: Index, ns: string): Labels {
  const doc = ix.namespaces.find((n) => n.metadata?.name === ns);
  return { ...(doc?.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

// ---------------------------------------------------------------------------------------------
// Services, pods, Secrets

function reachService(ix: Index, ch: Challenge, ns: string, name: string, port: number | undefined, req: Req, proxy: Workload): { ok: boolean; hops: string[]; reason?: string } {
  const hops: string[] = [];
  const fail = (reason: string) => ({ ok: false, hops, reason });
  const sid = `Service ${ns}/${name}`;
  let selector: Labels;
  let ports: any[];
  if (ns === ch.service.ns && name === ch.service.name) {
    selector = ch.service.selector;
    ports = [{ name: SOLVER_PORT_NAME, port: SOLVER_PORT, targetPort: SOLVER_PORT }];
  } else {
    const svc = ix.services.find((s) => s.metadata?.name === name && nsOf(s, ix.o) === ns);
    if (!svc) return fail(`${sid} is not in the app (and is not the solver Service cert-manager creates, whose name is generated)`);
    if (svc.spec?.type === 'ExternalName') return fail(`${sid} is an ExternalName Service`);
    selector = svc.spec?.selector ?? {};
    ports = svc.spec?.ports ?? [];
  }
  if (Object.keys(selector).length === 0) return fail(`${sid} has no selector: its endpoints are not the solver pod`);
  // A Service only selects pods of its own namespace; the solver pod lives in the Certificate's.
  if (ns !== ch.ns) return fail(`${sid} is in ${ns}, but the solver pod is created in the Certificate's namespace ${ch.ns}`);
  if (!subsetOf(selector, ch.podLabels)) {
    return fail(`${sid} selector ${fmtLabels(selector)} does not select the solver pod ${fmtLabels(ch.podLabels)}`);
  }
  const sp = port === undefined ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => Number(p.port) === port);
  if (!sp) return fail(`${sid} has no port ${port ?? '(ambiguous: several ports and none given)'}`);
  const tp = sp.targetPort ?? sp.port;
  const target = typeof tp === 'string' && !/^\d+$/.test(tp) ? (tp === SOLVER_PORT_NAME ? SOLVER_PORT : undefined) : Number(tp);
  if (target !== SOLVER_PORT) return fail(`${sid} port ${sp.port} targets ${tp}, not the solver's ${SOLVER_PORT}`);
  const others = otherSelected(ix, ch, selector);
  if (others.length) {
    return fail(`${sid} also selects ${others.join(', ')}: requests are load-balanced to pods that answer 404 for this token`);
  }
  const tls = upstreamTls(ix, proxy, ns, name, Number(sp.port));
  if (!tls.ok) return fail(tls.text);
  hops.push(tls.text);
  hops.push(`${sid} selects solver pod → :${SOLVER_PORT}`);
  // [cm pkg/issuer/acme/http/solver/solver.go] the solver answers only for its domain and token path.
  if (req.host !== ch.host || req.path !== ch.path) {
    return fail(`the solver pod answers 404: it got Host ${req.host} path ${req.path}, it serves ${ch.host} ${ch.path}`);
  }
  hops.push('solver pod answers 200 with the key authorization');
  return { ok: true, hops };
}

/** Pods besides this challenge's solver pod that a selector picks up in the solver namespace. */
function otherSelected(ix: Index, ch: Challenge, selector: Labels): string[] {
  const o = ix.o;
  const out: string[] = [];
  for (const w of ix.workloads) {
    if (nsOf(w, o) !== ch.ns) continue;
    const spec = w.kind === 'CronJob' ? w.spec?.jobTemplate?.spec?.template : w.kind === 'Pod' ? w : w.spec?.template;
    if (subsetOf(selector, spec?.metadata?.labels ?? {})) out.push(`${w.kind} ${ch.ns}/${w.metadata?.name}`);
  }
  // Solver pods of other challenges that can exist at the same time: every name of every
  // Certificate in the namespace is validated by its own pod (names of one Order concurrently).
  for (const c of ix.certificates) {
    if (nsOf(c, o) !== ch.ns) continue;
    for (const n of certNames(c)) {
      if (c === ch.cert && n === ch.host) continue;
      if (n.startsWith('*.')) continue; // DNS-01 only
      const issuer = issuerOf(ix, c);
      const choice = issuer?.spec?.acme ? selectSolver(issuer.spec.acme.solvers ?? [], n, c.metadata?.labels ?? {}, ['http-01', 'dns-01']) : undefined;
      const h = choice?.solver?.http01;
      if (!h) continue;
      const cfg = h.gatewayHTTPRoute ?? h.ingress ?? {};
      const labels = { [LABEL_DOMAIN]: String(adler32(n)), [LABEL_TOKEN]: String(adler32(`other:${id(c)}/${n}`)), [LABEL_SOLVER]: 'true', ...(cfg.podTemplate?.metadata?.labels ?? {}) };
      if (subsetOf(selector, labels)) out.push(`the solver pod for ${n} (${id(c)})`);
    }
  }
  return out;
}

function issuerOf(ix: Index, cert: any): any {
  const ref = cert.spec?.issuerRef ?? {};
  if ((ref.group || 'cert-manager.io') !== 'cert-manager.io') return undefined;
  return (ref.kind || 'Issuer') === 'ClusterIssuer'
    ? ix.clusterIssuers.find((i) => i.metadata?.name === ref.name)
    : ix.issuers.find((i) => i.metadata?.name === ref.name && nsOf(i, ix.o) === nsOf(cert, ix.o));
}

/**
 * Whether the TLS Secret exists when the request arrives. At a renewal every Certificate has been
 * issued. At the first issuance the Secret of the Certificate being issued exists only with
 * `cert-manager.io/issue-temporary-certificate: "true"` [cm docs: temporary certificates]; another
 * ACME Certificate's Secret is not guaranteed to exist yet unless it also has that annotation.
 */
function secretAvailable(ix: Index, ch: Challenge, ns: string, name: string): { ok: boolean; text: string } {
  const o = ix.o;
  const sid = `Secret ${ns}/${name}`;
  if (o.existingSecrets.includes(`${ns}/${name}`) || ix.secrets.some((s) => s.metadata?.name === name && nsOf(s, o) === ns)) return { ok: true, text: `${sid} exists` };
  const writers = ix.certificates.filter((c) => c.spec?.secretName === name && nsOf(c, o) === ns);
  // gateway-shim: an annotated Gateway API Gateway gets one Certificate per TLS listener [cm docs: gateway].
  const shim = ix.gateways.some((g) => nsOf(g, o) === ns && (g.metadata?.annotations?.['cert-manager.io/issuer'] || g.metadata?.annotations?.['cert-manager.io/cluster-issuer']) &&
    (g.spec?.listeners ?? []).some((l: any) => (l.tls?.certificateRefs ?? []).some((r: any) => r.name === name && (r.namespace ?? ns) === ns)));
  if (writers.length === 0 && !shim) return { ok: false, text: `${sid} is written by no Certificate of the app (pass existingSecrets if it is created elsewhere)` };
  if (ch.phase === 'renewal') return { ok: true, text: `${sid} was issued before` };
  for (const w of writers) {
    const temp = w.metadata?.annotations?.[ANN_TEMP_CERT] === 'true';
    if (w === ch.cert) {
      if (temp) return { ok: true, text: `${sid} holds cert-manager's temporary certificate` };
      return { ok: false, text: `${sid} does not exist yet at the first issuance of ${id(w)} (no ${ANN_TEMP_CERT}: "true"): the TLS handshake fails` };
    }
    if (temp) return { ok: true, text: `${sid} holds the temporary certificate of ${id(w)}` };
    const iss = issuerOf(ix, w);
    if (iss && !iss.spec?.acme) return { ok: true, text: `${sid} is issued by non-ACME ${id(iss)}` };
  }
  return { ok: false, text: `${sid} may not exist yet at the first issuance: it is written by ${writers.length ? writers.map(id).join(', ') : 'gateway-shim'}, an ACME Certificate without ${ANN_TEMP_CERT}: "true"` };
}

// ---------------------------------------------------------------------------------------------
// Policy layers: AuthorizationPolicies at the gateway pods, the DestinationRule toward the solver

/** Istio labels the pods of a Gateway API Gateway with its name. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The gateway pods a request arrives at (or leaves from). */
interface Workload { ns: string; labels: Labels; gatewayName?: string }

/**
 * The AuthorizationPolicies of the pods, as Istio selects them [istio pilot/pkg/model/authorization.go
 * ListAuthorizationPolicies, policyattachment.go ShouldAttachPolicy]: root namespace and the pods'
 * namespace; `targetRefs` only to a Gateway API Gateway of the policy's namespace, else `selector`
 * ⊆ the pods' labels. Dry-run policies only record [builder.go]; AUDIT does not decide.
 */
function policiesOf(ix: Index, w: Workload): any[] {
  const o = ix.o;
  return ix.authorizationPolicies.filter((p) => {
    const ns = nsOf(p, o);
    if (ns !== o.rootNamespace && ns !== w.ns) return false;
    if (/^(1|t|true)$/i.test(p.metadata?.annotations?.['istio.io/dry-run'] ?? '')) return false;
    const refs: any[] = [...(p.spec?.targetRefs ?? []), ...(p.spec?.targetRef ? [p.spec.targetRef] : [])];
    if (refs.length) {
      return !!w.gatewayName && ns === w.ns && refs.some((r) => r.kind === 'Gateway' && r.group === GWAPI && r.name === w.gatewayName && (r.namespace ?? ns) === ns);
    }
    return subsetOf(p.spec?.selector?.matchLabels ?? {}, w.labels);
  });
}

function or(parts: Tri[]): Tri {
  if (parts.some((p) => p === true)) return true;
  if (parts.some((p) => p === 'unknown')) return 'unknown';
  return false;
}

/** [istio pilot/pkg/security/authz/matcher] `*` any (present), `*suffix`, `prefix*`, else exact; path templates {*} {**}. */
function authzMatch(pattern: string, v: string, ignoreCase = false): boolean {
  if (/\{\*\*?\}/.test(pattern)) {
    const re = pattern.split(/(\{\*\*\}|\{\*\})/).map((x) => (x === '{**}' ? '.+' : x === '{*}' ? '[^/]+' : x.replace(/[.+?^${}()|[\]\\*]/g, '\\$&'))).join('');
    return new RegExp(`^${re}$`).test(v);
  }
  const p = ignoreCase ? pattern.toLowerCase() : pattern, x = ignoreCase ? v.toLowerCase() : v;
  if (p === '*') return x !== '';
  if (p.startsWith('*')) return x.endsWith(p.slice(1));
  if (p.endsWith('*')) return x.startsWith(p.slice(0, -1));
  return x === p;
}

/** An attribute's values / notValues against what the request has (`undefined`: absent; `unknown`: the model cannot tell). */
function attr(values: string[] | undefined, notValues: string[] | undefined, has: string | undefined | 'unknown', match: (p: string, v: string) => boolean): Tri {
  const one = (p: string): Tri => (has === 'unknown' ? 'unknown' : has === undefined ? false : match(p, has));
  const parts: Tri[] = [];
  if (values) parts.push(or(values.map(one)));
  if (notValues) {
    const r = or(notValues.map(one));
    parts.push(r === 'unknown' ? 'unknown' : !r);
  }
  return and(parts);
}

/**
 * One rule against the ACME server's request: no client certificate (no principal, namespace,
 * service account), no JWT, an unknown source address, GET, no headers of the app's
 * [RFC 8555 §8.3; le: validation from unpublished addresses]. IP blocks covering every address match.
 */
function ruleMatches(rule: any, req: Req): Tri {
  const ip = (blocks: string[] | undefined, not: string[] | undefined): Tri => {
    const every = (b: string) => b === '0.0.0.0/0' || b === '::/0';
    const parts: Tri[] = [];
    if (blocks) parts.push(blocks.some(every) ? true : 'unknown');
    if (not) parts.push(not.some(every) ? false : 'unknown');
    return and(parts);
  };
  const source = (s: any): Tri => and([
    attr(s.principals, s.notPrincipals, undefined, authzMatch), attr(s.namespaces, s.notNamespaces, undefined, authzMatch),
    attr(s.serviceAccounts, s.notServiceAccounts, undefined, authzMatch), attr(s.requestPrincipals, s.notRequestPrincipals, undefined, authzMatch),
    ip(s.ipBlocks, s.notIpBlocks), ip(s.remoteIpBlocks, s.notRemoteIpBlocks),
  ]);
  const operation = (op: any): Tri => and([
    attr(op.hosts, op.notHosts, req.host, (p, v) => authzMatch(p, v, true)),
    op.ports || op.notPorts ? 'unknown' : true, // the pods' target port is not in the manifests
    attr(op.methods, op.notMethods, 'GET', authzMatch),
    attr(op.paths, op.notPaths, req.path, authzMatch),
  ]);
  const when = (c: any): Tri => {
    const key: string = c.key ?? '';
    const header = /^request\.headers\[(.+)\]$/.exec(key)?.[1]?.toLowerCase();
    let has: string | undefined | 'unknown' = 'unknown';
    if (header === 'host' || header === ':authority') has = req.host;
    else if (header !== undefined) has = ['user-agent', 'accept', 'accept-encoding', 'connection'].includes(header) ? 'unknown' : undefined;
    else if (/^source\.(namespace|principal|serviceAccount|trustDomain)$/.test(key) || key.startsWith('request.auth.')) has = undefined;
    else if (key === 'connection.sni') has = req.scheme === 'https' ? req.host : undefined;
    return attr(c.values, c.notValues, has, (p, v) => authzMatch(p, v, header !== undefined || key === 'connection.sni'));
  };
  const r = rule ?? {};
  return and([
    r.from?.length ? or(r.from.map((f: any) => source(f.source ?? {}))) : true,
    r.to?.length ? or(r.to.map((t: any) => operation(t.operation ?? {}))) : true,
    ...(r.when ?? []).map(when),
  ]);
}

/**
 * The pods' authorization filters on one arrival [istio pilot/pkg/security/authz/builder]:
 * CUSTOM (external authorizer), then DENY, then ALLOW (with any ALLOW policy, a request must
 * match one of their rules).
 */
function authorize(ix: Index, w: Workload, req: Req): { ok: boolean; text: string } {
  const policies = policiesOf(ix, w);
  const at = `at the gateway pods ${fmtLabels(w.labels)} in ${w.ns}`;
  if (policies.length === 0) return { ok: true, text: `AuthorizationPolicy: none applies ${at}` };
  const pid = (p: any) => `AuthorizationPolicy ${nsOf(p, ix.o)}/${p.metadata?.name}`;
  const matching = (p: any) => (p.spec?.rules ?? []).map((r: any, i: number) => ({ i, m: ruleMatches(r, req) }));
  for (const p of policies.filter((x) => x.spec?.action === 'CUSTOM')) {
    const hit = matching(p).find((r: any) => r.m !== false);
    if (hit) return { ok: false, text: `${pid(p)} (CUSTOM, provider ${p.spec?.provider?.name}) rules[${hit.i}] ${hit.m === true ? 'matches' : 'may match'} ${at}: the external authorizer decides (not modelled)` };
  }
  for (const p of policies.filter((x) => x.spec?.action === 'DENY')) {
    const hit = matching(p).find((r: any) => r.m !== false);
    if (hit) return { ok: false, text: hit.m === true ? `${pid(p)} (DENY) rules[${hit.i}] matches ${at}: 403 RBAC: access denied` : `${pid(p)} (DENY) rules[${hit.i}] may match ${at}: not provable` };
  }
  const allows = policies.filter((x) => (x.spec?.action ?? 'ALLOW') === 'ALLOW');
  if (allows.length === 0) return { ok: true, text: `AuthorizationPolicy: no DENY rule matches, no ALLOW policy applies ${at}` };
  for (const p of allows) {
    const hit = matching(p).find((r: any) => r.m === true);
    if (hit) return { ok: true, text: `${pid(p)} (ALLOW) rules[${hit.i}] allows it ${at}` };
  }
  const unsure = allows.find((p) => matching(p).some((r: any) => r.m === 'unknown'));
  if (unsure) return { ok: false, text: `${pid(unsure)} (ALLOW) may allow it ${at}: not provable` };
  return { ok: false, text: `no rule of the ALLOW policies ${allows.map(pid).join(', ')} matches ${at}: 403 RBAC: access denied` };
}

/**
 * The TLS the gateway pods originate toward a Service [istio pilot/pkg/model/push_context.go
 * destinationRule, setDestinationRules]: the DestinationRules of the pods' namespace (in the root
 * namespace: its private ones), then those the Service's namespace exports to the pods, then the
 * root namespace's; the exact host before the longest wildcard; the first rule with a
 * trafficPolicy; portLevelSettings for the port over the top-level tls. Without tls, auto mTLS
 * sends plain text to pods without a sidecar [istio pilot/pkg/networking/core/cluster_tls.go].
 */
function upstreamTls(ix: Index, proxy: Workload, svcNs: string, svcName: string, port: number): { ok: boolean; text: string } {
  const o = ix.o;
  const fqdn = `${svcName}.${svcNs}.svc.${o.clusterDomain}`;
  const rules = ix.destinationRules.map((d) => {
    const ns = nsOf(d, o);
    const h = String(d.spec?.host ?? '');
    const exportTo: string[] = d.spec?.workloadSelector ? ['.'] : d.spec?.exportTo ?? [];
    return { d, ns, host: h.includes('.') || h.includes('*') ? h : `${h}.${ns}.svc.${o.clusterDomain}`, exportTo, priv: exportTo.length === 1 && (exportTo[0] === '.' || exportTo[0] === ns) };
  });
  type R = (typeof rules)[number];
  const best = (list: R[]): R[] => {
    const exact = list.filter((r) => r.host === fqdn);
    if (exact.length) return exact;
    const wild = list.filter((r) => r.host === '*' || (r.host.startsWith('*') && fqdn.endsWith(r.host.slice(1))));
    const len = Math.max(-1, ...wild.map((r) => r.host.length));
    return wild.filter((r) => r.host.length === len);
  };
  const selects = (r: R) => !r.d.spec?.workloadSelector || subsetOf(r.d.spec.workloadSelector.matchLabels ?? {}, proxy.labels);
  let chosen = proxy.ns !== o.rootNamespace
    ? best(rules.filter((r) => r.ns === proxy.ns && (r.exportTo.length === 0 || r.exportTo.some((e) => e === '*' || e === '.' || e === r.ns)) && selects(r)))
    : best(rules.filter((r) => r.ns === o.rootNamespace && r.priv && selects(r)));
  for (const ns of [svcNs, o.rootNamespace]) {
    if (chosen.length) break;
    chosen = best(rules.filter((r) => r.ns === ns && !r.priv)).filter((r) => r.exportTo.length === 0 || r.exportTo.includes('*') || r.exportTo.includes(proxy.ns));
  }
  const withPolicy = chosen.find((r) => r.d.spec?.trafficPolicy);
  const policy = withPolicy?.d.spec.trafficPolicy;
  const portTls = (policy?.portLevelSettings ?? []).find((x: any) => Number(x.port?.number) === port && x.tls)?.tls;
  const tls = portTls ?? policy?.tls;
  const mode = String(tls?.mode ?? 'DISABLE').toUpperCase();
  if (!tls || mode === 'DISABLE') {
    return { ok: true, text: `${withPolicy ? `DestinationRule ${withPolicy.ns}/${withPolicy.d.metadata?.name} sets no TLS` : 'no DestinationRule applies'}: plain HTTP to ${fqdn}:${port} (auto mTLS: the solver pod has no sidecar)` };
  }
  return { ok: false, text: `DestinationRule ${withPolicy!.ns}/${withPolicy!.d.metadata?.name} (host ${withPolicy!.host}) makes the gateway originate ${mode} TLS to ${fqdn}:${port}, but the solver pod has no sidecar and serves plain HTTP: 503` };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function index(docs: any[], o: Opts): Index {
  const by = (group: string, kind: string) => docs.filter((d) => apiGroup(d) === group && d.kind === kind);
  const workloadKinds = [['apps', 'Deployment'], ['apps', 'StatefulSet'], ['apps', 'DaemonSet'], ['apps', 'ReplicaSet'], ['batch', 'Job'], ['batch', 'CronJob'], ['', 'Pod']];
  return {
    o,
    certificates: by('cert-manager.io', 'Certificate'),
    issuers: by('cert-manager.io', 'Issuer'),
    clusterIssuers: by('cert-manager.io', 'ClusterIssuer'),
    istioGateways: by('networking.istio.io', 'Gateway'),
    virtualServices: by('networking.istio.io', 'VirtualService'),
    gateways: by(GWAPI, 'Gateway'),
    httpRoutes: by(GWAPI, 'HTTPRoute'),
    referenceGrants: by(GWAPI, 'ReferenceGrant'),
    services: by('', 'Service'),
    namespaces: by('', 'Namespace'),
    secrets: by('', 'Secret'),
    ingresses: by('networking.k8s.io', 'Ingress'),
    workloads: workloadKinds.flatMap(([g, k]) => by(g, k)),
    authorizationPolicies: by('security.istio.io', 'AuthorizationPolicy'),
    destinationRules: by('networking.istio.io', 'DestinationRule'),
  };
}

function apiGroup(d: any): string {
  const av = String(d.apiVersion ?? '');
  return av.includes('/') ? av.split('/')[0] : '';
}

function nsOf(d: any, o: Opts): string {
  return d.metadata?.namespace ?? o.defaultNamespace;
}

function nsOfRaw(d: any): string {
  return d.metadata?.namespace ?? '';
}

function id(d: any): string {
  const ns = d.metadata?.namespace;
  return `${d.kind} ${ns ? `${ns}/` : ''}${d.metadata?.name}`;
}

function vsId(vs: any): string {
  return `${vs.metadata?.namespace ?? ''}/${vs.metadata?.name}`;
}

function certNames(c: any): string[] {
  const names: string[] = [...(c.spec?.dnsNames ?? [])];
  if (c.spec?.commonName) names.push(c.spec.commonName);
  return names.map((n) => n.toLowerCase());
}

export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase(), h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/** Every name matched by `a` is matched by `b`. */
function hostSubset(a: string, b: string): boolean {
  if (b === '*') return true;
  if (a === '*') return false;
  if (b.startsWith('*.')) return a === b || (a.endsWith(b.slice(1)) && a.length > b.length - 1);
  return a === b;
}

/** [istio host.Names.Intersection] the more specific of two overlapping host patterns. */
function hostIntersect(a: string, b: string): string | undefined {
  if (hostSubset(a, b)) return a;
  if (hostSubset(b, a)) return b;
  return undefined;
}

/** Rank of the best pattern for a host: exact > longest "*.suffix" > "*"; undefined if none matches. */
function bestRank(patterns: string[], host: string): number[] | undefined {
  let best: number[] | undefined;
  for (const p of patterns) {
    const r = vhostRank(p, host);
    if (r && (!best || cmp(r, best) > 0)) best = r;
  }
  return best;
}

/** [envoy VirtualHost.domains] exact, then suffix wildcard (longest first), then "*". */
function vhostRank(pattern: string, host: string): number[] | undefined {
  if (!hostMatches(pattern, host)) return undefined;
  if (pattern === '*') return [0, 0];
  return pattern.startsWith('*.') ? [1, pattern.length] : [2, pattern.length];
}

function bestBy<T>(items: T[], rank: (t: T) => number[] | undefined): T[] {
  let top: number[] | undefined;
  let out: T[] = [];
  for (const it of items) {
    const r = rank(it);
    if (!r) continue;
    const c = top ? cmp(r, top) : 1;
    if (c > 0) { top = r; out = [it]; } else if (c === 0) out.push(it);
  }
  return out;
}

function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function stripNs(h: string): string {
  const s = String(h).toLowerCase();
  return s.includes('/') ? s.split('/')[1] : s;
}

function subsetOf(required: Labels, labels: Labels): boolean {
  return Object.entries(required).every(([k, v]) => labels[k] === v);
}

function labelSelectorMatches(sel: any, labels: Labels): boolean {
  if (!subsetOf(sel.matchLabels ?? {}, labels)) return false;
  return (sel.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

function and(parts: Tri[]): Tri {
  if (parts.some((p) => p === false)) return false;
  if (parts.some((p) => p === 'unknown')) return 'unknown';
  return true;
}

/** RE2-style full match (Envoy safe_regex); patterns JavaScript cannot read are "unknown". */
function fullRegex(re: string, value: string, ignoreCase: boolean): Tri {
  try {
    return new RegExp(`^(?:${re})$`, ignoreCase ? 'i' : '').test(value);
  } catch {
    return 'unknown';
  }
}

function defaultPort(scheme: string): number {
  return scheme === 'https' ? 443 : 80;
}

function url(r: Req): string {
  return `${r.scheme}://${r.host}${r.port === defaultPort(r.scheme) ? '' : `:${r.port}`}${r.path}`;
}

function uniq<T>(v: T, i: number, a: T[]): boolean {
  return a.indexOf(v) === i;
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function fmtLabels(l: Labels): string {
  return `{${Object.entries(l).map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

function fmtParentRef(pr: any): string {
  return `${pr.namespace ? `${pr.namespace}/` : ''}${pr.name}${pr.sectionName ? `#${pr.sectionName}` : ''}${pr.port ? `:${pr.port}` : ''}`;
}

function fmtIstioMatch(m: any): string {
  if (!m) return '(no match)';
  const sm = (x: any) => (x.exact !== undefined ? `=${x.exact}` : x.prefix !== undefined ? `${x.prefix}` : `~${x.regex}`);
  const parts: string[] = [];
  if (m.uri) parts.push(sm(m.uri));
  if (m.scheme) parts.push(`scheme ${sm(m.scheme)}`);
  if (m.method) parts.push(`method ${sm(m.method)}`);
  if (m.authority) parts.push(`authority ${sm(m.authority)}`);
  if (m.port) parts.push(`port ${m.port}`);
  if (m.headers) parts.push(`headers ${Object.keys(m.headers).join(',')}`);
  return parts.join(' ') || '(empty match)';
}

/** zlib Adler-32, as cert-manager hashes the domain and token into solver pod labels. */
export function adler32(s: string): number {
  let a = 1, b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
