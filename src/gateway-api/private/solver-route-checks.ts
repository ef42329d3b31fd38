// The challenge routes of the Certificates of the app (not exported from the package): for
// every name whose selected ACME solver is an HTTP-01 `gatewayHTTPRoute` solver, cert-manager
// creates an HTTPRoute in the Certificate's namespace for that name, attached to the solver's
// parentRefs as the Certificate's override annotations (`acme.cert-manager.io/http01-parentref*`)
// leave them; with no parent at all, or a name annotation without a kind, it fails the Order.
// A route that attaches to nothing (or to HTTPS listeners only) leaves the ACME server with a
// 404, and the certificate is never issued. And when the issuer has a `gatewayHTTPRoute` solver selected by
// name for a host whose HTTP requests an HTTPRoute of the app routes on the same listener (the
// HttpsRedirectGateway pattern's redirect), the issuer must select that solver: another HTTP-01
// one would have the challenge served where that listener does not route. Runs over the wire form:
// Certificates, issuers and routes of any origin.
import { describeSolver } from '../../cert-manager/http01';
import { pickSolver, SelectedSolver, selectSolver, solverIndexOf, solverType } from '../../cert-manager/solver-selection';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { HostIndex } from '../../private/hostnames';
import { isIpAddress } from '../../private/names';
import { arr, obj, str, strings, stringMap } from '../../private/wire';
import { attach, describeParent, findParent, GATEWAY_API_GROUP, parentRefOf, WireListener, WireParentRef } from '../attachment';
import { challengeRoute, solverRouteProblem } from './solver-routes';

/** The names cert-manager asks the ACME server for, with the wire field each comes from. */
function namesOf(certificate: ModelObject): Array<[string, string]> {
  const spec = obj(certificate.json?.spec);
  const names: Array<[string, string]> = [];
  arr(spec.dnsNames).forEach((n, i) => {
    if (typeof n === 'string') names.push([`spec.dnsNames[${i}]`, n]);
  });
  const cn = str(spec.commonName);
  // cert-manager adds a commonName missing from dnsNames to the order (an IP address is not a DNS name)
  if (cn !== undefined && !names.some(([, n]) => n === cn) && !isIpAddress(cn)) names.push(['spec.commonName', cn]);
  return names;
}

/** The listeners (`Kind namespace/name:listener`) a route of `namespace` for `hostnames` attaches to through `refs`. */
function attachedListeners(model: AppModel, cluster: string, namespace: string, refs: readonly WireParentRef[], hostnames: string[]): Map<string, { parent: ModelObject; listener: WireListener }> {
  const out = new Map<string, { parent: ModelObject; listener: WireListener }>();
  for (const ref of refs) {
    const parent = findParent(model, cluster, namespace, ref)?.object;
    if (!parent) continue;
    const a = attach(model, parent, ref, namespace, hostnames, 'HTTPRoute');
    if (a.outcome !== 'attached') continue;
    for (const listener of a.listeners) out.set(`${parent.kind} ${parent.namespace}/${parent.name}:${listener.name}`, { parent, listener });
  }
  return out;
}

