import * as cm from '../../imports/cert-manager-cert-manager.io';
import { checkEmail } from '../private/names';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import { AcmeSolver } from './acme-solver';
import {
  checkNoDotDot, checkNonEmptyStrings, checkPemBundle, checkSecretKeySelector, checkSecretName, checkServiceAccountRef, checkUrl, requireString,
} from './checks';
import { IssuerServiceAccountRef } from './dns01-provider';
import { IssuerType, SecretKeySelector } from './references';

/**
 * Let's Encrypt's ACME directories. The value is the `spec.acme.server` URL, so
 * `issuer.acmeServer === LetsEncryptEnvironment.PRODUCTION` tells them apart.
 */
export enum LetsEncryptEnvironment {
  /** Staging: untrusted certificates, generous rate limits. The library's default. */
  STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory',
  /** Production: trusted certificates, 50 certificates per registered domain per week. */
  PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory',
}

/** External Account Binding: ties the ACME account to an account at the CA (ZeroSSL, Google, Sectigo, ...). */
export interface AcmeExternalAccountBinding {
  /** Key ID given by the CA. */
  readonly keyId: string;
  /** Secret key holding the (base64url, unpadded) MAC key given by the CA. */
  readonly keySecretRef: SecretKeySelector;
}

/** Options of every ACME issuer. */
export interface AcmeIssuerBaseOptions {
  /** Contact e-mail registered with the ACME account. @default - none */
  readonly email?: string;
  /**
   * Name of the Secret cert-manager stores the ACME account key in (`privateKeySecretRef`),
   * in the Issuer's namespace (ClusterIssuer: cert-manager's cluster resource namespace).
   * @default - `<issuer name>-account-key`
   */
  readonly privateKeySecretName?: string;
  /** Challenge solvers; more can be added with `addSolver()`. At least one is needed at synth. @default - none */
  readonly solvers?: AcmeSolver[];
  /** Preferred chain, by the Common Name of the topmost certificate (≤ 64 characters). @default - the CA's default chain */
  readonly preferredChain?: string;
  /** ACME certificate profile to request (e.g. Let's Encrypt `tlsserver`, `shortlived`). @default - the CA's default profile */
  readonly profile?: string;
  /** Use the existing account key Secret instead of generating one. @default false */
  readonly disableAccountKeyGeneration?: boolean;
  /** Send the Certificate's `duration` in orders (only some ACME CAs honour it; Let's Encrypt does not). @default false */
  readonly enableDurationFeature?: boolean;
}

/** Options of a Let's Encrypt issuer. */
export interface LetsEncryptIssuerOptions extends AcmeIssuerBaseOptions {
  /** Staging or production. @default LetsEncryptEnvironment.STAGING */
  readonly environment?: LetsEncryptEnvironment;
}

/** Options of an issuer for any ACME CA. */
export interface AcmeIssuerOptions extends AcmeIssuerBaseOptions {
  /** The ACME directory URL (https). */
  readonly server: string;
  /** PEM CA certificate(s) to trust for the ACME server's TLS (base64-encoded for the wire by the library). @default - system trust store */
  readonly caBundle?: string;
  /** Do not verify the ACME server's TLS certificate (dangerous; exclusive with `caBundle`). @default false */
  readonly skipTlsVerify?: boolean;
  /** External Account Binding. @default - none */
  readonly externalAccountBinding?: AcmeExternalAccountBinding;
}

/** Options of a CA issuer (signs with a key pair stored in a Secret). */
export interface CaIssuerOptions {
  /**
   * Secret (type kubernetes.io/tls) holding the CA key pair, in the Issuer's namespace
   * (ClusterIssuer: cert-manager's cluster resource namespace).
   */
  readonly secretName: string;
  /** CRL distribution point URLs written into issued certificates. @default - none */
  readonly crlDistributionPoints?: string[];
  /** OCSP server URLs written into issued certificates. @default - none */
  readonly ocspServers?: string[];
  /** Issuing certificate (AIA) URLs written into issued certificates. @default - none */
  readonly issuingCertificateUrls?: string[];
}

