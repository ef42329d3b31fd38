// The fleet both modes render: plain data, no cdk8s, so the library mode (bench/library.ts)
// and the baseline (bench/baseline.ts) are built from exactly the same description.
//
// A platform team serving N customer sites through one Istio ingress gateway, all certificates
// from one shared Let's Encrypt production ClusterIssuer (each site adds its own solver to it):
//   - 7 in 10 sites: HttpsRedirectGateway, Istio API (seed 000 shape); every third has a `www.` name too;
//   - 2 in 10 sites: HttpsRedirectGateway, Gateway API (own Gateway in the tenant namespace);
//   - 1 in 10 sites: WildcardCertificate `*.<site zone>` over Cloudflare DNS-01, served by an
//     IstioGateway of its own (HTTPS server + HTTP redirect) and a VirtualService.
// Every site routes `/` to a `web` Service; every fourth also `/api` to an `api` Service.
// Sites belong to TENANTS tenants (one chart and namespace each, sites dealt round-robin) and
// to registered domains of SITES_PER_DOMAIN sites, which keeps every domain well inside Let's
// Encrypt's 50 certificates per week (the library checks that budget at synth).

/** Charts (and namespaces) the sites are spread over; fixed, so the fleet grows within them. */
export const TENANTS = 10;
/** Sites per registered domain (Let's Encrypt counts certificates per registered domain). */
export const SITES_PER_DOMAIN = 20;
/** Namespace of the shared Istio ingress gateway pods (Certificates of Istio-API sites live here). */
export const WORKLOAD_NAMESPACE = 'istio-ingress';
/** Labels of the shared ingress gateway pods. */
export const WORKLOAD_SELECTOR: { [key: string]: string } = { istio: 'ingressgateway' };
/** The shared ClusterIssuer. */
export const ISSUER_NAME = 'letsencrypt-production';
export const ISSUER_EMAIL = 'platform@fleet-ops.com';
/** Secret holding the Cloudflare API token for DNS-01. */
export const CLOUDFLARE_TOKEN = { name: 'cloudflare-api-token', key: 'api-token' };
/** Name of the chart holding the shared objects. */
export const PLATFORM_CHART = 'platform';

export type SiteKind = 'istio' | 'gateway-api' | 'wildcard';

export interface SiteRoute {
  readonly pathPrefix: string;
  readonly serviceName: string;
  readonly port: number;
}

export interface Site {
  readonly index: number;
  /** Base name of the site's objects, e.g. `s0042`. */
  readonly name: string;
  /** Construct id, e.g. `S0042`. */
  readonly id: string;
  readonly kind: SiteKind;
  /** Tenant chart id (`tenant-3`), also the tenant namespace. */
  readonly tenant: string;
  /** Registered domain, e.g. `brand0002.com`. */
  readonly domain: string;
  /** Exact host names (istio, gateway-api), or the zone of the wildcard (`*.<zone>`). */
  readonly hosts: string[];
  /** Backend routes, most specific first. */
  readonly routes: SiteRoute[];
}

function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

/** The N sites of the fleet, deterministic. */
export function fleet(n: number): Site[] {
  const sites: Site[] = [];
  for (let i = 0; i < n; i++) {
    const slot = i % 10;
    const kind: SiteKind = slot < 7 ? 'istio' : slot < 9 ? 'gateway-api' : 'wildcard';
    const name = `s${pad(i)}`;
    const domain = `brand${pad(Math.floor(i / SITES_PER_DOMAIN))}.com`;
    const apex = `${name}.${domain}`;
    const hosts = kind === 'istio' && i % 3 === 0 ? [apex, `www.${apex}`] : [apex];
    const routes: SiteRoute[] = i % 4 === 0
      ? [{ pathPrefix: '/api', serviceName: 'api', port: 9090 }, { pathPrefix: '/', serviceName: 'web', port: 8080 }]
      : [{ pathPrefix: '/', serviceName: 'web', port: 8080 }];
    sites.push({ index: i, name, id: name.toUpperCase(), kind, tenant: `tenant-${i % TENANTS}`, domain, hosts, routes });
  }
  return sites;
}

/** Tenant chart ids in the order the charts are created. */
export function tenants(n: number): string[] {
  return Array.from({ length: Math.min(n, TENANTS) }, (_, k) => `tenant-${k}`);
}
