import { Construct } from 'constructs';
import { defaultNamespace, ImportedIssuer } from './imported-issuer';
import { IssuerBase, IssuerProps } from './issuer-base';
import { IIssuer } from './references';

/** Options of `Issuer.fromIssuerName()`. */
export interface IssuerImportOptions {
  /**
   * Namespace of the existing Issuer (Certificates using it must be in the same namespace).
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
}

/**
 * A namespaced cert-manager Issuer: only Certificates in its own namespace can use it.
 *
 * @example
 * new certManager.Issuer(chart, 'LetsEncrypt', {
 *   metadata: { namespace: 'istio-ingress' },
 *   config: certManager.IssuerConfig.letsEncrypt({
 *     email: 'ops@your-domain.com',
 *     solvers: [certManager.AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'ingress', sectionName: 'http' }] })],
 *   }),
 * });
 */
export class Issuer extends IssuerBase {
  /**
   * Reference an Issuer defined outside the app.
   *
   * @param scope scope of the reference
   * @param id construct id of the reference
   * @param name `metadata.name` of the Issuer
   * @param options its namespace
   */
  public static fromIssuerName(scope: Construct, id: string, name: string, options: IssuerImportOptions = {}): IIssuer {
    const namespace = options?.namespace ?? defaultNamespace(scope);
    return new ImportedIssuer(scope, id, { name, kind: 'Issuer', group: 'cert-manager.io' }, namespace);
  }

  public constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id, props, false);
  }
}
