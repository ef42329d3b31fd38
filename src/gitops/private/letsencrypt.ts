// Let's Encrypt as the budget check and the synth summary count it (not exported from the
// package): its two ACME environments, and the registered domain of a name (what its
// per-domain limit counts), from the full Public Suffix List.
import type * as Tldts from 'tldts';

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
