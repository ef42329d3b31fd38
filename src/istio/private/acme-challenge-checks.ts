// ACME HTTP-01 challenges routed by VirtualServices (not exported from the package). A
// VirtualService bound to a gateway may route the challenge path of a host to a solver: a rule
// with a `prefix` match on `/.well-known/acme-challenge/` (the HttpsRedirectGateway pattern
// writes one per host, to a Service selecting the solver pods). On the hop the ACME server's
// request takes to the gateway (port 80, or 443 when the port-80 server redirects to https):
//
// - another VirtualService bound to the same gateway for the host, merged into the same
//   virtual host, must have no rule that may take the request before the solver rule;
// - no other Certificate of the cluster may validate the host over HTTP-01: its challenge
//   requests land on the same rule, which sends every token of the host to one Service;
// - the issuer must select, for the host, the solver whose pods that Service selects.
//
// Reads the wire form only (VirtualServices, Gateways, Services, Certificates, issuers), so it
// holds for objects of any origin. Indexes are built once per model: linear in the app.
import { adler32, describeSolver, DOMAIN_LABEL, selectsSolverPods } from '../../cert-manager/http01';
import { issuerOf, pickSolver, selectSolver, SelectedSolver, solverIndexOf, solverType } from '../../cert-manager/solver-selection';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { HostIndex, istioHostMatches, isWildcard } from '../../private/hostnames';
import { arr, obj, strings, stringMap } from '../../private/wire';
import { describeHttpRule, httpRuleTaking } from '../routing';
import { boundTo, ChallengeRoute, challengeRoutes, routeDestination } from './challenge-hops';

/** A VirtualService bound to a gateway for one of its hosts. */
interface Binding {
  readonly vs: ModelObject;
  readonly host: string;
}

/**
 * The VirtualServices bound to the gateway `key` for a host that may match `host` (the
 * gateway's VirtualServices indexed by their hosts, once, when a gateway has more than one).
 */
function bindingsFor(model: AppModel, key: string, host: string): readonly Binding[] {
  const bound = boundTo(model).get(key) ?? [];
  if (bound.length < 2) return [];
  const indexes = model.derived('istio/virtual-service-hosts-by-gateway', () => new Map<string, HostIndex<Binding>>());
  let index = indexes.get(key);
  if (!index) {
    indexes.set(key, (index = new HostIndex<Binding>()));
    for (const vs of bound) for (const h of strings(obj(vs.json.spec).hosts)) index.add(h, { vs, host: h });
  }
  return index.lookup(host);
}

/** The rendered Certificates of each cluster by their DNS names, with the position of the name. */
function certificatesByName(model: AppModel): Map<string, Array<{ certificate: ModelObject; index: number }>> {
  return model.derived('istio/certificates-by-dns-name', (m) => {
    const out = new Map<string, Array<{ certificate: ModelObject; index: number }>>();
    for (const c of m.ofKind('cert-manager.io', 'Certificate')) {
      if (c.external || c.json === undefined) continue;
      strings(obj(c.json.spec).dnsNames).forEach((n, index) => {
        const key = `${c.cluster}|${n}`;
        const list = out.get(key);
        if (list) list.push({ certificate: c, index });
        else out.set(key, [{ certificate: c, index }]);
      });
    }
    return out;
  });
}

/**
 * Istio merges every VirtualService bound to the gateway for the host into one virtual host, in
 * creation order, which an app applied by Argo CD does not control: no other one may have a
 * rule that can take the challenge request. Catch-all rules are reported with their own
 * wording: Istio's implementation moves them behind every other route of the virtual host
 * (`SortVHostRoutes`), but the VirtualService API leaves the order of merged VirtualServices
 * unspecified, so only an implementation detail keeps them behind the solver rule.
 */
function checkMergedRules(model: AppModel, report: Reporter, route: ChallengeRoute, reported: Set<string>): void {
  for (const { vs: other, host } of bindingsFor(model, `${route.vs.cluster}|${route.gateway}`, route.host)) {
    if (other === route.vs || !istioHostMatches(host, route.host)) continue;
    const key = `${route.vs.index}|${route.hostIndex}|${other.index}`;
    if (reported.has(key)) continue;
    const rules = arr(obj(other.json.spec).http);
    const taking = rules.map((r) => httpRuleTaking(r, route.request, other.namespace));
    const ordered = taking.indexOf('ordered');
    const r = ordered >= 0 ? ordered : taking.indexOf('catch-all');
    if (r < 0) continue;
    reported.add(key);
    const where = `VirtualService ${other.namespace}/${other.name} (${other.path}) is also bound to gateway ${route.gateway} for this host`;
    const solverRule = `the solver rule http[${route.rule}] of this VirtualService`;
    report.error(route.vs, `spec.hosts[${route.hostIndex}]`, route.host, ordered >= 0
      ? `${where}, and Istio merges the rules of both in creation order, so its rule http[${r}] (${describeHttpRule(rules[r])}) may take the ACME challenge request before ${solverRule}`
      : `${where}, and the VirtualService API leaves the order of merged rules unspecified, so its catch-all rule http[${r}] (${describeHttpRule(rules[r])}) may take the ACME challenge request before ${solverRule}; only Istio's implementation moves catch-all routes behind the others (SortVHostRoutes), and which catch-all answers the other requests still depends on creation order`,
      'move its routes into this VirtualService after the solver rule (HttpsRedirectGateway: addRoute()), or bind it to another host or gateway');
  }
}

