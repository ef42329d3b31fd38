// ACME HTTP-01 `ingress` solvers and who serves their Ingress (not exported from the package).
// cert-manager creates an Ingress per challenge with the solver's class; whether the ACME
// server's request reaches it depends on the controller serving that class:
//
// - Istio serves the Ingress (class `istio`) by converting it into a port-80 route on its
//   ingress gateway pods (pilot/pkg/config/kube/ingress). A Gateway of the app redirecting the
//   host's port-80 requests to https answers first: Istio merges the port-80 virtual hosts of
//   the pods and sets `require_tls: ALL` on the host's (pilot/pkg/networking/core/gateway.go
//   buildGatewayHTTPRouteConfig; istio/istio#27643), so the challenge goes to 443, where no
//   route of the Ingress exists: an error, unless the app itself routes the challenge there
//   (a VirtualService rule on the challenge path, as HttpsRedirectGateway writes).
// - A class no object of the app serves (e.g. `nginx`) depends on a controller outside the
//   app: a warning naming the class. Not for the library's own solver, whose class is unserved
//   on purpose (its challenges are routed by a VirtualService; selected by CHALLENGE_ROUTE_LABEL),
//   nor for solvers whose pods a challenge route of the app reaches.
import { CHALLENGE_ROUTE_LABEL, challengeIngressClass, ChallengeIngressClass, describeSolver } from '../../cert-manager/http01';
import { acmeSolversOf } from '../../cert-manager/solver-selection';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { obj, stringMap } from '../../private/wire';
import { challengeRoutes, challengeWorkloads, Http01Name, http01Names, ingressClass, ISTIO_INGRESS_CLASS, ISTIO_INGRESS_CONTROLLER, redirectingServer, servedByIstio } from './challenge-hops';

/** Where the class is set, for messages: the solver field or the Certificate annotation. */
function classSource(name: Http01Name, c: ChallengeIngressClass): string {
  const issuer = `${name.selected.issuer.kind} "${name.selected.issuer.name}"`;
  return c.annotation ? `annotation ${c.annotation} of this Certificate (overriding ${issuer}'s solvers[${name.selected.index}])` : `${issuer}'s solvers[${name.selected.index}]`;
}

/** Whether a challenge route of the app (a VirtualService rule on the challenge path) reaches the name's solver pods on its gateway. */
function routedByApp(model: AppModel, name: Http01Name, gateway: ModelObject): boolean {
  const key = `${gateway.namespace}/${gateway.name}`;
  return challengeRoutes(model).some((r) => r.gateway === key && r.host === name.host && r.vs.cluster === name.certificate.cluster);
}

function checkRedirectedIngress(model: AppModel, report: Reporter, name: Http01Name): void {
  const c = challengeIngressClass(name.selected.solver, stringMap(name.certificate.json.metadata?.annotations));
  if (!c || !servedByIstio(model, name.certificate.cluster, c)) return;
  for (const w of challengeWorkloads(model, name.certificate.cluster, name.host)) {
    if (w.gatewayApiName !== undefined) continue;
    const server = redirectingServer(model, w.gateway, name.host);
    if (server === undefined || routedByApp(model, name, w.gateway)) continue;
    const g = w.gateway;
    report.error(name.certificate, `spec.dnsNames[${name.index}]`, name.host,
      `${classSource(name, c)} (${describeSolver(name.selected.solver)}, ${c.by} ${JSON.stringify(c.value)}) has Istio route the challenge on port 80 by an Ingress, but Gateway ${g.namespace}/${g.name} (${g.path}) redirects the port-80 requests for this name to https (servers[${server}].tls.httpsRedirect): Istio merges the port-80 virtual hosts of the gateway pods and answers the redirect before any route (require_tls ALL, pilot/pkg/networking/core/gateway.go; istio/istio#27643), so the ACME server is sent to 443, where nothing routes the challenge to the solver, and the certificate is never issued`,
      'route the challenge on the HTTPS server instead (HttpsRedirectGateway does: an ingress solver with an unserved class, and a VirtualService rule for /.well-known/acme-challenge/ to a Service selecting the solver pods), validate the name over DNS-01, or drop httpsRedirect from that server and redirect with a VirtualService rule that leaves the challenge path out');
  }
}

/** The solvers (issuer and position) whose pods a challenge route of the app reaches. */
function solversRoutedByApp(model: AppModel): Set<string> {
  return model.derived('istio/solvers-routed-by-app', (m) => {
    const out = new Set<string>();
    const routed = new Set(challengeRoutes(m).map((r) => `${r.vs.cluster}|${r.host}`));
    for (const n of http01Names(m)) {
      if (!routed.has(`${n.certificate.cluster}|${n.host}`)) continue;
      out.add(`${n.selected.issuer.index}|${n.selected.index}`);
    }
    return out;
  });
}

const CLASS_FIELD = { class: 'class', ingressClassName: 'ingressClassName' } as const;

function checkUnservedClasses(model: AppModel, report: Reporter): void {
  const routed = solversRoutedByApp(model);
  for (const issuer of [...model.ofKind('cert-manager.io', 'Issuer'), ...model.ofKind('cert-manager.io', 'ClusterIssuer')]) {
    if (issuer.external || issuer.json === undefined) continue;
    acmeSolversOf(issuer).forEach((solver, i) => {
      if (Object.keys(obj(obj(obj(solver).selector).matchLabels)).includes(CHALLENGE_ROUTE_LABEL) || routed.has(`${issuer.index}|${i}`)) return;
      const c = challengeIngressClass(solver, {});
      if (!c || c.by === 'name') return;
      const where = `spec.acme.solvers[${i}].http01.ingress`;
      if (c.by === 'none') {
        report.warn(issuer, where, obj(obj(solver).http01).ingress,
          'the challenge Ingress cert-manager creates for this solver has no class, so it is served by the controller of the cluster\'s default IngressClass, which is not part of the app: if there is none, or it does not serve the names\' port 80, the HTTP-01 challenges fail',
          'name the class of an ingress controller that serves the names on port 80 (and make sure it exists in the cluster), or route the challenges with a gatewayHTTPRoute solver or a VirtualService rule');
        return;
      }
      const field = `${where}.${CLASS_FIELD[c.by]}`;
      if (c.by === 'class' && c.value === ISTIO_INGRESS_CLASS) return; // Istio serves it (checked above for redirects)
      const defined = c.by === 'ingressClassName' && c.value !== undefined ? ingressClass(model, issuer.cluster, c.value) : undefined;
      if (defined) return;
      const needs = c.value === ISTIO_INGRESS_CLASS
        ? `an IngressClass "istio" with controller ${ISTIO_INGRESS_CONTROLLER} (Istio serves spec.ingressClassName only through one)`
        : `an ingress controller serving class ${JSON.stringify(c.value)}${c.by === 'ingressClassName' ? ' (and its IngressClass)' : ''}, reachable on port 80 for the names`;
      report.warn(issuer, field, c.value,
        `no object of the app serves this ingress class: the HTTP-01 challenges of this solver (${describeSolver(solver)}) reach the solver only if the cluster has ${needs}, outside the app`,
        `make sure it exists (or add the ${c.by === 'ingressClassName' ? 'IngressClass' : 'controller'} to the app), or route the challenges through the app's gateways (a gatewayHTTPRoute solver, or HttpsRedirectGateway)`);
    });
  }
}

function checkIngressSolvers(model: AppModel, report: Reporter): void {
  for (const name of http01Names(model)) checkRedirectedIngress(model, report, name);
  checkUnservedClasses(model, report);
}

registerChecks({ id: 'istio/acme-ingress-solvers', check: checkIngressSolvers });
