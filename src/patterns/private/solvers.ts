// Adding a pattern's solvers to an issuer (not exported from the package).
import { Construct } from 'constructs';
import { AcmeSolver } from '../../cert-manager/acme-solver';
import { IssuerBase } from '../../cert-manager/issuer-base';
import { IIssuer, IssuerType } from '../../cert-manager/references';
import { fail } from '../../validation/error';

/**
 * Add `solvers` to `issuer`, which must be an ACME issuer of this app (the pattern cannot
 * change an issuer defined elsewhere).
 */
export function addPatternSolvers(where: Construct, field: string, issuer: IIssuer, solvers: AcmeSolver[], why: string): void {
  if (!(issuer instanceof IssuerBase)) {
    fail(where, field, `${issuer.issuerRef.kind}/${issuer.issuerRef.name}`,
      `the pattern must add ${why} to the issuer, and this issuer is defined outside the app`,
      'pass an Issuer or ClusterIssuer construct of this app (AcmeIssuerChoice.fromIssuer(issuer)), or AcmeIssuerChoice.letsEncrypt()');
  }
  if (issuer.issuerType !== IssuerType.ACME) {
    fail(where, field, `${issuer.issuerRef.kind}/${issuer.issuerRef.name}`,
      `the pattern needs ${why}, which only ACME issuers have (this issuer is ${issuer.issuerType})`,
      'pass an ACME issuer (IssuerConfig.letsEncrypt() or IssuerConfig.acme())');
  }
  for (const s of solvers) issuer.addSolver(s);
}

/** Per issuer, the shared solvers by the label that selects them: a fleet asks once per site. */
const sharedSolvers = new WeakMap<IIssuer, Map<string, AcmeSolver>>();

/**
 * The solver of `issuer` selected by the Certificate label `selectedBy` (`key=value`): the one
 * found earlier, else one rendering as `make()`'s does (added by `prepareIssuer()` or by hand),
 * else `make()`'s after adding it. A solver a pattern shares between sites is on the issuer once.
 */
export function sharedPatternSolver(where: Construct, field: string, issuer: IIssuer, selectedBy: string, make: () => AcmeSolver, why: string): AcmeSolver {
  let known = sharedSolvers.get(issuer);
  const found = known?.get(selectedBy);
  if (found) return found;
  const solver = make();
  const wanted = JSON.stringify(solver._toKube());
  const existing = issuer.acmeSolvers.find((s) => JSON.stringify(s._toKube()) === wanted);
  if (!existing) addPatternSolvers(where, field, issuer, [solver], why);
  if (!known) sharedSolvers.set(issuer, (known = new Map()));
  known.set(selectedBy, existing ?? solver);
  return existing ?? solver;
}