/** The Service a rule routes to (`name[.namespace[.svc[.cluster.local]]]`), if the app renders it. */
function destinationService(model: AppModel, vs: ModelObject, rule: any): ModelObject | undefined {
  const d = routeDestination(rule, vs.namespace);
  if (d === undefined) return undefined;
  const s = model.find(vs.cluster, '', 'Service', d.namespace, d.name)[0];
  return s && !s.external && s.json !== undefined ? s : undefined;
}

/** A Certificate of the cluster requesting the host, and how it is validated. */
interface Requester {
  readonly certificate: ModelObject;
  /** Position of the host in `spec.dnsNames`. */
  readonly index: number;
  /** The solver selected for the host (ACME issuers of the app). */
  readonly selected?: SelectedSolver;
  /** The issuer is defined outside the app. */
  readonly unknownIssuer: boolean;
}

function requestersOf(model: AppModel, cluster: string, host: string): Requester[] {
  return (certificatesByName(model).get(`${cluster}|${host}`) ?? []).map(({ certificate, index }) => {
    const issuer = issuerOf(model, certificate);
    const unknownIssuer = !issuer || issuer.external;
    return { certificate, index, unknownIssuer, selected: unknownIssuer ? undefined : selectSolver(model, certificate, host) };
  });
}

/**
 * Every HTTP-01 challenge of the host lands on the solver rule, which sends them to one
 * Service: a second Certificate validating the host over HTTP-01 makes the ACME server meet the
 * solver pods of the other. Reported once per pair, on the Certificate the rule's Service
 * serves (else the first one).
 */
function checkOtherCertificates(report: Reporter, route: ChallengeRoute, service: ModelObject | undefined, requesters: Requester[], reported: Set<string>): void {
  const selector = service ? stringMap(obj(service.json.spec).selector) : undefined;
  const serves = (r: Requester) => selector !== undefined && Object.keys(selector).length > 0 && r.certificate.namespace === service!.namespace
    && selectsSolverPods(selector, r.selected!.solver, route.host) !== false;
  const http01 = requesters.filter((r) => r.selected?.type === 'http01');
  if (http01.length === 0) return;
  const anchor = http01.find(serves) ?? http01[0];
  const rule = `VirtualService ${route.vs.namespace}/${route.vs.name} http[${route.rule}]`;
  for (const other of http01) {
    if (other === anchor) continue;
    const key = `${anchor.certificate.index}|${other.certificate.index}|${route.host}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const c = other.certificate;
    report.error(anchor.certificate, `spec.dnsNames[${anchor.index}]`, route.host,
      `Certificate ${c.namespace}/${c.name} (${c.path}) also validates this name over HTTP-01; its challenge requests reach the gateway's rule for the solver (${rule}), ${!service ? 'which sends every challenge of this name to one destination: the solver pods of one certificate would get the tokens of the other' : serves(other) ? 'whose Service would balance them across the solver pods of both certificates' : 'whose Service sends them to solver pods that do not know its tokens'}`,
      'serve the name from one Certificate only, or have the other one use DNS-01');
  }
  for (const other of requesters.filter((r) => r.unknownIssuer)) {
    const key = `${anchor.certificate.index}|${other.certificate.index}|${route.host}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const c = other.certificate;
    report.warn(anchor.certificate, `spec.dnsNames[${anchor.index}]`, route.host,
      `this name is also requested by Certificate ${c.namespace}/${c.name} (${c.path}), whose issuer is defined outside the app: if it validates over HTTP-01 its challenges land on the gateway's rule for the solver (${rule}) and fail`,
      'serve the name from one Certificate only, or make sure that issuer validates it over DNS-01');
  }
}

/**
 * The rule's Service selects the pods of one solver of the issuer, selected by name for the
 * host: if the issuer picks another solver (listed earlier with an equally specific selector),
 * the challenge is served where the Service and the rule do not reach.
 */
