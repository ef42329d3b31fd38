import {
  AcmeSolver, AzureDnsEnvironment, AzureDnsZoneType, ClusterIssuer, Dns01Provider, Dns01ProviderKind, Issuer, IssuerConfig, Rfc2136Protocol, Rfc2136TsigAlgorithm,
} from '../../src/cert-manager';
import { Warnings } from '../../src/validation';
import { doc, newChart, synthValid } from '../util/expect';
import { expectReceived } from './given';

const ref = (name: string, key = 'key') => ({ name, key });

/** Render a provider through a ClusterIssuer and return `spec.acme.solvers[0].dns01`. */
function render(provider: Dns01Provider): any {
  const { chart } = newChart();
  new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(provider)] }) });
  return doc(synthValid(chart), 'ClusterIssuer').spec.acme.solvers[0].dns01;
}

describe('Dns01Provider', () => {
  test('cloudflare with an API token', () => {
    const p = Dns01Provider.cloudflare({ apiTokenSecretRef: ref('cloudflare-api-token', 'api-token'), email: 'dns@example.com' });
    expect(p.kind).toBe(Dns01ProviderKind.CLOUDFLARE);
    expect(render(p)).toEqual({ cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' }, email: 'dns@example.com' } });
  });
  test('cloudflare with an API key and e-mail', () => {
    expect(render(Dns01Provider.cloudflare({ apiKeySecretRef: ref('cf', 'api-key'), email: 'dns@example.com' })))
      .toEqual({ cloudflare: { apiKeySecretRef: { name: 'cf', key: 'api-key' }, email: 'dns@example.com' } });
  });
  test('route53 with IRSA, region, hosted zone and role', () => {
    expect(render(Dns01Provider.route53({
      region: 'eu-west-1', hostedZoneId: 'Z123', role: 'arn:aws:iam::1:role/dns', serviceAccountRef: { name: 'cert-manager-dns', audiences: ['sts.amazonaws.com'] },
    }))).toEqual({
      route53: {
        region: 'eu-west-1', hostedZoneID: 'Z123', role: 'arn:aws:iam::1:role/dns',
        auth: { kubernetes: { serviceAccountRef: { name: 'cert-manager-dns', audiences: ['sts.amazonaws.com'] } } },
      },
    });
  });
  test('route53 with a static key pair (the seed walkthrough)', () => {
    expect(render(Dns01Provider.route53({ region: 'ca-central-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKeySecretRef: ref('prod-route53-credentials-secret', 'secret-access-key') })))
      .toEqual({ route53: { region: 'ca-central-1', accessKeyID: 'AKIAEXAMPLE', secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' } } });
    expect(render(Dns01Provider.route53({ accessKeyIdSecretRef: ref('aws', 'id'), secretAccessKeySecretRef: ref('aws', 'secret') })).route53.accessKeyIDSecretRef)
      .toEqual({ name: 'aws', key: 'id' });
  });
  test('cloudDns, azureDns, digitalOcean, acmeDns, rfc2136, akamai, webhook', () => {
    expect(render(Dns01Provider.cloudDns({ project: 'my-project', serviceAccountSecretRef: ref('clouddns', 'key.json'), hostedZoneName: 'zone' })))
      .toEqual({ cloudDNS: { project: 'my-project', serviceAccountSecretRef: { name: 'clouddns', key: 'key.json' }, hostedZoneName: 'zone' } });
    expect(render(Dns01Provider.azureDns({
      subscriptionId: 'sub', resourceGroupName: 'rg', hostedZoneName: 'example.com', environment: AzureDnsEnvironment.AZURE_PUBLIC_CLOUD,
      zoneType: AzureDnsZoneType.AZURE_PRIVATE_ZONE, managedIdentity: { clientId: 'cid' },
    }))).toEqual({ azureDNS: { subscriptionID: 'sub', resourceGroupName: 'rg', hostedZoneName: 'example.com', environment: 'AzurePublicCloud', zoneType: 'AzurePrivateZone', managedIdentity: { clientID: 'cid' } } });
    expect(render(Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', clientId: 'c', tenantId: 't', clientSecretSecretRef: ref('azure', 'secret') })).azureDNS)
      .toMatchObject({ clientID: 'c', tenantID: 't', clientSecretSecretRef: { name: 'azure', key: 'secret' } });
    expect(render(Dns01Provider.digitalOcean({ tokenSecretRef: ref('do', 'token') }))).toEqual({ digitalocean: { tokenSecretRef: { name: 'do', key: 'token' } } });
    expect(render(Dns01Provider.acmeDns({ host: 'https://auth.acme-dns.io', accountSecretRef: ref('acme-dns', 'acmedns.json') })))
      .toEqual({ acmeDNS: { host: 'https://auth.acme-dns.io', accountSecretRef: { name: 'acme-dns', key: 'acmedns.json' } } });
    expect(render(Dns01Provider.rfc2136({ nameserver: '[2001:db8::1]:53', tsigKeyName: 'k', tsigAlgorithm: Rfc2136TsigAlgorithm.HMACSHA512, tsigSecretSecretRef: ref('tsig', 'secret'), protocol: Rfc2136Protocol.TCP })))
      .toEqual({ rfc2136: { nameserver: '[2001:db8::1]:53', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA512', tsigSecretSecretRef: { name: 'tsig', key: 'secret' }, protocol: 'TCP' } });
    expect(render(Dns01Provider.akamai({ serviceConsumerDomain: 'akab.example.net', clientTokenSecretRef: ref('ak', 'ct'), clientSecretSecretRef: ref('ak', 'cs'), accessTokenSecretRef: ref('ak', 'at') })).akamai)
      .toEqual({ serviceConsumerDomain: 'akab.example.net', clientTokenSecretRef: { name: 'ak', key: 'ct' }, clientSecretSecretRef: { name: 'ak', key: 'cs' }, accessTokenSecretRef: { name: 'ak', key: 'at' } });
    expect(render(Dns01Provider.webhook({ groupName: 'acme.example.com', solverName: 'hetzner', config: { secretName: 'hetzner', zoneName: 'example.com', ttl: 60 } })))
      .toEqual({ webhook: { groupName: 'acme.example.com', solverName: 'hetzner', config: { secretName: 'hetzner', zoneName: 'example.com', ttl: 60 } } });
  });
  test('rfc2136 accepts host, host:port, [ipv6] and bare ipv6', () => {
    for (const ns of ['ns1.example.com', 'ns1.example.com:5353', '10.0.0.1:53', '[2001:db8::1]', '2001:db8::1']) {
      expect(() => Dns01Provider.rfc2136({ nameserver: ns })).not.toThrow();
    }
  });
  test('warns when a namespaced Issuer relies on ambient credentials, not a ClusterIssuer', () => {
    const { chart } = newChart();
    new Issuer(chart, 'Ns', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(Dns01Provider.route53({ region: 'eu-west-1' }))] }) });
    new ClusterIssuer(chart, 'Cluster', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(Dns01Provider.cloudDns({ project: 'p' }))] }) });
    const warnings = Warnings.collect(chart);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[test\/Ns\] the route53 solver uses ambient credentials.*--issuer-ambient-credentials/);
  });
});

describe('Dns01Provider validation', () => {
  test('fails if a secret reference has no key', () => {
    expectReceived(() => Dns01Provider.digitalOcean({ tokenSecretRef: { name: 'do', key: '' } }),
      { factory: 'Dns01Provider.digitalOcean', field: 'tokenSecretRef.key', value: '""', problem: /secret key is required/, fix: /key inside the Secret/ });
  });
  test('fails if a secret reference names an invalid Secret', () => {
    expectReceived(() => Dns01Provider.digitalOcean({ tokenSecretRef: { name: 'Bad_Name', key: 'token' } }),
      { factory: 'Dns01Provider.digitalOcean', field: 'tokenSecretRef.name', value: '"Bad_Name"', problem: /RFC 1123 subdomain/, fix: /valid Secret name/ });
  });
  test('fails if a secret key has invalid characters', () => {
    expectReceived(() => Dns01Provider.digitalOcean({ tokenSecretRef: { name: 'do', key: 'a/b' } }),
      { factory: 'Dns01Provider.digitalOcean', field: 'tokenSecretRef.key', value: '"a/b"', problem: /letters, digits/, fix: /as it appears/ });
  });
  test('fails if cloudflare has both an API key and a token', () => {
    expectReceived(() => Dns01Provider.cloudflare({ apiKeySecretRef: ref('k'), apiTokenSecretRef: ref('t'), email: 'a@example.com' }),
      { factory: 'Dns01Provider.cloudflare', field: 'apiKeySecretRef', value: '"k"', problem: /cannot both be specified/, fix: /only the API token/ });
  });
  test('fails if cloudflare has neither an API key nor a token', () => {
    expectReceived(() => Dns01Provider.cloudflare({}), { factory: 'Dns01Provider.cloudflare', field: 'apiTokenSecretRef', value: 'unset', problem: /is required/, fix: /API token/ });
  });
  test('fails if cloudflare uses an API key without e-mail', () => {
    expectReceived(() => Dns01Provider.cloudflare({ apiKeySecretRef: ref('k') }),
      { factory: 'Dns01Provider.cloudflare', field: 'email', value: 'unset', problem: /email is required when apiKeySecretRef/, fix: /e-mail of the Cloudflare account/ });
  });
  test('fails if the cloudflare e-mail is invalid', () => {
    expectReceived(() => Dns01Provider.cloudflare({ apiTokenSecretRef: ref('t'), email: 'Ops <ops@example.com>' }),
      { factory: 'Dns01Provider.cloudflare', field: 'email', value: '"Ops <ops@example.com>"', problem: /bare address/, fix: /bare e-mail/ });
  });
  test('fails if route53 has accessKeyId and accessKeyIdSecretRef', () => {
    expectReceived(() => Dns01Provider.route53({ accessKeyId: 'A', accessKeyIdSecretRef: ref('a'), secretAccessKeySecretRef: ref('s') }),
      { factory: 'Dns01Provider.route53', field: 'accessKeyId', value: '"A"', problem: /cannot both be specified/, fix: /accessKeyIdSecretRef/ });
  });
  test('fails if route53 has an access key ID without the secret access key', () => {
    expectReceived(() => Dns01Provider.route53({ accessKeyId: 'A' }),
      { factory: 'Dns01Provider.route53', field: 'secretAccessKeySecretRef', value: 'unset', problem: /only one of access and secret key/, fix: /secret access key/ });
  });
  test('fails if route53 has a secret access key without an access key ID', () => {
    expectReceived(() => Dns01Provider.route53({ secretAccessKeySecretRef: ref('s') }),
      { factory: 'Dns01Provider.route53', field: 'accessKeyId', value: 'unset', problem: /only one of access and secret key/, fix: /accessKeyIdSecretRef/ });
  });
  test('fails if route53 uses a serviceAccountRef without a role', () => {
    expectReceived(() => Dns01Provider.route53({ serviceAccountRef: { name: 'sa' } }),
      { factory: 'Dns01Provider.route53', field: 'role', value: 'unset', problem: /role must be set/, fix: /IAM role/ });
  });
  test('fails if route53 combines a static key pair with a serviceAccountRef', () => {
    expectReceived(() => Dns01Provider.route53({ role: 'r', serviceAccountRef: { name: 'sa' }, accessKeyId: 'A', secretAccessKeySecretRef: ref('s') }),
      { factory: 'Dns01Provider.route53', field: 'serviceAccountRef', value: '"sa"', problem: /would be ignored/, fix: /either a static key pair or IRSA/ });
  });
  test('fails if the serviceAccountRef name is invalid', () => {
    expectReceived(() => Dns01Provider.route53({ role: 'r', serviceAccountRef: { name: 'SA!' } }),
      { factory: 'Dns01Provider.route53', field: 'serviceAccountRef.name', value: '"SA!"', problem: /ServiceAccount name/, fix: /valid ServiceAccount name/ });
  });
  test('fails if cloudDns has no project', () => {
    expectReceived(() => Dns01Provider.cloudDns({ project: '' }), { factory: 'Dns01Provider.cloudDns', field: 'project', value: '""', problem: /required/, fix: /GCP project/ });
  });
  test('fails if azureDns has no subscriptionId', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: '', resourceGroupName: 'rg' }), { factory: 'Dns01Provider.azureDns', field: 'subscriptionId', value: '""', problem: /required/, fix: /subscription ID/ });
  });
  test('fails if azureDns has no resourceGroupName', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: '' }), { factory: 'Dns01Provider.azureDns', field: 'resourceGroupName', value: '""', problem: /required/, fix: /resource group/ });
  });
  test('fails if azureDns has an incomplete service principal', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', clientId: 'c' }),
      { factory: 'Dns01Provider.azureDns', field: 'tenantId', value: 'unset', problem: /tenantID is required/, fix: /together/ });
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', tenantId: 't', clientSecretSecretRef: ref('x') }),
      { factory: 'Dns01Provider.azureDns', field: 'clientId', value: 'unset', problem: /clientID is required/, fix: /together/ });
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', clientId: 'c', tenantId: 't' }),
      { factory: 'Dns01Provider.azureDns', field: 'clientSecretSecretRef', value: 'unset', problem: /Secret reference/, fix: /reference the Secret/ });
  });
  test('fails if azureDns combines a service principal with a managed identity', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', clientId: 'c', tenantId: 't', clientSecretSecretRef: ref('x'), managedIdentity: { clientId: 'm' } }),
      { factory: 'Dns01Provider.azureDns', field: 'managedIdentity', problem: /can not be used at the same time/, fix: /either the service principal fields or managedIdentity/ });
  });
  test('fails if the azure managed identity has clientId and resourceId', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', managedIdentity: { clientId: 'c', resourceId: 'r' } }),
      { factory: 'Dns01Provider.azureDns', field: 'managedIdentity.resourceId', value: '"r"', problem: /cannot both be specified/, fix: /clientId or by resourceId/ });
  });
  test('fails if the azure managed identity has tenantId and resourceId', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', managedIdentity: { tenantId: 't', resourceId: 'r' } }),
      { factory: 'Dns01Provider.azureDns', field: 'managedIdentity.resourceId', value: '"r"', problem: /TenantID and managedIdentityResourceID/, fix: /resourceId/ });
  });
  test('fails if the azure managed identity has tenantId without clientId', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', managedIdentity: { tenantId: 't' } }),
      { factory: 'Dns01Provider.azureDns', field: 'managedIdentity.clientId', value: 'unset', problem: /required when managedIdentityTenantID/, fix: /client ID/ });
  });
  test('fails if the azure environment is not a known cloud', () => {
    expectReceived(() => Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', environment: 'Mars' as any }),
      { factory: 'Dns01Provider.azureDns', field: 'environment', value: '"Mars"', problem: /must be one of/, fix: /AzureDnsEnvironment/ });
  });
  test('fails if akamai misses a credential or the service consumer domain', () => {
    expectReceived(() => Dns01Provider.akamai({ serviceConsumerDomain: 'd', clientTokenSecretRef: ref('a'), clientSecretSecretRef: ref('b'), accessTokenSecretRef: undefined as any }),
      { factory: 'Dns01Provider.akamai', field: 'accessTokenSecretRef', value: 'unset', problem: /Secret reference/, fix: /reference the Secret/ });
    expectReceived(() => Dns01Provider.akamai({ serviceConsumerDomain: '', clientTokenSecretRef: ref('a'), clientSecretSecretRef: ref('b'), accessTokenSecretRef: ref('c') }),
      { factory: 'Dns01Provider.akamai', field: 'serviceConsumerDomain', value: '""', problem: /required/, fix: /EdgeGrid/ });
  });
  test('fails if acmeDns has no host URL', () => {
    expectReceived(() => Dns01Provider.acmeDns({ host: 'auth.acme-dns.io', accountSecretRef: ref('a') }),
      { factory: 'Dns01Provider.acmeDns', field: 'host', value: '"auth.acme-dns.io"', problem: /absolute URL/, fix: /acme-dns server/ });
  });
  test('fails if acmeDns has no account secret', () => {
    expectReceived(() => Dns01Provider.acmeDns({ host: 'https://auth.acme-dns.io', accountSecretRef: undefined as any }),
      { factory: 'Dns01Provider.acmeDns', field: 'accountSecretRef', value: 'unset', problem: /Secret reference/, fix: /reference the Secret/ });
  });
  test('fails if the rfc2136 nameserver is missing or malformed', () => {
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: '' }), { factory: 'Dns01Provider.rfc2136', field: 'nameserver', value: '""', problem: /required/, fix: /host:port/ });
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: ':53' }), { factory: 'Dns01Provider.rfc2136', field: 'nameserver', value: '":53"', problem: /no host/, fix: /host:port/ });
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: 'ns1.example.com:99999' }), { factory: 'Dns01Provider.rfc2136', field: 'nameserver', problem: /port must be/, fix: /host:port/ });
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: '2001:db8::zz:53' }), { factory: 'Dns01Provider.rfc2136', field: 'nameserver', problem: /bracket it/, fix: /\[ipv6\]:port/ });
  });
  test('fails if the rfc2136 TSIG algorithm is unsupported', () => {
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: 'ns1.example.com', tsigAlgorithm: 'HMACSHA224' as any }),
      { factory: 'Dns01Provider.rfc2136', field: 'tsigAlgorithm', value: '"HMACSHA224"', problem: /unsupported TSIG algorithm/, fix: /Rfc2136TsigAlgorithm/ });
  });
  test('fails if the rfc2136 TSIG key name and secret are not given together', () => {
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: 'ns1.example.com', tsigKeyName: 'k' }),
      { factory: 'Dns01Provider.rfc2136', field: 'tsigSecretSecretRef', value: 'unset', problem: /TSIG secret is required/, fix: /TSIG secret/ });
    expectReceived(() => Dns01Provider.rfc2136({ nameserver: 'ns1.example.com', tsigSecretSecretRef: ref('t') }),
      { factory: 'Dns01Provider.rfc2136', field: 'tsigKeyName', value: 'unset', problem: /tsigKeyName is required/, fix: /name of the TSIG key/ });
  });
  test('fails if the webhook has no solverName or an invalid groupName', () => {
    expectReceived(() => Dns01Provider.webhook({ groupName: 'acme.example.com', solverName: '' }),
      { factory: 'Dns01Provider.webhook', field: 'solverName', value: '""', problem: /required/, fix: /solver name must be specified/ });
    expectReceived(() => Dns01Provider.webhook({ groupName: 'Acme_Example', solverName: 's' }),
      { factory: 'Dns01Provider.webhook', field: 'groupName', value: '"Acme_Example"', problem: /API group/, fix: /group name the webhook/ });
  });
  test('fails if the webhook config is not a JSON object', () => {
    expectReceived(() => Dns01Provider.webhook({ groupName: 'acme.example.com', solverName: 's', config: ['a'] as any }),
      { factory: 'Dns01Provider.webhook', field: 'config', problem: /JSON object/, fix: /as an object/ });
  });
});
