// The synth-time check of a WildcardCertificate's intent (not exported from the package): the
// issuer selects, for every name, the DNS-01 solver the pattern added for its `dns01` (a
// construct check over the model: which solvers are the pattern's is its own knowledge).
import { IConstruct } from 'constructs';
import { AcmeSolver } from '../../cert-manager/acme-solver';
import { Certificate } from '../../cert-manager/certificate';
import { describeSolver } from '../../cert-manager/http01';
import { IIssuer } from '../../cert-manager/references';
import { selectSolver } from '../../cert-manager/solver-selection';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { clusterOf } from '../../private/cluster';

/** The object of the model `certificate` renders. */
function objectOf(model: AppModel, certificate: Certificate): ModelObject | undefined {
  return model.find(clusterOf(certificate) ?? '', 'cert-manager.io', 'Certificate', certificate.namespace, certificate.name)
    .find((o) => o.apiObject === certificate.apiObject);
}

/** Warn (on `where`) for each name of `certificate` for which the issuer selects another solver than `mine`. */
export function checkSelectedSolvers(model: AppModel, report: Reporter, where: IConstruct, certificate: Certificate, issuer: IIssuer, mine: AcmeSolver[]): void {
  const o = objectOf(model, certificate);
  if (!o) return;
  const positions = mine.map((s) => issuer.acmeSolvers.indexOf(s));
  const provider = mine[0].dns01Provider?.kind;
  for (const n of certificate.dnsNames) {
    const picked = selectSolver(model, o, n);
    if (picked === undefined || positions.includes(picked.index)) continue; // undefined: the Certificate reports it
    const kind = picked.type === 'dns01' ? describeSolver(picked.solver) : 'HTTP-01';
    report.warn(where, 'dns01', provider,
      `${picked.issuer.kind} "${picked.issuer.name}" selects its solvers[${picked.index}] (${kind}) for ${JSON.stringify(n)}, not the ${provider} solver the pattern added (a more specific selector wins)`,
      `remove ${JSON.stringify(n)} from the selector of solvers[${picked.index}], or leave dns01 out and let the issuer's own solvers validate the names`);
  }
}