function checkSelectedSolver(model: AppModel, report: Reporter, route: ChallengeRoute, service: ModelObject, requesters: Requester[], reported: Set<string>): void {
  const selector = stringMap(obj(service.json.spec).selector);
  if (Object.keys(selector).length === 0) return;
  for (const r of requesters) {
    const picked = r.selected;
    const c = r.certificate;
    if (picked === undefined || c.namespace !== service.namespace || selectsSolverPods(selector, picked.solver, route.host) !== false) continue;
    const index = solverIndexOf(model, picked.issuer);
    const solvers = index.solvers;
    const labels = stringMap(c.json.metadata?.labels);
    // the solvers that may select the name: a fleet's shared issuer is not scanned per name
    const meant = index.candidates(route.host).find((j) => solverType(solvers[j]) === 'http01' && strings(obj(obj(solvers[j]).selector).dnsNames).includes(route.host)
      && selectsSolverPods(selector, solvers[j], route.host) === true && pickSolver(solvers, route.host, labels, undefined, [j]) === j) ?? -1;
    const key = `${c.index}|${route.host}`;
    if (meant < 0 || reported.has(key)) continue;
    reported.add(key);
    const issuer = `${picked.issuer.kind} "${picked.issuer.name}"`;
    report.error(c, `spec.dnsNames[${r.index}]`, route.host,
      `${issuer} selects its solvers[${picked.index}] (${describeSolver(picked.solver)}) for this name instead of its solvers[${meant}] (${describeSolver(solvers[meant])}), whose pods Service ${service.namespace}/${service.name} selects, so the challenge would be served where that Service and the rule http[${route.rule}] of VirtualService ${route.vs.namespace}/${route.vs.name} (${route.vs.path}) do not reach`,
      `remove ${JSON.stringify(route.host)} from the selector of solvers[${picked.index}] (a solver listed earlier with an equally specific selector wins), or use an issuer whose other solvers do not select this name`);
  }
}

/** The names of the app's Certificates by cluster, namespace and cert-manager's domain label value (adler32). */
function namesByDomainHash(model: AppModel): Map<string, Array<{ certificate: ModelObject; index: number; name: string }>> {
  return model.derived('istio/names-by-domain-hash', (m) => {
    const out = new Map<string, Array<{ certificate: ModelObject; index: number; name: string }>>();
    for (const c of m.ofKind('cert-manager.io', 'Certificate')) {
      if (c.external || c.json === undefined) continue;
      strings(obj(c.json.spec).dnsNames).forEach((name, index) => {
        if (isWildcard(name)) return;
        const key = `${c.cluster}|${c.namespace}|${adler32(name)}`;
        const list = out.get(key);
        if (list) list.push({ certificate: c, index, name });
        else out.set(key, [{ certificate: c, index, name }]);
      });
    }
    return out;
  });
}

/**
 * cert-manager labels a solver pod with the adler32 checksum of its name
 * (`acme.cert-manager.io/http-domain`, pkg/issuer/acme/http/pod.go), and checksums of short
 * names collide (`lyk.example.com` and `skr.example.com`): a Service selecting the pods of one
 * name by that label also selects those of the other, in the same namespace. While both
 * challenges are in flight — always, when one Certificate has both names — the ACME server's
 * requests are balanced across both pods and some get 404. cert-manager retries and the order
 * succeeds once one name is valid: a warning.
 */
function checkDomainHashCollisions(model: AppModel, report: Reporter, route: ChallengeRoute, service: ModelObject, reported: Set<string>): void {
  const selector = stringMap(obj(service.json.spec).selector);
  const hash = selector[DOMAIN_LABEL];
  if (hash === undefined) return;
  for (const other of namesByDomainHash(model).get(`${service.cluster}|${service.namespace}|${hash}`) ?? []) {
    if (other.name === route.host) continue;
    const picked = selectSolver(model, other.certificate, other.name);
    if (picked?.type !== 'http01' || selectsSolverPods(selector, picked.solver, other.name) === false) continue;
    const key = [route.host, other.name].sort().join('|') + `|${service.namespace}`;
    if (reported.has(key)) continue;
    reported.add(key);
    report.warn(other.certificate, `spec.dnsNames[${other.index}]`, other.name,
      `cert-manager labels the solver pods of "${other.name}" and "${route.host}" alike (${DOMAIN_LABEL}: "${hash}": the adler32 checksums of the two names are equal, pkg/issuer/acme/http/pod.go), so Service ${service.namespace}/${service.name}, which serves the challenges of "${route.host}" (VirtualService ${route.vs.namespace}/${route.vs.name}), also selects the solver pod of "${other.name}": while both challenges are in flight, the ACME server's requests are balanced across both pods, some get 404 and validation fails until cert-manager's retry finds one of the names already valid`,
      'validate one of the two names over DNS-01, or issue it where the gateway pods of another namespace serve it (solver pods run in the Certificate\'s namespace)');
  }
}

function checkChallengeRoutes(model: AppModel, report: Reporter): void {
  const merged = new Set<string>();
  const certificates = new Set<string>();
  const solvers = new Set<string>();
  const collisions = new Set<string>();
  for (const route of challengeRoutes(model)) {
    checkMergedRules(model, report, route, merged);
    const service = destinationService(model, route.vs, arr(obj(route.vs.json.spec).http)[route.rule]);
    const requesters = requestersOf(model, route.vs.cluster, route.host);
    checkOtherCertificates(report, route, service, requesters, certificates);
    if (service) {
      checkSelectedSolver(model, report, route, service, requesters, solvers);
      checkDomainHashCollisions(model, report, route, service, collisions);
    }
  }
}

registerChecks({ id: 'istio/acme-challenge-routes', check: checkChallengeRoutes });
