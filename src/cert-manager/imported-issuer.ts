// Importers' implementation of IIssuer (not exported from the package).
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { declareToModel } from '../core/declare';
import { checkNamespaceName } from '../private/fields';
import { checkDns1123Subdomain } from '../private/names';
import { fail } from '../validation/error';
import { AcmeSolver } from './acme-solver';
import { IIssuer, IssuerReference, IssuerType } from './references';

/**
 * An issuer defined outside the app: the library knows its reference only. It stands for the
 * issuer in the app's model (an external object: found by name, never rendered), so whole-app
 * checks see that the issuer a Certificate names exists.
 */
export class ImportedIssuer extends Construct implements IIssuer {
  public readonly issuerRef: IssuerReference;
  public readonly issuerNamespace?: string;
  public readonly issuerType = IssuerType.UNKNOWN;
  public readonly acmeServer?: string = undefined;

  public constructor(scope: Construct, id: string, ref: IssuerReference, namespace: string | undefined) {
    super(scope, id);
    const nameProblem = checkDns1123Subdomain(String(ref.name ?? ''));
    if (nameProblem) fail(this, 'name', ref.name, `issuer name ${nameProblem}`, 'use the metadata.name of the existing issuer');
    if (namespace !== undefined) checkNamespaceName(this, 'namespace', namespace);
    this.issuerRef = { ...ref };
    this.issuerNamespace = namespace;
    declareToModel(this, {
      // the version of an external issuer's kind is not known: only its group identifies it
      externals: () => [{ apiVersion: `${ref.group}/v1`, kind: ref.kind, name: ref.name, namespace: namespace ?? '' }],
    });
  }

  public get acmeSolvers(): AcmeSolver[] {
    return [];
  }

  public solverFor(_dnsName: string, _certificateLabels?: { [key: string]: string }): AcmeSolver | undefined {
    return undefined;
  }
}

/** The namespace an importer defaults to: the chart's, else `default`. */
export function defaultNamespace(scope: Construct): string {
  return Chart.of(scope).namespace ?? 'default';
}
