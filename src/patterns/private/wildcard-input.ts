// The input of a WildcardCertificate, checked (not exported from the package): the zone and
// the names of the certificate, the issuer choice and the DNS-01 provider, and the DNS-01
// solvers the pattern adds to the issuer.
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { AcmeSolver } from '../../cert-manager/acme-solver';
import { Dns01Provider } from '../../cert-manager/dns01-provider';
import { IIssuer, IssuerType } from '../../cert-manager/references';
import { receive } from '../../private/factory';
import { dnsNameCovers, isWildcard } from '../../private/hostnames';
import { checkDnsName } from '../../private/names';
import { fail } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { AcmeIssuerChoice } from '../acme-issuer-choice';
import { WildcardCertificateProps } from '../wildcard-certificate-options';
import { DNS01_LABEL } from './http01';
import { sharedPatternSolver } from './solvers';

/** Let's Encrypt puts at most 100 names into one certificate. */
const MAX_NAMES = 100;

/** The names of the certificate: `*.<zone>`, the apex if asked for, then the additional names (none covered by another). */
export function resolveWildcardNames(where: Construct, p: WildcardCertificateProps): string[] {
  if (p.metadata !== undefined && (p.metadata === null || typeof p.metadata !== 'object')) fail(where, 'metadata', p.metadata, 'must be an object', 'pass { name, namespace, labels }');
  if (typeof p.zone !== 'string') fail(where, 'zone', p.zone, 'the DNS zone is required', 'pass the zone, e.g. "example.com"');
  const zoneProblem = checkDnsName(p.zone, { allowWildcard: false });
  if (zoneProblem) {
    fail(where, 'zone', p.zone, `zone ${zoneProblem}`, p.zone.startsWith('*.') ? `pass the zone without "*.": "${p.zone.slice(2)}"` : 'pass a lowercase DNS zone, e.g. "example.com"');
  }
  if (!p.zone.includes('.')) fail(where, 'zone', p.zone, 'a wildcard directly below a top-level domain is refused by public CAs', 'use a registered domain, e.g. "example.com"');
  if (p.includeApex !== undefined && typeof p.includeApex !== 'boolean') fail(where, 'includeApex', p.includeApex, 'must be a boolean', 'pass true or false');

  const names = [`*.${p.zone}`, ...(p.includeApex ? [p.zone] : [])];
  if (p.additionalDnsNames !== undefined && !Array.isArray(p.additionalDnsNames)) {
    fail(where, 'additionalDnsNames', p.additionalDnsNames, 'must be a list of DNS names', 'pass an array');
  }
  (p.additionalDnsNames ?? []).forEach((n, i) => {
    const f = `additionalDnsNames[${i}]`;
    if (typeof n !== 'string') fail(where, f, n, 'must be a DNS name', 'use a name like "www.example.org"');
    const problem = checkDnsName(n);
    if (problem) fail(where, f, n, `DNS name ${problem}`, 'use a lowercase name like "www.example.org" (a wildcard only as "*.example.org")');
    if (!n.includes('.')) fail(where, f, n, 'public CAs only issue for fully qualified names', 'use the fully qualified name');
    const covering = names.find((m) => m === n || (isWildcard(m) && dnsNameCovers(m, n)));
    if (covering) {
      fail(where, f, n, `is already covered by ${JSON.stringify(covering)}`, 'remove it (a wildcard covers exactly one label below the zone)');
    }
    names.push(n);
  });
  if (names.length > MAX_NAMES) fail(where, 'additionalDnsNames', `${names.length} names`, 'Let\'s Encrypt puts at most 100 names into one certificate', 'split the names across certificates');
  return names;
}

/** The issuer choice and the DNS-01 provider, checked against each other. */
export function checkWildcardIssuer(where: Construct, p: WildcardCertificateProps, dnsNames: string[]): { choice: AcmeIssuerChoice; dns01?: Dns01Provider } {
  const choice = receive(where, 'issuer', p.issuer);
  if (!(choice instanceof AcmeIssuerChoice)) {
    fail(where, 'issuer', choice, 'an issuer choice is required', 'use AcmeIssuerChoice.letsEncrypt({...}) with dns01, or AcmeIssuerChoice.fromIssuer(issuer)');
  }
  const dns01 = receive(where, 'dns01', p.dns01);
  if (dns01 !== undefined && !(dns01 instanceof Dns01Provider)) {
    fail(where, 'dns01', dns01, 'must be a Dns01Provider', 'create it with a Dns01Provider factory, e.g. Dns01Provider.route53({...})');
  }
  const given = choice.issuer;
  if (!given && dns01 === undefined) {
    fail(where, 'dns01', undefined, 'the Let\'s Encrypt issuer the pattern creates needs a DNS-01 provider: wildcard names can only be validated over DNS-01',
      'pass dns01: Dns01Provider.route53({...}) (or cloudflare, cloudDns, azureDns, ...)');
  }
  if (given && dns01 !== undefined && given.issuerType !== IssuerType.ACME) {
    fail(where, 'dns01', dns01.kind, `the issuer ${given.issuerRef.kind}/${given.issuerRef.name} is ${given.issuerType === IssuerType.UNKNOWN ? 'defined outside the app, so the pattern cannot add a solver to it' : `a ${given.issuerType} issuer, which needs no challenge`}`,
      given.issuerType === IssuerType.UNKNOWN ? 'configure the DNS-01 solver on that issuer and leave dns01 out, or pass an issuer of this app' : 'remove dns01');
  }
  if (given && given.issuerType === IssuerType.UNKNOWN) {
    Warnings.add(where, `issuer ${given.issuerRef.kind}/${given.issuerRef.name} is defined outside the app: the library cannot check that it has a DNS-01 solver for ${JSON.stringify(dnsNames)} (wildcards are validated over DNS-01 only)`);
  }
  return { choice, dns01 };
}

/**
 * The issuer's DNS-01 solver for `dns01`, shared by every WildcardCertificate using the same
 * provider settings and selected by the label `dns01Label()` gives their Certificates: one
 * solver per provider, however many zones and names the fleet has.
 */
export function addWildcardSolvers(where: Construct, issuer: IIssuer, dns01: Dns01Provider | undefined): AcmeSolver[] {
  if (dns01 === undefined) return [];
  const [key, value] = dns01Label(dns01);
  return [sharedPatternSolver(where, 'dns01', issuer, `${key}=${value}`, () => AcmeSolver.dns01(dns01, { selector: { matchLabels: { [key]: value } } }), 'a DNS-01 solver')];
}

/** The label selecting the shared solver of a DNS-01 provider: its kind and a hash of its settings. */
export function dns01Label(dns01: Dns01Provider): [string, string] {
  const settings = createHash('sha256').update(JSON.stringify(dns01._toKube())).digest('hex').slice(0, 10);
  return [DNS01_LABEL, `${dns01.kind.toLowerCase()}-${settings}`];
}
