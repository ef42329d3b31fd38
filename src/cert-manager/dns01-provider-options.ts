// The options of the DNS-01 providers (`Dns01Provider.*`): what each provider's factory takes.
import { SecretKeySelector } from './secret-key-selector';

/** The DNS-01 providers cert-manager has built in, named as in `spec.acme.solvers[].dns01`. */
export enum Dns01ProviderKind {
  /** `acmeDNS` (joohoi/acme-dns). */
  ACME_DNS = 'acmeDNS',
  /** `akamai` (Akamai Edge DNS). */
  AKAMAI = 'akamai',
  /** `azureDNS`. */
  AZURE_DNS = 'azureDNS',
  /** `cloudDNS` (Google Cloud DNS). */
  CLOUD_DNS = 'cloudDNS',
  /** `cloudflare`. */
  CLOUDFLARE = 'cloudflare',
  /** `digitalocean`. */
  DIGITALOCEAN = 'digitalocean',
  /** `rfc2136` (TSIG-authenticated dynamic DNS updates). */
  RFC2136 = 'rfc2136',
  /** `route53` (AWS). */
  ROUTE53 = 'route53',
  /** `webhook` (out-of-tree provider). */
  WEBHOOK = 'webhook',
}

/** A Kubernetes ServiceAccount whose projected token cert-manager requests (IRSA, Vault Kubernetes auth). */
export interface IssuerServiceAccountRef {
  /** Name of the ServiceAccount, in the issuer's namespace (ClusterIssuer: cert-manager's cluster resource namespace). */
  readonly name: string;
  /**
   * Audiences of the requested token.
   * @default - cert-manager's default audience for the provider
   */
  readonly audiences?: string[];
}

/** Options of the Cloudflare provider: exactly one of an API token or an API key (+ e-mail). */
export interface CloudflareDns01Options {
  /** Secret key holding a Cloudflare API token (preferred: can be scoped to Zone:DNS:Edit). @default - none */
  readonly apiTokenSecretRef?: SecretKeySelector;
  /** Secret key holding the global Cloudflare API key; requires `email`. @default - none */
  readonly apiKeySecretRef?: SecretKeySelector;
  /** E-mail of the Cloudflare account; required with `apiKeySecretRef`. @default - none */
  readonly email?: string;
}

/**
 * Options of the Route53 provider. Credentials: none (ambient — node role or pod identity),
 * IRSA (`serviceAccountRef` + `role`), or a static key pair (`accessKeyId` or
 * `accessKeyIdSecretRef`, plus `secretAccessKeySecretRef`).
 */
export interface Route53Dns01Options {
  /** AWS region. @default - from the environment of the cert-manager controller */
  readonly region?: string;
  /** Hosted zone to update; skips the zone lookup (and the `route53:ListHostedZonesByName` permission). @default - looked up */
  readonly hostedZoneId?: string;
  /** IAM role to assume (required with `serviceAccountRef`). @default - no role assumed */
  readonly role?: string;
  /**
   * ServiceAccount whose token is exchanged for `role` (IRSA without annotating cert-manager's
   * own ServiceAccount); rendered as `auth.kubernetes.serviceAccountRef`.
   * @default - none
   */
  readonly serviceAccountRef?: IssuerServiceAccountRef;
  /** Static access key ID (an identifier, not the secret). @default - none */
  readonly accessKeyId?: string;
  /** Secret key holding the access key ID (instead of `accessKeyId`). @default - none */
  readonly accessKeyIdSecretRef?: SecretKeySelector;
  /** Secret key holding the secret access key (with a static access key ID). @default - none */
  readonly secretAccessKeySecretRef?: SecretKeySelector;
}

/** Options of the Google Cloud DNS provider. */
export interface CloudDnsDns01Options {
  /** GCP project that hosts the zone. */
  readonly project: string;
  /** Secret key holding a service account JSON key. @default - ambient credentials (Workload Identity) */
  readonly serviceAccountSecretRef?: SecretKeySelector;
  /** Managed zone name; skips the zone lookup. @default - looked up */
  readonly hostedZoneName?: string;
}

/** Azure cloud environments. */
export enum AzureDnsEnvironment {
  /** Azure public cloud. */
  AZURE_PUBLIC_CLOUD = 'AzurePublicCloud',
  /** Azure China. */
  AZURE_CHINA_CLOUD = 'AzureChinaCloud',
  /** Azure Germany. */
  AZURE_GERMAN_CLOUD = 'AzureGermanCloud',
  /** Azure US Government. */
  AZURE_US_GOVERNMENT_CLOUD = 'AzureUSGovernmentCloud',
}

