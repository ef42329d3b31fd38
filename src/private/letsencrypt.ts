// Let's Encrypt as the library models it (not exported from the package): its two ACME
// environments, the registered domain of a name (what its per-domain limit counts) and the
// contact addresses its account registration accepts, from the full Public Suffix List.
import type * as Tldts from 'tldts';
import { checkEmail } from './names';

let tldts: typeof Tldts | undefined;

export const LE_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
export const LE_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** A Let's Encrypt environment. */
export type LetsEncryptEnvironment = 'production' | 'staging';

/** The Let's Encrypt environment of an ACME server, or undefined for other servers. */
export function environmentOf(server: string | undefined): LetsEncryptEnvironment | undefined {
  return server === LE_PRODUCTION ? 'production' : server === LE_STAGING ? 'staging' : undefined;
}

/**
 * The registered domains of some names (a wildcard counts for its parent), private suffixes
 * such as `github.io` included, as Let's Encrypt computes them; without duplicates.
 */
export function registeredDomains(names: readonly string[]): string[] {
  // the Public Suffix List is loaded on first use: apps without Let's Encrypt certificates never need it
  const { getDomain } = (tldts ??= require('tldts') as typeof Tldts);
  const domains = new Set<string>();
  for (const name of names) {
    const d = getDomain(name.startsWith('*.') ? name.slice(2) : name, { allowPrivateDomains: true });
    if (d) domains.add(d);
  }
  return [...domains];
}

/** Contact domains Boulder refuses outright (`policy/pa.go`, `forbiddenMailDomains`). */
const FORBIDDEN_CONTACT_DOMAINS = new Set(['example.com', 'example.net', 'example.org']);

/**
 * Why Let's Encrypt refuses an (otherwise well-formed) account contact address, or undefined.
 * Boulder's `ValidEmail` (`policy/pa.go`) wants a domain under an ICANN top-level domain that
 * is not itself a public suffix, and refuses the reserved example domains: registration then
 * fails with "contact email has forbidden domain" / "invalid contact domain".
 */
export function letsEncryptContactProblem(email: string): string | undefined {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const { parse } = (tldts ??= require('tldts') as typeof Tldts);
  const parsed = parse(domain, { allowPrivateDomains: false });
  if (!parsed.isIcann) return `has domain "${domain}", which is not under a public top-level domain`;
  if (parsed.publicSuffix === domain) return `has domain "${domain}", which is a public suffix, not a domain of its own`;
  if (FORBIDDEN_CONTACT_DOMAINS.has(domain)) return `has the reserved domain "${domain}", which Let's Encrypt refuses ("contact email has forbidden domain")`;
  return undefined;
}

/**
 * Why an ACME server refuses the account contact `email` of an issuer on `server`, with the
 * fix, or undefined: a malformed address (every ACME server), or one Let's Encrypt refuses.
 * The one rule for both an issuer's props and an issuer manifest.
 */
export function acmeContactProblem(server: string | undefined, email: string): { problem: string; fix: string } | undefined {
  const malformed = checkEmail(email);
  if (malformed) {
    return { problem: `e-mail address ${malformed}`, fix: 'use a bare address of your own domain, such as platform-team@<your domain>, or leave email out; the ACME server rejects invalid contacts at registration' };
  }
  const refused = environmentOf(server) ? letsEncryptContactProblem(email) : undefined;
  if (refused) {
    return {
      problem: `Let's Encrypt refuses this contact: the address ${refused}, so the ACME account is never registered (ErrRegisterACMEAccount) and no certificate is issued`,
      fix: 'use an address at a domain you own, such as platform-team@<your domain>, or leave email out (the account is then registered without a contact)',
    };
  }
  return undefined;
}
