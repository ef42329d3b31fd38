import { Construct } from 'constructs';
import { ImportedIssuer } from './imported-issuer';
import { IssuerBase, IssuerProps } from './issuer-base';
import { IIssuer } from './references';

/**
 * A cluster-scoped cert-manager ClusterIssuer: Certificates in any namespace can use it.
 *
 * Secrets it references (ACME account key, DNS provider credentials, CA key pair, Vault
 * credentials) are read from cert-manager's *cluster resource namespace* (the controller's
 * `--cluster-resource-namespace`, by default the namespace cert-manager runs in), not from the
 * Certificate's namespace.
 *
 * @example
 * new certManager.ClusterIssuer(chart, 'LetsEncrypt', {
 *   metadata: { name: 'letsencrypt-production' },
 *   config: certManager.IssuerConfig.letsEncrypt({
 *     environment: certManager.LetsEncryptEnvironment.PRODUCTION,
 *     email: 'platform-team@your-domain.com',
 *     solvers: [
 *       // the API token Secret is read from cert-manager's namespace
 *       certManager.AcmeSolver.dns01(certManager.Dns01Provider.cloudflare({
 *         apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
 *       })),
 *     ],
 *   }),
 * });
 */
export class ClusterIssuer extends IssuerBase {
  /**
   * Reference a ClusterIssuer defined outside the app.
   *
   * @param scope scope of the reference
   * @param id construct id of the reference
   * @param name `metadata.name` of the ClusterIssuer
   */
  public static fromClusterIssuerName(scope: Construct, id: string, name: string): IIssuer {
    return new ImportedIssuer(scope, id, { name, kind: 'ClusterIssuer', group: 'cert-manager.io' }, undefined);
  }

  public constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id, props, true);
  }
}
