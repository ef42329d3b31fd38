import { ApiObjectMetadata, Duration } from 'cdk8s';
import { CertificatePrivateKey } from '../cert-manager/certificate';
import { Dns01Provider } from '../cert-manager/dns01-provider';
import { AllowedRoutes } from '../gateway-api/allowed-routes';
import { GatewayTlsOptions } from '../istio/tls-settings';
import { AcmeIssuerChoice } from './acme-issuer-choice';

/** Properties of `WildcardCertificate`. */
export interface WildcardCertificateProps {
  /**
   * `name` of the Certificate (default: the kebab-cased construct id); `namespace`: the
   * namespace of the gateway pods that serve it (Istio reads `credentialName` Secrets there;
   * default: the chart's namespace, else `default`); labels and annotations.
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /** The DNS zone: the certificate covers `*.<zone>` (exactly one label below it). */
  readonly zone: string;
  /**
   * Also cover the zone apex itself (a wildcard does not).
   *
   * @default false
   */
  readonly includeApex?: boolean;
  /**
   * More names in the same certificate, e.g. names of other zones or deeper names
   * (`a.b.<zone>` is not covered by `*.<zone>`). Each is validated by the DNS-01 solver
   * selected for it.
   *
   * @default - none
   */
  readonly additionalDnsNames?: string[];
  /**
   * The ACME issuer: one the pattern creates (`AcmeIssuerChoice.letsEncrypt()`, needs
   * `dns01`) or an issuer of the app (`AcmeIssuerChoice.fromIssuer()`): an ACME issuer gets the
   * `dns01` solver when given, else must already have a DNS-01 solver selected for the names;
   * a CA or Vault issuer signs without challenges.
   */
  readonly issuer: AcmeIssuerChoice;
  /**
   * The DNS provider hosting the zone. The pattern adds a DNS-01 solver for it to the issuer,
   * selected by `dnsZones: [zone]` (plus `dnsNames` for additional names outside the zone), so
   * one issuer can serve several zones through different providers.
   *
   * @default - no solver added; the issuer must already select a DNS-01 solver for the names
   */
  readonly dns01?: Dns01Provider;
  /**
   * Secret cert-manager writes.
   *
   * @default `<name>-tls`
   */
  readonly secretName?: string;
  /**
   * The private key.
   *
   * @default - ECDSA P-256, rotated on every renewal
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Renew this long before expiry.
   *
   * @default - cert-manager's default
   */
  readonly renewBefore?: Duration;
}

/** Options of `WildcardCertificate.addIstioServer()`. */
export interface WildcardIstioServerOptions {
  /**
   * Hosts of the server; each must be covered by the certificate.
   *
   * @default - the certificate's DNS names
   */
  readonly hosts?: string[];
  /**
   * Port name (unique within the gateway).
   *
   * @default - generated from protocol, port and first host
   */
  readonly portName?: string;
  /**
   * TLS settings.
   *
   * @default - TLS 1.2 minimum
   */
  readonly tls?: GatewayTlsOptions;
}

/** Options of `WildcardCertificate.addGatewayApiListener()`. */
export interface WildcardListenerOptions {
  /**
   * Listener name (unique within the Gateway).
   *
   * @default 'https'
   */
  readonly name?: string;
  /**
   * Host name of the listener (covered by the certificate), e.g. `*.example.com`.
   *
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * Port.
   *
   * @default 443
   */
  readonly port?: number;
  /**
   * Which routes may attach.
   *
   * @default AllowedRoutes.fromSameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}