/** Azure DNS zone types. */
export enum AzureDnsZoneType {
  /** Public zone. */
  AZURE_PUBLIC_ZONE = 'AzurePublicZone',
  /** Private zone. */
  AZURE_PRIVATE_ZONE = 'AzurePrivateZone',
}

/** Azure managed identity (AAD Pod Identity / Workload Identity). */
export interface AzureManagedIdentity {
  /** Client ID of the identity. @default - none */
  readonly clientId?: string;
  /** Resource ID of the identity (exclusive with `clientId` and `tenantId`). @default - none */
  readonly resourceId?: string;
  /** Tenant ID (requires `clientId`). @default - none */
  readonly tenantId?: string;
}

/** Options of the Azure DNS provider. */
export interface AzureDnsDns01Options {
  /** Azure subscription ID. */
  readonly subscriptionId: string;
  /** Resource group of the zone. */
  readonly resourceGroupName: string;
  /** Zone name. @default - looked up */
  readonly hostedZoneName?: string;
  /** Azure cloud. @default AzureDnsEnvironment.AZURE_PUBLIC_CLOUD */
  readonly environment?: AzureDnsEnvironment;
  /** Zone type. @default AzureDnsZoneType.AZURE_PUBLIC_ZONE */
  readonly zoneType?: AzureDnsZoneType;
  /** Service principal client ID (with `tenantId` and `clientSecretSecretRef`). @default - none */
  readonly clientId?: string;
  /** Service principal tenant ID. @default - none */
  readonly tenantId?: string;
  /** Secret key holding the service principal's client secret. @default - none */
  readonly clientSecretSecretRef?: SecretKeySelector;
  /** Managed identity (exclusive with the service principal fields). @default - none */
  readonly managedIdentity?: AzureManagedIdentity;
}

/** Options of the DigitalOcean provider. */
export interface DigitalOceanDns01Options {
  /** Secret key holding a DigitalOcean API token. */
  readonly tokenSecretRef: SecretKeySelector;
}

/** Options of the acme-dns provider. */
export interface AcmeDnsDns01Options {
  /** URL of the acme-dns server, e.g. `https://auth.acme-dns.io`. */
  readonly host: string;
  /** Secret key holding the acme-dns account JSON. */
  readonly accountSecretRef: SecretKeySelector;
}

/** TSIG algorithms cert-manager accepts for RFC2136. */
export enum Rfc2136TsigAlgorithm {
  /** HMAC-MD5 (legacy). */
  HMACMD5 = 'HMACMD5',
  /** HMAC-SHA1. */
  HMACSHA1 = 'HMACSHA1',
  /** HMAC-SHA256. */
  HMACSHA256 = 'HMACSHA256',
  /** HMAC-SHA512. */
  HMACSHA512 = 'HMACSHA512',
}

/** Transport of RFC2136 updates. */
export enum Rfc2136Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
}

/** Options of the RFC2136 provider. */
export interface Rfc2136Dns01Options {
  /** Authoritative name server: `host`, `host:port`, `[ipv6]` or `[ipv6]:port` (default port 53). */
  readonly nameserver: string;
  /** TSIG key name (requires `tsigSecretSecretRef`). @default - unsigned updates */
  readonly tsigKeyName?: string;
  /** TSIG algorithm. @default Rfc2136TsigAlgorithm.HMACMD5 (cert-manager's default) */
  readonly tsigAlgorithm?: Rfc2136TsigAlgorithm;
  /** Secret key holding the TSIG secret (requires `tsigKeyName`). @default - none */
  readonly tsigSecretSecretRef?: SecretKeySelector;
  /** Transport. @default Rfc2136Protocol.UDP */
  readonly protocol?: Rfc2136Protocol;
}

/** Options of the Akamai Edge DNS provider (all credentials required). */
export interface AkamaiDns01Options {
  /** Akamai service consumer domain (API host). */
  readonly serviceConsumerDomain: string;
  /** Secret key holding the client token. */
  readonly clientTokenSecretRef: SecretKeySelector;
  /** Secret key holding the client secret. */
  readonly clientSecretSecretRef: SecretKeySelector;
  /** Secret key holding the access token. */
  readonly accessTokenSecretRef: SecretKeySelector;
}

/** Options of a webhook (out-of-tree) DNS-01 provider. */
export interface WebhookDns01Options {
  /** API group of the webhook solver, e.g. `acme.example.com`. */
  readonly groupName: string;
  /** Name of the solver within the webhook. */
  readonly solverName: string;
  /**
   * Free-form configuration passed to the webhook (JSON object). Reference credentials by
   * Secret name; never put them here.
   * @default - none
   */
  readonly config?: { [key: string]: any };
}

