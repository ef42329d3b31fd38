import * as cm from '../../imports/cert-manager-cert-manager.io';
import { checkDns1123Subdomain, checkDnsName, checkEmail, isIpAddress } from '../private/names';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import { checkEnum, checkSecretKeySelector, checkServiceAccountRef, checkUrl, requireString } from './checks';
import { SecretKeySelector } from './references';

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

const TSIG_ALGORITHMS = ['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'];

/**
 * A DNS-01 provider: how cert-manager writes the `_acme-challenge` TXT record. Pass it to
 * `AcmeSolver.dns01()`. Credentials are only ever referenced by Secret name and key.
 */
export class Dns01Provider {
  /**
   * Cloudflare: an API token (`apiTokenSecretRef`, preferred) or the global API key
   * (`apiKeySecretRef` + `email`).
   */
  public static cloudflare(options: CloudflareDns01Options): Dns01Provider {
    const where = 'Dns01Provider.cloudflare';
    const o = options ?? {};
    if (o.apiKeySecretRef && o.apiTokenSecretRef) {
      fail(where, 'apiKeySecretRef', o.apiKeySecretRef.name, 'apiKeySecretRef and apiTokenSecretRef cannot both be specified', 'use only the API token (apiTokenSecretRef)');
    }
    if (!o.apiKeySecretRef && !o.apiTokenSecretRef) {
      fail(where, 'apiTokenSecretRef', undefined, 'apiKeySecretRef or apiTokenSecretRef is required', 'reference a Secret key holding a Cloudflare API token scoped to Zone:DNS:Edit');
    }
    if (o.apiTokenSecretRef) checkSecretKeySelector(where, 'apiTokenSecretRef', o.apiTokenSecretRef);
    if (o.apiKeySecretRef) {
      checkSecretKeySelector(where, 'apiKeySecretRef', o.apiKeySecretRef);
      if (!o.email) fail(where, 'email', o.email, 'email is required when apiKeySecretRef is used', 'set the e-mail of the Cloudflare account, or use an API token instead');
    }
    if (o.email !== undefined) {
      const problem = checkEmail(o.email);
      if (problem) fail(where, 'email', o.email, `e-mail address ${problem}`, 'use the bare e-mail address of the Cloudflare account');
    }
    return new Dns01Provider(Dns01ProviderKind.CLOUDFLARE, {
      cloudflare: {
        apiTokenSecretRef: ref(o.apiTokenSecretRef),
        apiKeySecretRef: ref(o.apiKeySecretRef),
        email: o.email,
      },
    }, false);
  }

  /** AWS Route53: ambient credentials, IRSA (`serviceAccountRef` + `role`), or a static key pair. */
  public static route53(options: Route53Dns01Options = {}): Dns01Provider {
    const where = 'Dns01Provider.route53';
    const o = options ?? {};
    if (o.accessKeyId !== undefined && o.accessKeyIdSecretRef !== undefined) {
      fail(where, 'accessKeyId', o.accessKeyId, 'accessKeyID and accessKeyIDSecretRef cannot both be specified', 'keep only accessKeyIdSecretRef');
    }
    if (o.accessKeyId !== undefined) requireString(where, 'accessKeyId', o.accessKeyId, 'set the access key ID or remove it');
    if (o.accessKeyIdSecretRef) checkSecretKeySelector(where, 'accessKeyIdSecretRef', o.accessKeyIdSecretRef);
    if (o.secretAccessKeySecretRef) checkSecretKeySelector(where, 'secretAccessKeySecretRef', o.secretAccessKeySecretRef);
    const hasKeyId = o.accessKeyId !== undefined || o.accessKeyIdSecretRef !== undefined;
    // cert-manager's route53 provider: "only one of access and secret key was provided"
    if (hasKeyId && !o.secretAccessKeySecretRef) {
      fail(where, 'secretAccessKeySecretRef', undefined, 'only one of access and secret key was provided', 'reference the secret access key as well, or remove the access key ID to use ambient credentials or IRSA');
    }
    if (!hasKeyId && o.secretAccessKeySecretRef) {
      fail(where, 'accessKeyId', undefined, 'only one of access and secret key was provided', 'set accessKeyId or accessKeyIdSecretRef as well');
    }
    if (o.serviceAccountRef) {
      checkServiceAccountRef(where, 'serviceAccountRef', o.serviceAccountRef);
      // cert-manager: "role must be set when web identity token is set"
      if (!o.role) fail(where, 'role', o.role, 'role must be set when a serviceAccountRef (web identity) is used', 'set the ARN of the IAM role the ServiceAccount token is exchanged for');
      if (hasKeyId) {
        fail(where, 'serviceAccountRef', o.serviceAccountRef.name, 'static credentials take precedence, so the serviceAccountRef would be ignored',
          'use either a static key pair or IRSA (serviceAccountRef + role), not both');
      }
    }
    if (o.role !== undefined) requireString(where, 'role', o.role, 'set the role ARN or remove it');
    if (o.region !== undefined) requireString(where, 'region', o.region, 'set the AWS region, e.g. "eu-west-1", or remove it');
    if (o.hostedZoneId !== undefined) requireString(where, 'hostedZoneId', o.hostedZoneId, 'set the hosted zone ID or remove it');
    return new Dns01Provider(Dns01ProviderKind.ROUTE53, {
      route53: {
        region: o.region,
        hostedZoneId: o.hostedZoneId,
        role: o.role,
        accessKeyId: o.accessKeyId,
        accessKeyIdSecretRef: ref(o.accessKeyIdSecretRef),
        secretAccessKeySecretRef: ref(o.secretAccessKeySecretRef),
        auth: o.serviceAccountRef ? { kubernetes: { serviceAccountRef: saRef(o.serviceAccountRef) } } : undefined,
      },
    }, !hasKeyId && !o.serviceAccountRef);
  }

