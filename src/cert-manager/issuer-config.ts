// The kind of CA an Issuer or ClusterIssuer is (`IssuerConfig.*`), and how it renders into the
// issuer's spec. The configurations' options are in issuer-config-options.ts.
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { requireArray, requireString } from '../private/fields';
import { factory, receive, receiveAll } from '../private/factory';
import { acmeContactProblem } from '../private/letsencrypt';
import { expectFields } from '../private/types';
import { fail, Where } from '../validation/error';
import { AcmeSolver } from './acme-solver';
import {
  AcmeIssuerOptions, CaIssuerOptions, LetsEncryptEnvironment, LetsEncryptIssuerOptions, SelfSignedIssuerOptions, VaultIssuerOptions,
} from './issuer-config-options';
import { checkSecretKeySelector, checkSecretName } from './private/credentials';
import { checkNoDotDot, checkPemBundle, checkUrl } from './private/servers';
import { IssuerType } from './references';
import { VaultAuth } from './vault-auth';

export * from './issuer-config-options';

/** What the Issuer/ClusterIssuer renders from a config, given its resolved name. @internal */
interface Rendered {
  readonly acme?: AcmeIssuerOptions;
  readonly ca?: CaIssuerOptions;
  readonly selfSigned?: SelfSignedIssuerOptions;
  readonly vault?: VaultIssuerOptions;
}

/**
 * The kind of CA an `Issuer`/`ClusterIssuer` is: exactly one of ACME (`acme`, `letsEncrypt`),
 * `ca`, `selfSigned` or `vault`.
 *
 * A wrong option is reported by the issuer the config is given to, with its path and the field
 * (`[app/Issuer] IssuerConfig.acme: ... (config.server: ...)`).
 */
export class IssuerConfig {
  /** Let's Encrypt, staging unless `environment: LetsEncryptEnvironment.PRODUCTION`. */
  public static letsEncrypt(options: LetsEncryptIssuerOptions = {}): IssuerConfig {
    return factory('IssuerConfig.letsEncrypt', IssuerConfig, () => {
      const o = options ?? {};
      const environment = o.environment ?? LetsEncryptEnvironment.STAGING;
      if (!Object.values(LetsEncryptEnvironment).includes(environment)) {
        fail('IssuerConfig.letsEncrypt', 'environment', environment, 'must be LetsEncryptEnvironment.STAGING or PRODUCTION', 'use a LetsEncryptEnvironment value');
      }
      const { environment: _e, ...rest } = o;
      return IssuerConfig.acmeConfig('IssuerConfig.letsEncrypt', { ...rest, server: environment });
    });
  }

  /** Any ACME CA (step-ca, ZeroSSL, Google Trust Services, ...). */
  public static acme(options: AcmeIssuerOptions): IssuerConfig {
    return factory('IssuerConfig.acme', IssuerConfig, () => IssuerConfig.acmeConfig('IssuerConfig.acme', options));
  }

  /** Sign with a CA key pair stored in a Secret (an internal PKI, e.g. a mesh or multi-cluster CA). */
  public static ca(options: CaIssuerOptions): IssuerConfig {
    const where = 'IssuerConfig.ca';
    return factory(where, IssuerConfig, () => {
      const o = options ?? ({} as CaIssuerOptions);
      checkSecretName(where, 'secretName', o.secretName);
      // webhook: entries must be non-empty
      checkNonEmptyStrings(where, 'crlDistributionPoints', o.crlDistributionPoints);
      checkNonEmptyStrings(where, 'ocspServers', o.ocspServers);
      checkNonEmptyStrings(where, 'issuingCertificateUrls', o.issuingCertificateUrls);
      return new IssuerConfig(IssuerType.CA, { ca: o });
    });
  }

  /** Self-signed: each certificate signs itself (typically only to bootstrap a root CA certificate). */
  public static selfSigned(options: SelfSignedIssuerOptions = {}): IssuerConfig {
    return factory('IssuerConfig.selfSigned', IssuerConfig, () => {
      const o = options ?? {};
      checkNonEmptyStrings('IssuerConfig.selfSigned', 'crlDistributionPoints', o.crlDistributionPoints);
      return new IssuerConfig(IssuerType.SELF_SIGNED, { selfSigned: o });
    });
  }

