// DNS-01 providers: how cert-manager writes the `_acme-challenge` TXT record. The providers'
// options are in dns01-provider-options.ts.
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { checkEnum, requireString } from '../private/fields';
import { factory } from '../private/factory';
import { checkDns1123Subdomain, checkEmail } from '../private/names';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import {
  AcmeDnsDns01Options, AkamaiDns01Options, AzureDnsDns01Options, AzureDnsEnvironment, AzureDnsZoneType, CloudDnsDns01Options, CloudflareDns01Options,
  DigitalOceanDns01Options, Dns01ProviderKind, IssuerServiceAccountRef, Rfc2136Dns01Options, Rfc2136Protocol, Route53Dns01Options, WebhookDns01Options,
} from './dns01-provider-options';
import { checkSecretKeySelector, checkServiceAccountRef, secretKeyRef as ref } from './private/credentials';
import { checkNameserver, checkUrl } from './private/servers';

export * from './dns01-provider-options';

const TSIG_ALGORITHMS = ['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'];

/**
 * A DNS-01 provider: how cert-manager writes the `_acme-challenge` TXT record. Pass it to
 * `AcmeSolver.dns01()`. Credentials are only ever referenced by Secret name and key.
 *
 * A wrong option is reported by the issuer the solver is given to, with its path and the field
 * (`[app/Issuer] Dns01Provider.cloudflare: ... (config.solvers[0].dns01.apiTokenSecretRef: ...)`).
 */
export class Dns01Provider {
  /**
   * Cloudflare: an API token (`apiTokenSecretRef`, preferred) or the global API key
   * (`apiKeySecretRef` + `email`).
   */
  public static cloudflare(options: CloudflareDns01Options): Dns01Provider {
    const where = 'Dns01Provider.cloudflare';
    return factory(where, Dns01Provider, () => {
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
    });
  }

  /** AWS Route53: ambient credentials, IRSA (`serviceAccountRef` + `role`), or a static key pair. */
  public static route53(options: Route53Dns01Options = {}): Dns01Provider {
    const where = 'Dns01Provider.route53';
    return factory(where, Dns01Provider, () => {
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
    });
  }

  /** Google Cloud DNS: a service account key Secret, or ambient credentials (Workload Identity). */
  public static cloudDns(options: CloudDnsDns01Options): Dns01Provider {
    const where = 'Dns01Provider.cloudDns';
    return factory(where, Dns01Provider, () => {
      const o = options ?? ({} as CloudDnsDns01Options);
      requireString(where, 'project', o.project, 'set the GCP project that hosts the zone');
      if (o.serviceAccountSecretRef) checkSecretKeySelector(where, 'serviceAccountSecretRef', o.serviceAccountSecretRef);
      if (o.hostedZoneName !== undefined) requireString(where, 'hostedZoneName', o.hostedZoneName, 'set the managed zone name or remove it');
      return new Dns01Provider(Dns01ProviderKind.CLOUD_DNS, {
        cloudDns: { project: o.project, serviceAccountSecretRef: ref(o.serviceAccountSecretRef), hostedZoneName: o.hostedZoneName },
      }, !o.serviceAccountSecretRef);
    });
  }

  /** Azure DNS: a service principal (clientId + tenantId + clientSecretSecretRef), a managed identity, or ambient credentials. */
  public static azureDns(options: AzureDnsDns01Options): Dns01Provider {
    const where = 'Dns01Provider.azureDns';
    return factory(where, Dns01Provider, () => {
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
    });
  }

  /** DigitalOcean: an API token Secret. */
  public static digitalOcean(options: DigitalOceanDns01Options): Dns01Provider {
    const where = 'Dns01Provider.digitalOcean';
    return factory(where, Dns01Provider, () => {
      checkSecretKeySelector(where, 'tokenSecretRef', options?.tokenSecretRef);
      return new Dns01Provider(Dns01ProviderKind.DIGITALOCEAN, { digitalocean: { tokenSecretRef: ref(options.tokenSecretRef)! } }, false);
    });
  }

  /** acme-dns: delegate `_acme-challenge` by CNAME to an acme-dns server. */
  public static acmeDns(options: AcmeDnsDns01Options): Dns01Provider {
    const where = 'Dns01Provider.acmeDns';
    return factory(where, Dns01Provider, () => {
      const o = options ?? ({} as AcmeDnsDns01Options);
      checkUrl(where, 'host', o.host, ['https', 'http'], 'set the URL of the acme-dns server, e.g. "https://auth.acme-dns.io"');
      checkSecretKeySelector(where, 'accountSecretRef', o.accountSecretRef);
      return new Dns01Provider(Dns01ProviderKind.ACME_DNS, { acmeDns: { host: o.host, accountSecretRef: ref(o.accountSecretRef)! } }, false);
    });
  }

  /** RFC2136 dynamic updates to an authoritative name server, optionally TSIG-signed. */
  public static rfc2136(options: Rfc2136Dns01Options): Dns01Provider {
    const where = 'Dns01Provider.rfc2136';
    return factory(where, Dns01Provider, () => {
      const o = options ?? ({} as Rfc2136Dns01Options);
      checkNameserver(where, 'nameserver', o.nameserver);
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
    });
  }

  /** Akamai Edge DNS (all three EdgeGrid credentials are required). */
  public static akamai(options: AkamaiDns01Options): Dns01Provider {
    const where = 'Dns01Provider.akamai';
    return factory(where, Dns01Provider, () => {
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
    });
  }

  /** An out-of-tree provider served by a cert-manager webhook (e.g. for Hetzner, OVH, Gandi). */
  public static webhook(options: WebhookDns01Options): Dns01Provider {
    const where = 'Dns01Provider.webhook';
    return factory(where, Dns01Provider, () => {
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
    });
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

function saRef(s: IssuerServiceAccountRef): { name: string; audiences?: string[] } {
  return { name: s.name, audiences: s.audiences };
}