/** Options of a self-signed issuer. */
export interface SelfSignedIssuerOptions {
  /** CRL distribution point URLs written into issued certificates. @default - none */
  readonly crlDistributionPoints?: string[];
}

/** Options of Vault Kubernetes auth. */
export interface VaultKubernetesAuthOptions {
  /** Vault role to log in as. */
  readonly role: string;
  /** Mount path of the Kubernetes auth method. @default '/v1/auth/kubernetes' (cert-manager's default) */
  readonly mountPath?: string;
  /** ServiceAccount whose token cert-manager requests (preferred). Exactly one of this and `secretRef`. @default - none */
  readonly serviceAccountRef?: IssuerServiceAccountRef;
  /** Secret key holding a long-lived ServiceAccount token. Exactly one of this and `serviceAccountRef`. @default - none */
  readonly secretRef?: SecretKeySelector;
}

/** Options of Vault AppRole auth. */
export interface VaultAppRoleAuthOptions {
  /** Mount path of the AppRole auth method. @default 'approle' */
  readonly path?: string;
  /** The AppRole role ID. */
  readonly roleId: string;
  /** Secret key holding the AppRole secret ID. */
  readonly secretRef: SecretKeySelector;
}

/** Options of Vault TLS client-certificate auth (uses `clientCertSecretRef`/`clientKeySecretRef` or `secretName`). */
export interface VaultClientCertificateAuthOptions {
  /** Mount path of the cert auth method. @default '/v1/auth/cert' */
  readonly mountPath?: string;
  /** Name of the certificate role to authenticate against. @default - any matching role */
  readonly name?: string;
  /** Secret (type kubernetes.io/tls) holding the client certificate and key. @default - the Vault issuer's client certificate */
  readonly secretName?: string;
}

/** Options of Vault AWS IAM auth. */
export interface VaultAwsAuthOptions {
  /** Vault role to log in as. */
  readonly role: string;
  /** AWS region. @default - from the environment */
  readonly region?: string;
  /** Mount path of the AWS auth method. @default '/v1/auth/aws' */
  readonly mountPath?: string;
  /** IAM role to assume with the ServiceAccount token (required with `serviceAccountRef`). @default - none */
  readonly iamRoleArn?: string;
  /** ServiceAccount for IRSA. @default - ambient credentials */
  readonly serviceAccountRef?: IssuerServiceAccountRef;
  /** Value of the `X-Vault-AWS-IAM-Server-ID` header. @default - none */
  readonly vaultHeaderValue?: string;
}

/** How cert-manager authenticates to Vault (exactly one method). */
export class VaultAuth {
  /** A Vault token stored in a Secret. */
  public static token(tokenSecretRef: SecretKeySelector): VaultAuth {
    checkSecretKeySelector('VaultAuth.token', 'tokenSecretRef', tokenSecretRef);
    return new VaultAuth({ tokenSecretRef: { name: tokenSecretRef.name, key: tokenSecretRef.key } });
  }

  /** AppRole: role ID plus a secret ID stored in a Secret. */
  public static appRole(options: VaultAppRoleAuthOptions): VaultAuth {
    const where = 'VaultAuth.appRole';
    const o = options ?? ({} as VaultAppRoleAuthOptions);
    requireString(where, 'roleId', o.roleId, 'set the AppRole role ID');
    checkSecretKeySelector(where, 'secretRef', o.secretRef);
    const path = o.path ?? 'approle';
    requireString(where, 'path', path, "set the AppRole mount path, e.g. 'approle'");
    checkNoDotDot(where, 'path', path);
    return new VaultAuth({ appRole: { path, roleId: o.roleId, secretRef: { name: o.secretRef.name, key: o.secretRef.key } } });
  }