  /** HashiCorp Vault PKI. */
  public static vault(options: VaultIssuerOptions): IssuerConfig {
    const where = 'IssuerConfig.vault';
    return factory(where, IssuerConfig, () => {
      const o = expectFields(where, '', options ?? ({} as VaultIssuerOptions), { serverName: 'string' });
      const url = checkUrl(where, 'server', o.server, ['https', 'http'], "set the Vault URL, e.g. 'https://vault.example.com:8200'");
      requireString(where, 'path', o.path, "set the PKI sign path, e.g. 'pki_int/sign/example-dot-com'");
      checkNoDotDot(where, 'path', o.path);
      receive(where, 'auth', o.auth);
      if (!(o.auth instanceof VaultAuth)) fail(where, 'auth', o.auth, 'auth is required', 'use VaultAuth.kubernetes(...), VaultAuth.appRole(...) or VaultAuth.token(...)');
      if (o.caBundle !== undefined && o.caBundleSecretRef !== undefined) {
        fail(where, 'caBundleSecretRef', o.caBundleSecretRef.name, 'specified caBundle and caBundleSecretRef cannot be used together', 'keep only one of them');
      }
      if (o.caBundle !== undefined) checkPemBundle(where, 'caBundle', o.caBundle);
      if (o.caBundleSecretRef) checkSecretKeySelector(where, 'caBundleSecretRef', o.caBundleSecretRef);
      if ((o.clientCertSecretRef === undefined) !== (o.clientKeySecretRef === undefined)) {
        const missing = o.clientCertSecretRef === undefined ? 'clientCertSecretRef' : 'clientKeySecretRef';
        fail(where, missing, undefined, 'clientCertSecretRef and clientKeySecretRef must be provided together', `set ${missing} as well`);
      }
      if (o.clientCertSecretRef) checkSecretKeySelector(where, 'clientCertSecretRef', o.clientCertSecretRef);
      if (o.clientKeySecretRef) checkSecretKeySelector(where, 'clientKeySecretRef', o.clientKeySecretRef);
      if (o.auth._needsClientCertificate && !o.clientCertSecretRef) {
        fail(where, 'auth', 'clientCertificate', 'client-certificate auth without a secretName uses clientCertSecretRef/clientKeySecretRef, which are not set',
          'set clientCertSecretRef and clientKeySecretRef, or secretName in VaultAuth.clientCertificate()');
      }
      if (o.vaultNamespace !== undefined) requireString(where, 'vaultNamespace', o.vaultNamespace, 'set the Vault namespace or remove it');
      const config = new IssuerConfig(IssuerType.VAULT, { vault: o });
      if (url.protocol === 'http:') config.warnings.push(`Vault server ${JSON.stringify(o.server)} is plain HTTP: tokens and issued keys' CSRs travel unencrypted — use https`);
      return config;
    });
  }

  private static acmeConfig(where: string, options: AcmeIssuerOptions): IssuerConfig {
    const o = expectFields(where, '', options ?? ({} as AcmeIssuerOptions), {
      email: 'string', privateKeySecretName: 'string', solvers: 'array', disableAccountKeyGeneration: 'boolean', enableDurationFeature: 'boolean', skipTlsVerify: 'boolean',
    });
    checkUrl(where, 'server', o.server, ['https'], "use the https URL of the ACME directory, e.g. LetsEncryptEnvironment.STAGING's");
    if (o.email !== undefined) {
      const contact = acmeContactProblem(o.server, String(o.email));
      if (contact) fail(where, 'email', o.email, contact.problem, contact.fix);
    }
    if (o.privateKeySecretName !== undefined) checkSecretName(where, 'privateKeySecretName', o.privateKeySecretName);
    if (o.caBundle !== undefined && o.skipTlsVerify) {
      fail(where, 'skipTlsVerify', o.skipTlsVerify, 'caBundle and skipTLSVerify are mutually exclusive', 'keep caBundle and remove skipTlsVerify');
    }
    if (o.caBundle !== undefined) checkPemBundle(where, 'caBundle', o.caBundle);
    if (o.preferredChain !== undefined) {
      requireString(where, 'preferredChain', o.preferredChain, "use the CN of the preferred root, e.g. 'ISRG Root X1'");
      if (o.preferredChain.length > 64) fail(where, 'preferredChain', o.preferredChain, 'must be at most 64 characters', 'use the Common Name of the topmost certificate of the chain');
    }
    if (o.profile !== undefined) requireString(where, 'profile', o.profile, "use a profile the CA offers, e.g. 'tlsserver'");
    const eab = o.externalAccountBinding;
    if (eab !== undefined) {
      requireString(where, 'externalAccountBinding.keyId', eab.keyId, 'the keyID field is required when using externalAccountBinding: copy it from the CA');
      checkSecretKeySelector(where, 'externalAccountBinding.keySecretRef', eab.keySecretRef);
    }
    receiveAll(where, 'solvers', o.solvers);
    (o.solvers ?? []).forEach((s, i) => {
      if (!(s instanceof AcmeSolver)) fail(where, `solvers[${i}]`, s, 'must be an AcmeSolver', 'create solvers with AcmeSolver.http01Ingress(), .http01GatewayHttpRoute() or .dns01()');
    });
    const config = new IssuerConfig(IssuerType.ACME, { acme: o });
    if (o.skipTlsVerify) config.warnings.push('skipTlsVerify disables TLS verification of the ACME server: a man in the middle can issue your certificates — pass caBundle instead');
    return config;
  }