  /** Google Cloud DNS: a service account key Secret, or ambient credentials (Workload Identity). */
  public static cloudDns(options: CloudDnsDns01Options): Dns01Provider {
    const where = 'Dns01Provider.cloudDns';
    const o = options ?? ({} as CloudDnsDns01Options);
    requireString(where, 'project', o.project, 'set the GCP project that hosts the zone');
    if (o.serviceAccountSecretRef) checkSecretKeySelector(where, 'serviceAccountSecretRef', o.serviceAccountSecretRef);
    if (o.hostedZoneName !== undefined) requireString(where, 'hostedZoneName', o.hostedZoneName, 'set the managed zone name or remove it');
    return new Dns01Provider(Dns01ProviderKind.CLOUD_DNS, {
      cloudDns: { project: o.project, serviceAccountSecretRef: ref(o.serviceAccountSecretRef), hostedZoneName: o.hostedZoneName },
    }, !o.serviceAccountSecretRef);
  }

  /** Azure DNS: a service principal (clientId + tenantId + clientSecretSecretRef), a managed identity, or ambient credentials. */
  public static azureDns(options: AzureDnsDns01Options): Dns01Provider {
    const where = 'Dns01Provider.azureDns';
    const o = expectFields(where, '', options ?? ({} as AzureDnsDns01Options), { hostedZoneName: 'string', clientId: 'string', tenantId: 'string', managedIdentity: 'object' });
    expectFields(where, 'managedIdentity', o.managedIdentity, { clientId: 'string', resourceId: 'string', tenantId: 'string' });
    requireString(where, 'subscriptionId', o.subscriptionId, 'set the Azure subscription ID');
    requireString(where, 'resourceGroupName', o.resourceGroupName, 'set the resource group of the DNS zone');
    checkEnum(where, 'environment', o.environment, AzureDnsEnvironment, 'AzureDnsEnvironment');
    checkEnum(where, 'zoneType', o.zoneType, AzureDnsZoneType, 'AzureDnsZoneType');
    const sp = o.clientId !== undefined || o.tenantId !== undefined || o.clientSecretSecretRef !== undefined;
    if (sp) {
      // webhook: if any of clientID, tenantID, clientSecretSecretRef is set, all three are required
      if (!o.clientId) fail(where, 'clientId', o.clientId, 'clientID is required when using a service principal', 'set clientId, tenantId and clientSecretSecretRef together');
      if (!o.tenantId) fail(where, 'tenantId', o.tenantId, 'tenantID is required when using a service principal', 'set clientId, tenantId and clientSecretSecretRef together');
      checkSecretKeySelector(where, 'clientSecretSecretRef', o.clientSecretSecretRef);
      if (o.managedIdentity) {
        fail(where, 'managedIdentity', o.managedIdentity, 'managed identity can not be used at the same time as clientID, clientSecretSecretRef or tenantID',
          'use either the service principal fields or managedIdentity');
      }
    }
    const mi = o.managedIdentity;
    if (mi) {
      if (mi.clientId && mi.resourceId) fail(where, 'managedIdentity.resourceId', mi.resourceId, 'managedIdentityClientID and managedIdentityResourceID cannot both be specified', 'identify the managed identity by clientId or by resourceId');
      if (mi.tenantId && mi.resourceId) fail(where, 'managedIdentity.resourceId', mi.resourceId, 'managedIdentityTenantID and managedIdentityResourceID cannot both be specified', 'identify the managed identity by clientId (+ tenantId) or by resourceId');
      if (mi.tenantId && !mi.clientId) fail(where, 'managedIdentity.clientId', mi.clientId, 'managedIdentityClientID is required when managedIdentityTenantID is set', 'set the client ID of the managed identity');
    }
    return new Dns01Provider(Dns01ProviderKind.AZURE_DNS, {
      azureDns: {
        subscriptionId: o.subscriptionId,
        resourceGroupName: o.resourceGroupName,
        hostedZoneName: o.hostedZoneName,
        environment: o.environment as unknown as cm.IssuerSpecAcmeSolversDns01AzureDnsEnvironment,
        zoneType: o.zoneType as unknown as cm.IssuerSpecAcmeSolversDns01AzureDnsZoneType,
        clientId: o.clientId,
        tenantId: o.tenantId,
        clientSecretSecretRef: ref(o.clientSecretSecretRef),
        managedIdentity: mi ? { clientId: mi.clientId, resourceId: mi.resourceId, tenantId: mi.tenantId } : undefined,
      },
    }, !sp);
  }