  /** Kubernetes auth with a requested ServiceAccount token (`serviceAccountRef`) or a token Secret (`secretRef`). */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    const where = 'VaultAuth.kubernetes';
    const o = options ?? ({} as VaultKubernetesAuthOptions);
    requireString(where, 'role', o.role, 'set the Vault role to log in as');
    if (o.serviceAccountRef && o.secretRef) fail(where, 'secretRef', o.secretRef.name, 'please supply one of: secretRef, serviceAccountRef', 'use serviceAccountRef (short-lived tokens) and remove secretRef');
    if (!o.serviceAccountRef && !o.secretRef) fail(where, 'serviceAccountRef', undefined, 'please supply one of: secretRef, serviceAccountRef', 'reference the ServiceAccount cert-manager requests a token for');
    if (o.serviceAccountRef) checkServiceAccountRef(where, 'serviceAccountRef', o.serviceAccountRef);
    if (o.secretRef) checkSecretKeySelector(where, 'secretRef', o.secretRef);
    if (o.mountPath !== undefined) requireString(where, 'mountPath', o.mountPath, 'set the mount path or remove it');
    checkNoDotDot(where, 'mountPath', o.mountPath);
    return new VaultAuth({
      kubernetes: {
        role: o.role,
        mountPath: o.mountPath,
        serviceAccountRef: o.serviceAccountRef ? { name: o.serviceAccountRef.name, audiences: o.serviceAccountRef.audiences } : undefined,
        secretRef: o.secretRef ? { name: o.secretRef.name, key: o.secretRef.key } : undefined,
      },
    });
  }

  /** TLS client-certificate auth. */
  public static clientCertificate(options: VaultClientCertificateAuthOptions = {}): VaultAuth {
    const where = 'VaultAuth.clientCertificate';
    const o = options ?? {};
    checkNoDotDot(where, 'mountPath', o.mountPath);
    if (o.secretName !== undefined) checkSecretName(where, 'secretName', o.secretName);
    return new VaultAuth({ clientCertificate: { mountPath: o.mountPath, name: o.name, secretName: o.secretName } }, o.secretName === undefined);
  }

  /** AWS IAM auth, optionally with IRSA. */
  public static aws(options: VaultAwsAuthOptions): VaultAuth {
    const where = 'VaultAuth.aws';
    const o = options ?? ({} as VaultAwsAuthOptions);
    requireString(where, 'role', o.role, 'set the Vault role to log in as');
    checkNoDotDot(where, 'mountPath', o.mountPath);
    if (o.serviceAccountRef) {
      checkServiceAccountRef(where, 'serviceAccountRef', o.serviceAccountRef);
      if (!o.iamRoleArn) fail(where, 'iamRoleArn', o.iamRoleArn, 'iamRoleArn is required when using serviceAccountRef for IRSA', 'set the ARN of the IAM role to assume');
    }
    return new VaultAuth({
      aws: {
        role: o.role,
        region: o.region,
        mountPath: o.mountPath,
        iamRoleArn: o.iamRoleArn,
        vaultHeaderValue: o.vaultHeaderValue,
        serviceAccountRef: o.serviceAccountRef ? { name: o.serviceAccountRef.name, audiences: o.serviceAccountRef.audiences } : undefined,
      },
    });
  }

  private constructor(private readonly kube: cm.IssuerSpecVaultAuth, private readonly needsVaultClientCert: boolean = false) {}

  /** Client-certificate auth without its own Secret uses the Vault issuer's client certificate. @internal */
  public get _needsClientCertificate(): boolean {
    return this.needsVaultClientCert;
  }

  /** @internal */
  public _toKube(): cm.IssuerSpecVaultAuth {
    return this.kube;
  }
}

/** Options of a Vault PKI issuer. */
export interface VaultIssuerOptions {
  /** Vault server URL, e.g. `https://vault.example.com:8200`. */
  readonly server: string;
  /** Path of the PKI sign endpoint, e.g. `pki_int/sign/example-dot-com`. */
  readonly path: string;
  /** How cert-manager authenticates. */
  readonly auth: VaultAuth;
  /** PEM CA certificate(s) that signed Vault's TLS certificate (exclusive with `caBundleSecretRef`). @default - system trust store */
  readonly caBundle?: string;
  /** Secret key holding Vault's CA bundle (exclusive with `caBundle`). @default - none */
  readonly caBundleSecretRef?: SecretKeySelector;
  /** Secret key holding a client certificate for mTLS to Vault (with `clientKeySecretRef`). @default - none */
  readonly clientCertSecretRef?: SecretKeySelector;
  /** Secret key holding the client key for mTLS to Vault (with `clientCertSecretRef`). @default - none */
  readonly clientKeySecretRef?: SecretKeySelector;
  /** Vault Enterprise namespace. @default - none */
  readonly vaultNamespace?: string;
  /** SNI server name for the TLS connection to Vault. @default - the host of `server` */
  readonly serverName?: string;
}

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
 */
