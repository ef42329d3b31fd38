// What Certificates and the consumers of certificates (Istio, Gateway API, trust-manager,
// patterns) reference: issuers and certificates, by interface.
import { IConstruct } from 'constructs';
import type { AcmeSolver } from './acme-solver';

export * from './secret-key-selector';

/** What `spec.issuerRef` of a Certificate is rendered from. */
export interface IssuerReference {
  /** `metadata.name` of the issuer. */
  readonly name: string;
  /** `Issuer`, `ClusterIssuer`, or an external issuer's kind. */
  readonly kind: string;
  /** API group; `cert-manager.io` for built-in issuers. */
  readonly group: string;
}

/** The type of an issuer, as far as the library knows it (for wiring checks). */
export enum IssuerType {
  /** ACME (Let's Encrypt and others). */
  ACME = 'ACME',
  /** CA issuer signing with a key pair stored in a Secret. */
  CA = 'CA',
  /** Self-signed issuer. */
  SELF_SIGNED = 'SelfSigned',
  /** HashiCorp Vault PKI. */
  VAULT = 'Vault',
  /** Defined elsewhere; the library cannot see its configuration. */
  UNKNOWN = 'Unknown',
}

/**
 * An Issuer or ClusterIssuer a Certificate can name: implemented by `Issuer`,
 * `ClusterIssuer` and the importers `Issuer.fromIssuerName()` /
 * `ClusterIssuer.fromClusterIssuerName()`.
 */
export interface IIssuer extends IConstruct {
  /** Rendered into `spec.issuerRef` of Certificates. */
  readonly issuerRef: IssuerReference;
  /** Namespace of a namespaced `Issuer`; undefined for cluster-scoped issuers. */
  readonly issuerNamespace?: string;
  /** What kind of issuer this is; `UNKNOWN` for imported issuers. */
  readonly issuerType: IssuerType;
  /**
   * The ACME server URL of an ACME issuer (compare with `LetsEncryptEnvironment` to tell
   * Let's Encrypt staging and production apart); undefined for other and imported issuers.
   */
  readonly acmeServer?: string;
  /** The ACME solvers of an ACME issuer, in order; empty for other and imported issuers. */
  readonly acmeSolvers: AcmeSolver[];
  /**
   * The solver cert-manager would select for `dnsName` on a Certificate carrying
   * `certificateLabels`, exactly as cert-manager's solver picker does (wildcard names are
   * only offered DNS-01 by public CAs); undefined when none would be selected, and for
   * non-ACME or imported issuers.
   *
   * @param dnsName a DNS name of the Certificate, e.g. `shop.example.com` or `*.example.com`
   * @param certificateLabels `metadata.labels` of the Certificate (matched by `selector.matchLabels`)
   */
  solverFor(dnsName: string, certificateLabels?: { [key: string]: string }): AcmeSolver | undefined;
}

/**
 * A certificate whose Secret other resources consume (Gateway `credentialName`, Gateway API
 * `certificateRefs`, `cacerts`): implemented by `Certificate`.
 */
export interface ICertificate extends IConstruct {
  /** Name of the Secret cert-manager writes the key pair to. */
  readonly secretName: string;
  /** Namespace of the Certificate, and so of its Secret. */
  readonly namespace: string;
  /** DNS names the certificate covers (may include `*.` wildcards). */
  readonly dnsNames: string[];
  /** The issuer named by the certificate, when known. */
  readonly issuer?: IIssuer;
}