/** The rendered HTTPRoutes of each Gateway or ListenerSet (by cluster, kind and `namespace/name`), indexed by their hostnames. */
function routesByParent(model: AppModel): Map<string, HostIndex<ModelObject>> {
  return model.derived('gateway-api/http-routes-by-parent', (m) => {
    const out = new Map<string, HostIndex<ModelObject>>();
    for (const route of m.ofKind(GATEWAY_API_GROUP, 'HTTPRoute')) {
      if (route.external || route.json === undefined) continue;
      const spec = obj(route.json.spec);
      const hostnames = strings(spec.hostnames);
      for (const ref of arr(spec.parentRefs).map(parentRefOf)) {
        const kind = ref.kind ?? 'Gateway';
        if ((ref.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (kind !== 'Gateway' && kind !== 'ListenerSet') || ref.name === undefined) continue;
        const key = `${route.cluster}|${kind}|${ref.namespace ?? route.namespace}/${ref.name}`;
        let index = out.get(key);
        if (!index) out.set(key, (index = new HostIndex<ModelObject>()));
        if (hostnames.length === 0) index.addAll(route);
        else for (const h of hostnames) index.add(h, route);
      }
    }
    return out;
  });
}

/** An HTTPRoute of the app attached to `listener` of `parent` (a Gateway or ListenerSet) for `name`, if any. */
function routeOn(model: AppModel, parent: ModelObject, listener: WireListener, name: string): ModelObject | undefined {
  const candidates = routesByParent(model).get(`${parent.cluster}|${parent.kind}|${parent.namespace}/${parent.name}`)?.lookup(name) ?? [];
  return candidates.find((route) => {
    const refs = arr(obj(route.json.spec).parentRefs).map(parentRefOf)
      .filter((r) => (r.kind ?? 'Gateway') === parent.kind && (r.namespace ?? route.namespace) === parent.namespace && r.name === parent.name);
    return attachedListeners(model, route.cluster, route.namespace, refs, [name]).has(`${parent.kind} ${parent.namespace}/${parent.name}:${listener.name}`);
  });
}

/** The parents of the challenge route `solver` would create for `certificate` (after its override annotations). */
function challengeParentsOf(certificate: ModelObject, solver: any): WireParentRef[] | undefined {
  return challengeRoute(solver, certificate.namespace, stringMap(certificate.json?.metadata?.annotations))?.parents.map((p) => p.ref);
}

/**
 * Whether a solver is meant for `name` rather than a fallback: its selector names it, or picks
 * Certificates by label (the patterns' one solver per issuer, `acme.cdk8s-istio-tls.io/http01-route`).
 */
function aimedAt(solver: any, name: string): boolean {
  const selector = obj(obj(solver).selector);
  return strings(selector.dnsNames).includes(name) || Object.keys(obj(selector.matchLabels)).length > 0;
}

/**
 * The issuer has a `gatewayHTTPRoute` solver selected by name or label for `name` whose challenge route
 * would attach to a listener where an HTTPRoute of the app routes the name's HTTP requests,
 * but selects another solver, whose challenge is not routed there.
 */
function checkSolverChoice(model: AppModel, report: Reporter, certificate: ModelObject, field: string, name: string, picked: SelectedSolver): void {
  // a DNS-01 solver validates the name without any route
  if (picked.type !== 'http01') return;
  const index = solverIndexOf(model, picked.issuer);
  const solvers = index.solvers;
  const labels = stringMap(certificate.json?.metadata?.labels);
  const ns = certificate.namespace;
  let reached: Map<string, unknown> | undefined;
  // the solvers that may select the name: a fleet's shared issuer is not scanned per name
  for (const j of index.candidates(name)) {
    const parents = j === picked.index ? undefined : challengeParentsOf(certificate, solvers[j]);
    if (!parents || solverType(solvers[j]) !== 'http01' || !aimedAt(solvers[j], name)) continue;
    if (pickSolver(solvers, name, labels, undefined, [j]) !== j) continue;
    for (const [key, { parent, listener }] of attachedListeners(model, certificate.cluster, ns, parents, [name])) {
      const pickedParents = challengeParentsOf(certificate, picked.solver);
      reached ??= pickedParents ? attachedListeners(model, certificate.cluster, ns, pickedParents, [name]) : new Map();
      if (reached.has(key)) continue;
      const route = routeOn(model, parent, listener, name);
      if (!route) continue;
      report.error(certificate, field, name,
        `${picked.issuer.kind} "${picked.issuer.name}" selects its solvers[${picked.index}] (${describeSolver(picked.solver)}) for this name instead of its solvers[${j}] (${describeSolver(solvers[j])}), so the challenge would be served where listener "${listener.name}" of ${describeParent(parent.kind, parent.namespace, parent.name)}, which routes this name's HTTP requests (HTTPRoute ${route.namespace}/${route.name}, ${route.path}), does not route`,
        `remove ${JSON.stringify(name)} from the selector of solvers[${picked.index}] (a solver listed earlier with an equally specific selector wins), or use an issuer whose other solvers do not select this name`);
      return;
    }
  }
}

function checkCertificate(model: AppModel, report: Reporter, certificate: ModelObject): void {
  const ref = obj(obj(certificate.json?.spec).issuerRef);
  const issuerDesc = `${str(ref.kind) || 'Issuer'} ${JSON.stringify(str(ref.name) ?? '')}`;
  const annotations = stringMap(certificate.json?.metadata?.annotations);
  const reported = new Set<string>();
  for (const [field, name] of namesOf(certificate)) {
    const selected = selectSolver(model, certificate, name);
    if (selected) checkSolverChoice(model, report, certificate, field, name, selected);
    const route = selected && challengeRoute(selected.solver, certificate.namespace, annotations);
    if (!route) continue;
    if (route.problem) {
      // cert-manager fails the Order: reported once per Certificate
      if (reported.has(route.problem.problem)) continue;
      reported.add(route.problem.problem);
      const p = route.problem;
      if (p.annotation !== undefined) {
        report.error(certificate, `metadata.annotations[${JSON.stringify(p.annotation)}]`, p.value,
          `the HTTP-01 solver of ${issuerDesc} selected for "${name}" creates a challenge HTTPRoute, and ${p.problem}`, p.fix);
      } else {
        report.error(certificate, field, name, `the HTTP-01 solver of ${issuerDesc} selected for this name: ${p.problem}`, p.fix);
      }
      continue;
    }
    route.parents.forEach((parent) => {
      const p = solverRouteProblem(model, certificate.cluster, parent.ref, certificate.namespace, name);
      // one route problem is reported once per Certificate, on the first name it concerns
      if (p === undefined || reported.has(p.problem)) return;
      reported.add(p.problem);
      const from = parent.source === 'annotations' ? 'the parent its acme.cert-manager.io/http01-parentref* annotations name' : parent.source;
      report.error(certificate, field, name,
        `the HTTP-01 solver of ${issuerDesc} selected for this name attaches its challenge route to ${from} (${parent.ref.namespace ?? certificate.namespace}/${parent.ref.name}): ${p.problem}`, p.fix);
    });
  }
}

function checkSolverRoutes(model: AppModel, report: Reporter): void {
  for (const c of model.ofKind('cert-manager.io', 'Certificate')) {
    if (!c.external && c.json !== undefined) checkCertificate(model, report, c);
  }
}

registerChecks({ id: 'gateway-api/solver-routes', check: checkSolverRoutes });
