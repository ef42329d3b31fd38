import { Construct } from 'constructs';
import { checkDns1123Subdomain } from '../private/names';
import { fail } from '../validation/error';
import { ImportedIssuer } from './imported-issuer';
import { IIssuer } from './references';

const KIND_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;

/** Options of `ExternalIssuer.fromIssuerReference()`. */
export interface ExternalIssuerOptions {
  /** `metadata.name` of the issuer resource. */
  readonly name: string;
  /** Kind of the issuer resource, e.g. `AWSPCAClusterIssuer`, `GoogleCASIssuer`, `StepIssuer`. */
  readonly kind: string;
  /** API group of the issuer, e.g. `awspca.cert-manager.io` (not `cert-manager.io`). */
  readonly group: string;
  /**
   * Namespace of a namespaced external issuer (Certificates using it must be in the same
   * namespace); omit for cluster-scoped kinds.
   * @default - cluster-scoped
   */
  readonly namespace?: string;
}

/**
 * Issuers of other API groups, served by external issuer controllers (AWS Private CA, Google
 * CAS, step-ca, ...). The library only knows their reference (`IssuerType.UNKNOWN`).
 */
export class ExternalIssuer {
  /**
   * Reference an external issuer.
   *
   * @param scope scope of the reference
   * @param id construct id of the reference
   * @param options name, kind, group and (for namespaced kinds) namespace
   */
  public static fromIssuerReference(scope: Construct, id: string, options: ExternalIssuerOptions): IIssuer {
    const o = options ?? ({} as ExternalIssuerOptions);
    const where = `${scope.node.path ? scope.node.path + '/' : ''}${id}`;
    if (typeof o.group !== 'string' || o.group.length === 0) {
      fail(where, 'group', o.group, 'an external issuer needs its API group', "set the group the issuer controller serves, e.g. 'awspca.cert-manager.io'");
    }
    if (o.group === 'cert-manager.io') {
      fail(where, 'group', o.group, 'cert-manager.io issuers are Issuer or ClusterIssuer, not external issuers', 'use Issuer.fromIssuerName() or ClusterIssuer.fromClusterIssuerName()');
    }
    const groupProblem = checkDns1123Subdomain(o.group);
    if (groupProblem) fail(where, 'group', o.group, `API group ${groupProblem}`, 'use the API group of the issuer CRD');
    if (typeof o.kind !== 'string' || !KIND_PATTERN.test(o.kind) || o.kind.length > 63) {
      fail(where, 'kind', o.kind, 'an external issuer needs its kind (letters and digits, starting with a letter)', "set the kind of the issuer CRD, e.g. 'AWSPCAClusterIssuer'");
    }
    return new ImportedIssuer(scope, id, { name: o.name, kind: o.kind, group: o.group }, o.namespace);
  }

  private constructor() {}
}