  /** DigitalOcean: an API token Secret. */
  public static digitalOcean(options: DigitalOceanDns01Options): Dns01Provider {
    const where = 'Dns01Provider.digitalOcean';
    checkSecretKeySelector(where, 'tokenSecretRef', options?.tokenSecretRef);
    return new Dns01Provider(Dns01ProviderKind.DIGITALOCEAN, { digitalocean: { tokenSecretRef: ref(options.tokenSecretRef)! } }, false);
  }

  /** acme-dns: delegate `_acme-challenge` by CNAME to an acme-dns server. */
  public static acmeDns(options: AcmeDnsDns01Options): Dns01Provider {
    const where = 'Dns01Provider.acmeDns';
    const o = options ?? ({} as AcmeDnsDns01Options);
    checkUrl(where, 'host', o.host, ['https', 'http'], 'set the URL of the acme-dns server, e.g. "https://auth.acme-dns.io"');
    checkSecretKeySelector(where, 'accountSecretRef', o.accountSecretRef);
    return new Dns01Provider(Dns01ProviderKind.ACME_DNS, { acmeDns: { host: o.host, accountSecretRef: ref(o.accountSecretRef)! } }, false);
  }

  /** RFC2136 dynamic updates to an authoritative name server, optionally TSIG-signed. */
  public static rfc2136(options: Rfc2136Dns01Options): Dns01Provider {
    const where = 'Dns01Provider.rfc2136';
    const o = options ?? ({} as Rfc2136Dns01Options);
    checkNameserver(where, o.nameserver);
    if (o.tsigAlgorithm !== undefined && (typeof o.tsigAlgorithm !== 'string' || !TSIG_ALGORITHMS.includes((o.tsigAlgorithm as string).toUpperCase()))) {
      fail(where, 'tsigAlgorithm', o.tsigAlgorithm, `unsupported TSIG algorithm, must be one of ${TSIG_ALGORITHMS.join(', ')}`, 'use an Rfc2136TsigAlgorithm value (HMACSHA256 or HMACSHA512 recommended)');
    }
    checkEnum(where, 'protocol', o.protocol, Rfc2136Protocol, 'Rfc2136Protocol');
    if (o.tsigKeyName !== undefined) {
      requireString(where, 'tsigKeyName', o.tsigKeyName, 'set the TSIG key name or remove it');
      if (!o.tsigSecretSecretRef) fail(where, 'tsigSecretSecretRef', undefined, 'a TSIG secret is required when tsigKeyName is set', 'reference the Secret key holding the TSIG secret');
    }
    if (o.tsigSecretSecretRef) {
      checkSecretKeySelector(where, 'tsigSecretSecretRef', o.tsigSecretSecretRef);
      if (o.tsigKeyName === undefined) fail(where, 'tsigKeyName', undefined, 'tsigKeyName is required when tsigSecretSecretRef is set', 'set the name of the TSIG key');
    }
    return new Dns01Provider(Dns01ProviderKind.RFC2136, {
      rfc2136: {
        nameserver: o.nameserver,
        tsigKeyName: o.tsigKeyName,
        tsigAlgorithm: o.tsigAlgorithm,
        tsigSecretSecretRef: ref(o.tsigSecretSecretRef),
        protocol: o.protocol as unknown as cm.IssuerSpecAcmeSolversDns01Rfc2136Protocol,
      },
    }, false);
  }