export class IssuerConfig {
  /** Let's Encrypt, staging unless `environment: LetsEncryptEnvironment.PRODUCTION`. */
  public static letsEncrypt(options: LetsEncryptIssuerOptions = {}): IssuerConfig {
    const o = options ?? {};
    const environment = o.environment ?? LetsEncryptEnvironment.STAGING;
    if (!Object.values(LetsEncryptEnvironment).includes(environment)) {
      fail('IssuerConfig.letsEncrypt', 'environment', environment, 'must be LetsEncryptEnvironment.STAGING or PRODUCTION', 'use a LetsEncryptEnvironment value');
    }
    const { environment: _e, ...rest } = o;
    return IssuerConfig.acmeConfig('IssuerConfig.letsEncrypt', { ...rest, server: environment });
  }

  /** Any ACME CA (step-ca, ZeroSSL, Google Trust Services, ...). */
  public static acme(options: AcmeIssuerOptions): IssuerConfig {
    return IssuerConfig.acmeConfig('IssuerConfig.acme', options);
  }

  /** Sign with a CA key pair stored in a Secret (an internal PKI, e.g. a mesh or multi-cluster CA). */
  public static ca(options: CaIssuerOptions): IssuerConfig {
    const where = 'IssuerConfig.ca';
    const o = options ?? ({} as CaIssuerOptions);
    checkSecretName(where, 'secretName', o.secretName);
    // webhook: entries must be non-empty
    checkNonEmptyStrings(where, 'crlDistributionPoints', o.crlDistributionPoints, 'remove empty entries');
    checkNonEmptyStrings(where, 'ocspServers', o.ocspServers, 'remove empty entries');
    checkNonEmptyStrings(where, 'issuingCertificateUrls', o.issuingCertificateUrls, 'remove empty entries');
    return new IssuerConfig(IssuerType.CA, { ca: o });
  }

  /** Self-signed: each certificate signs itself (typically only to bootstrap a root CA certificate). */
  public static selfSigned(options: SelfSignedIssuerOptions = {}): IssuerConfig {
    const o = options ?? {};
    checkNonEmptyStrings('IssuerConfig.selfSigned', 'crlDistributionPoints', o.crlDistributionPoints, 'remove empty entries');
    return new IssuerConfig(IssuerType.SELF_SIGNED, { selfSigned: o });
  }

  /** HashiCorp Vault PKI. */
  public static vault(options: VaultIssuerOptions): IssuerConfig {
    const where = 'IssuerConfig.vault';
    const o = expectFields(where, '', options ?? ({} as VaultIssuerOptions), { serverName: 'string' });
    const url = checkUrl(where, 'server', o.server, ['https', 'http'], "set the Vault URL, e.g. 'https://vault.example.com:8200'");
    requireString(where, 'path', o.path, "set the PKI sign path, e.g. 'pki_int/sign/example-dot-com'");
    checkNoDotDot(where, 'path', o.path);
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
  }

  private static acmeConfig(where: string, options: AcmeIssuerOptions): IssuerConfig {
    const o = expectFields(where, '', options ?? ({} as AcmeIssuerOptions), {
      email: 'string', privateKeySecretName: 'string', solvers: 'array', disableAccountKeyGeneration: 'boolean', enableDurationFeature: 'boolean', skipTlsVerify: 'boolean',
    });
    checkUrl(where, 'server', o.server, ['https'], "use the https URL of the ACME directory, e.g. LetsEncryptEnvironment.STAGING's");
    if (o.email !== undefined) {
      const problem = checkEmail(String(o.email));
      if (problem) fail(where, 'email', o.email, `e-mail address ${problem}`, 'use a bare address like ops@example.com; the ACME server rejects invalid contacts at registration');
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
