// The options of the issuer configurations (`IssuerConfig.*`) and Let's Encrypt's directories.
import type { AcmeSolver } from './acme-solver';
import { SecretKeySelector } from './secret-key-selector';
import type { VaultAuth } from './vault-auth';

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
  /**
   * Contact e-mail registered with the ACME account (expiry and policy notices). Let's Encrypt
   * refuses addresses at example.com/.net/.org and at domains outside the public DNS, and
   * then never registers the account: use an address at a domain you own, or none.
   *
   * @default - the account is registered without a contact
   */
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
