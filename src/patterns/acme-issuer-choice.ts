import { Construct } from 'constructs';
import { ClusterIssuer } from '../cert-manager/cluster-issuer';
import { Issuer } from '../cert-manager/issuer';
import { IssuerConfig, LetsEncryptEnvironment } from '../cert-manager/issuer-config';
import { IIssuer } from '../cert-manager/references';
import { factory } from '../private/factory';
import { fail } from '../validation/error';

/** Options of the Let's Encrypt issuer a pattern creates. */
export interface PatternLetsEncryptOptions {
  /**
   * Staging (untrusted certificates, generous rate limits) or production. Switching this one
   * prop switches the issuer's name, ACME server and account key Secret, and the Certificate's
   * `issuerRef` with them.
   *
   * @default LetsEncryptEnvironment.STAGING
   */
  readonly environment?: LetsEncryptEnvironment;
  /**
   * Contact e-mail of the ACME account.
   *
   * @default - none
   */
  readonly email?: string;
  /**
   * Create a ClusterIssuer instead of an Issuer in the certificate's namespace.
   *
   * @default false
   */
  readonly clusterIssuer?: boolean;
  /**
   * `metadata.name` of the issuer.
   *
   * @default - `<pattern name>-letsencrypt-staging` or `<pattern name>-letsencrypt-production`
   */
  readonly name?: string;
}

/**
 * Which ACME issuer a pattern uses: a Let's Encrypt issuer the pattern creates (staging by
 * default), or an issuer of the app the pattern adds its solvers to.
 */
export class AcmeIssuerChoice {
  /**
   * The pattern creates a Let's Encrypt Issuer (or ClusterIssuer) with the solvers it needs.
   * Each such issuer registers its own ACME account: Let's Encrypt registers at most 10 accounts
   * per IP address every 3 hours (production; the synth warns above that), so for more than a
   * few sites in one cluster share one issuer with `fromIssuer()`.
   */
  public static letsEncrypt(options: PatternLetsEncryptOptions = {}): AcmeIssuerChoice {
    const where = 'AcmeIssuerChoice.letsEncrypt';
    return factory(where, AcmeIssuerChoice, () => {
      const o = options ?? {};
      if (typeof o !== 'object') fail(where, 'options', o, 'must be an object', 'pass { environment, email }');
      const env = o.environment ?? LetsEncryptEnvironment.STAGING;
      if (!Object.values(LetsEncryptEnvironment).includes(env)) {
        fail(where, 'environment', env, 'must be LetsEncryptEnvironment.STAGING or LetsEncryptEnvironment.PRODUCTION', 'use a LetsEncryptEnvironment value');
      }
      if (o.clusterIssuer !== undefined && typeof o.clusterIssuer !== 'boolean') fail(where, 'clusterIssuer', o.clusterIssuer, 'must be a boolean', 'pass true or false');
      return new AcmeIssuerChoice({ ...o, environment: env }, undefined);
    });
  }

  /**
   * Use an issuer of this app. For an ACME issuer the pattern adds the solvers it needs with
   * `addSolver()`, each selected by exact `dnsNames` (or `dnsZones` for DNS-01), so the
   * issuer's other solvers keep serving their names.
   */
  public static fromIssuer(issuer: IIssuer): AcmeIssuerChoice {
    const where = 'AcmeIssuerChoice.fromIssuer';
    return factory(where, AcmeIssuerChoice, () => {
      if (issuer === null || typeof issuer !== 'object' || !issuer.issuerRef) {
        fail(where, 'issuer', issuer, 'an issuer (IIssuer) is required', 'pass an Issuer or ClusterIssuer construct of this app');
      }
      return new AcmeIssuerChoice(undefined, issuer);
    });
  }

  /** The Let's Encrypt environment, when the pattern creates the issuer. */
  public readonly environment?: LetsEncryptEnvironment;
  /** The given issuer, for `fromIssuer()`. */
  public readonly issuer?: IIssuer;

  private constructor(private readonly letsEncryptOptions: PatternLetsEncryptOptions | undefined, issuer: IIssuer | undefined) {
    this.environment = letsEncryptOptions?.environment;
    this.issuer = issuer;
  }

  /**
   * The issuer to use: created under `scope` (id `Issuer`) or the given one.
   *
   * @internal
   */
  public _resolve(scope: Construct, baseName: string, namespace: string, labels?: { [key: string]: string }): IIssuer {
    if (this.issuer) return this.issuer;
    const o = this.letsEncryptOptions!;
    const env = o.environment === LetsEncryptEnvironment.PRODUCTION ? 'production' : 'staging';
    const name = o.name ?? `${baseName}-letsencrypt-${env}`;
    const config = IssuerConfig.letsEncrypt({ environment: o.environment, email: o.email });
    return o.clusterIssuer
      ? new ClusterIssuer(scope, 'Issuer', { metadata: { name, labels }, config })
      : new Issuer(scope, 'Issuer', { metadata: { name, namespace, labels }, config });
  }
}