  /** Akamai Edge DNS (all three EdgeGrid credentials are required). */
  public static akamai(options: AkamaiDns01Options): Dns01Provider {
    const where = 'Dns01Provider.akamai';
    const o = options ?? ({} as AkamaiDns01Options);
    requireString(where, 'serviceConsumerDomain', o.serviceConsumerDomain, 'set the EdgeGrid API host, e.g. "akab-xxxx.luna.akamaiapis.net"');
    checkSecretKeySelector(where, 'clientTokenSecretRef', o.clientTokenSecretRef);
    checkSecretKeySelector(where, 'clientSecretSecretRef', o.clientSecretSecretRef);
    checkSecretKeySelector(where, 'accessTokenSecretRef', o.accessTokenSecretRef);
    return new Dns01Provider(Dns01ProviderKind.AKAMAI, {
      akamai: {
        serviceConsumerDomain: o.serviceConsumerDomain,
        clientTokenSecretRef: ref(o.clientTokenSecretRef)!,
        clientSecretSecretRef: ref(o.clientSecretSecretRef)!,
        accessTokenSecretRef: ref(o.accessTokenSecretRef)!,
      },
    }, false);
  }

  /** An out-of-tree provider served by a cert-manager webhook (e.g. for Hetzner, OVH, Gandi). */
  public static webhook(options: WebhookDns01Options): Dns01Provider {
    const where = 'Dns01Provider.webhook';
    const o = options ?? ({} as WebhookDns01Options);
    requireString(where, 'groupName', o.groupName, 'set the API group the webhook registered, e.g. "acme.example.com"');
    const groupProblem = checkDns1123Subdomain(o.groupName);
    if (groupProblem) fail(where, 'groupName', o.groupName, `API group ${groupProblem}`, 'use the group name the webhook was installed with');
    requireString(where, 'solverName', o.solverName, 'solver name must be specified: use the name the webhook documents');
    if (o.config !== undefined) {
      if (o.config === null || typeof o.config !== 'object' || Array.isArray(o.config)) {
        fail(where, 'config', o.config, 'must be a JSON object', 'pass the webhook configuration as an object');
      }
      try {
        JSON.stringify(o.config);
      } catch {
        fail(where, 'config', '<unserializable>', 'must be serializable as JSON', 'pass plain values only');
      }
    }
    return new Dns01Provider(Dns01ProviderKind.WEBHOOK, {
      webhook: { groupName: o.groupName, solverName: o.solverName, config: o.config },
    }, false);
  }

  /** Which provider this is. */
  public readonly kind: Dns01ProviderKind;

  private constructor(kind: Dns01ProviderKind, private readonly kube: cm.IssuerSpecAcmeSolversDns01, private readonly ambient: boolean) {
    this.kind = kind;
  }

  /**
   * Whether the provider relies on ambient credentials (no Secret, no ServiceAccount):
   * cert-manager only allows that for namespaced Issuers with `--issuer-ambient-credentials`.
   *
   * @internal
   */
  public get _usesAmbientCredentials(): boolean {
    return this.ambient;
  }

  /** @internal */
  public _toKube(): cm.IssuerSpecAcmeSolversDns01 {
    return this.kube;
  }
}

function ref(s: SecretKeySelector | undefined): { name: string; key: string } | undefined {
  return s ? { name: s.name, key: s.key } : undefined;
}

function saRef(s: IssuerServiceAccountRef): { name: string; audiences?: string[] } {
  return { name: s.name, audiences: s.audiences };
}

/** cert-manager's ValidNameserver: host, host:port, [ipv6], [ipv6]:port; port 1–65535. */
function checkNameserver(where: string, v: string): void {
  const fix = 'use host, host:port, [ipv6] or [ipv6]:port, e.g. "ns1.example.com:53"';
  requireString(where, 'nameserver', v, fix);
  const s = v.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2];
    if (!isIpAddress(host) || !host.includes(':')) fail(where, 'nameserver', v, 'only IPv6 addresses may be bracketed', fix);
  } else if ((s.match(/:/g) ?? []).length > 1) {
    host = s; // bare IPv6 without a port
    if (!isIpAddress(host)) fail(where, 'nameserver', v, 'is not a valid IPv6 address (bracket it when adding a port)', fix);
  } else {
    [host, port] = s.split(':');
    if (host.length === 0) fail(where, 'nameserver', v, 'RFC2136 nameserver has no host defined', fix);
    if (!isIpAddress(host) && checkDnsName(host.toLowerCase().replace(/\.$/, ''), { allowWildcard: false })) {
      fail(where, 'nameserver', v, 'host is neither an IP address nor a DNS name', fix);
    }
  }
  if (port !== undefined && port !== '' && (!/^[0-9]+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    fail(where, 'nameserver', v, 'port must be a number between 1 and 65535', fix);
  }
}

