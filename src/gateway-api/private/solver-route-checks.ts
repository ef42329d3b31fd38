// The challenge routes of the Certificates of the app (not exported from the package): for
// every name whose selected ACME solver is an HTTP-01 `gatewayHTTPRoute` solver, cert-manager
// creates an HTTPRoute in the Certificate's namespace for that name, attached to the solver's
// parentRefs. One that attaches to nothing leaves the ACME server with a 404, and the
// certificate is never issued. Runs over the wire form: Certificates and issuers of any origin.
import { selectSolver } from '../../cert-manager/solver-selection';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { isIpAddress } from '../../private/names';
import { arr, obj, str } from '../../private/wire';
import { gatewayHttpRouteParents, solverRouteProblem } from './solver-routes';

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

function checkCertificate(model: AppModel, report: Reporter, certificate: ModelObject): void {
  const ref = obj(obj(certificate.json?.spec).issuerRef);
  const issuerDesc = `${str(ref.kind) || 'Issuer'} ${JSON.stringify(str(ref.name) ?? '')}`;
  const reported = new Set<string>();
  for (const [field, name] of namesOf(certificate)) {
    const selected = selectSolver(model, certificate, name);
    const parents = selected && gatewayHttpRouteParents(selected.solver);
    if (!parents) continue;
    parents.forEach((parent, j) => {
      const p = solverRouteProblem(model, certificate.cluster, parent, certificate.namespace, name);
      // one route problem is reported once per Certificate, on the first name it concerns
      if (p === undefined || reported.has(p.problem)) return;
      reported.add(p.problem);
      report.error(certificate, field, name,
        `the HTTP-01 solver of ${issuerDesc} selected for this name attaches its challenge route to parentRefs[${j}] (${parent.namespace ?? certificate.namespace}/${parent.name}): ${p.problem}`, p.fix);
    });
  }
}

function checkSolverRoutes(model: AppModel, report: Reporter): void {
  for (const c of model.ofKind('cert-manager.io', 'Certificate')) {
    if (!c.external && c.json !== undefined) checkCertificate(model, report, c);
  }
}

registerChecks({ id: 'gateway-api/solver-routes', check: checkSolverRoutes });