  /** The issuer type. */
  public readonly issuerType: IssuerType;
  /** The ACME server URL, for ACME configs. */
  public readonly acmeServer?: string;
  /** The ACME solvers given here (an issuer may add more). */
  public readonly solvers: AcmeSolver[];
  /** Warnings to attach to the issuer that uses this config. */
  private readonly warnings: string[] = [];

  private constructor(issuerType: IssuerType, private readonly rendered: Rendered) {
    this.issuerType = issuerType;
    this.acmeServer = rendered.acme?.server;
    this.solvers = [...(rendered.acme?.solvers ?? [])];
  }

  /** Warnings for the issuer that uses this config. @internal */
  public get _warnings(): string[] {
    return [...this.warnings];
  }

  /** The Secret a CA issuer signs with. @internal */
  public get _caSecretName(): string | undefined {
    return this.rendered.ca?.secretName;
  }

  /** Whether the ACME issuer sends `duration` in orders. @internal */
  public get _acmeDurationFeature(): boolean {
    return this.rendered.acme?.enableDurationFeature === true;
  }

  /** Name of the ACME account key Secret of an issuer named `issuerName` (default `<issuer name>-account-key`). @internal */
  public _accountKeySecretName(issuerName: string): string | undefined {
    if (!this.rendered.acme) return undefined;
    return this.rendered.acme.privateKeySecretName ?? `${issuerName}-account-key`;
  }

  /**
   * The spec, for an issuer named `issuerName` whose current solvers are `solvers`.
   * @internal
   */
  public _toKube(issuerName: string, solvers: AcmeSolver[]): cm.IssuerSpec {
    const { acme, ca, selfSigned, vault } = this.rendered;
    if (acme) {
      return {
        acme: {
          server: acme.server,
          email: acme.email,
          privateKeySecretRef: { name: this._accountKeySecretName(issuerName)! },
          solvers: solvers.length > 0 ? solvers.map((s) => s._toKube()) : undefined,
          preferredChain: acme.preferredChain,
          profile: acme.profile,
          disableAccountKeyGeneration: acme.disableAccountKeyGeneration,
          enableDurationFeature: acme.enableDurationFeature,
          caBundle: acme.caBundle !== undefined ? Buffer.from(acme.caBundle, 'utf8').toString('base64') : undefined,
          skipTlsVerify: acme.skipTlsVerify,
          externalAccountBinding: acme.externalAccountBinding ? {
            keyId: acme.externalAccountBinding.keyId,
            keySecretRef: { name: acme.externalAccountBinding.keySecretRef.name, key: acme.externalAccountBinding.keySecretRef.key },
          } : undefined,
        },
      };
    }
    if (ca) {
      return {
        ca: {
          secretName: ca.secretName,
          crlDistributionPoints: ca.crlDistributionPoints,
          ocspServers: ca.ocspServers,
          issuingCertificateUrLs: ca.issuingCertificateUrls,
        },
      };
    }
    if (selfSigned) return { selfSigned: { crlDistributionPoints: selfSigned.crlDistributionPoints } };
    const v = vault!;
    return {
      vault: {
        server: v.server,
        path: v.path,
        auth: v.auth._toKube(),
        caBundle: v.caBundle !== undefined ? Buffer.from(v.caBundle, 'utf8').toString('base64') : undefined,
        caBundleSecretRef: v.caBundleSecretRef ? { name: v.caBundleSecretRef.name, key: v.caBundleSecretRef.key } : undefined,
        clientCertSecretRef: v.clientCertSecretRef ? { name: v.clientCertSecretRef.name, key: v.clientCertSecretRef.key } : undefined,
        clientKeySecretRef: v.clientKeySecretRef ? { name: v.clientKeySecretRef.name, key: v.clientKeySecretRef.key } : undefined,
        namespace: v.vaultNamespace,
        serverName: v.serverName,
      },
    };
  }
}

/** A list of non-empty strings (the webhook rejects empty entries), or undefined. */
function checkNonEmptyStrings(where: Where, field: string, list: string[] | undefined): void {
  requireArray(where, field, list, { fix: 'pass a list of strings' }).forEach((v, i) => requireString(where, `${field}[${i}]`, v, 'remove empty entries'));
}
