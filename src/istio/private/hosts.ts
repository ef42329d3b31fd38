// Host syntax as Istio validates it (pkg/config/validation/agent/validation.go) and gateway
// host visibility. Not exported from the package. How Istio matches hosts is in
// src/private/hostnames.ts (`istioHostMatches`), next to the other APIs' matchers.
import { checkDnsName, isIpAddress } from '../../private/names';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** First label of a VirtualService / DestinationRule host: `*`, `*foo`, `*-foo` or a label. */
const WILDCARD_FIRST_LABEL = /^(\*|(\*|\*-)?[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

/** A problem with a value: what is wrong and how to fix it. */
export interface HostProblem {
  readonly problem: string;
  readonly fix: string;
}

/** `ns/name` split of a Gateway server host; `namespace` undefined for a bare host. */
export interface GatewayHostParts {
  readonly namespace?: string;
  readonly dnsName: string;
}

export function splitGatewayHost(host: string): GatewayHostParts {
  const slash = host.indexOf('/');
  if (slash < 0) return { dnsName: host };
  return { namespace: host.slice(0, slash), dnsName: host.slice(slash + 1) };
}

/** The DNS part of a Gateway server host (`ns/` prefix removed), lowercased. */
export function gatewayHostName(host: string): string {
  return splitGatewayHost(host).dnsName.toLowerCase();
}

function portSuffixProblem(name: string): HostProblem | undefined {
  if (/:[0-9]*$/.test(name) && !isIpAddress(name)) {
    return {
      problem: 'a host carries no port (Istio rejects "host:port"; the port is the server\'s or the route\'s port)',
      fix: `remove the port suffix: "${name.replace(/:[0-9]*$/, '')}"`,
    };
  }
  return undefined;
}

/**
 * A Gateway server host (B.1 #6-7): `dnsName` or `namespace/dnsName`; namespace `*`, `.` or a
 * DNS-1123 label; dnsName `*`, an IP address, or a fully qualified name whose only wildcard
 * is a whole leading `*.` label.
 */
export function checkGatewayHost(host: string): HostProblem | undefined {
  if (typeof host !== 'string' || host.length === 0) return { problem: 'a server host must not be empty', fix: 'name the host, e.g. "shop.example.com"' };
  const { namespace, dnsName } = splitGatewayHost(host);
  if (namespace !== undefined) {
    if (namespace.length === 0 || dnsName.length === 0) {
      return { problem: 'namespace and dnsName of a "namespace/dnsName" host must not be empty', fix: 'write "namespace/host", "./host", "*/host" or just "host"' };
    }
    if (namespace === '~') return { problem: 'the "~" namespace is reserved for gateways Istio generates from Gateway API resources', fix: 'use "*", "." or a namespace name' };
    if (namespace !== '*' && namespace !== '.' && !DNS1123_LABEL.test(namespace)) {
      return { problem: 'the namespace part must be "*", "." or a namespace name (DNS-1123 label)', fix: 'use a valid namespace name before the "/"' };
    }
    if (dnsName.includes('/')) return { problem: 'a host has at most one "/"', fix: 'write "namespace/host"' };
  }
  if (dnsName === '*' || isIpAddress(dnsName)) return undefined;
  const port = portSuffixProblem(dnsName);
  if (port) return port;
  if (dnsName.includes('*') && !(dnsName.startsWith('*.') && !dnsName.slice(2).includes('*'))) {
    return { problem: 'partial wildcard is not allowed in a gateway host: "*" must be the whole first label', fix: 'use "*.example.com" or list the names' };
  }
  if (!dnsName.includes('.')) return { problem: 'short names (non FQDN) are not allowed as gateway hosts', fix: 'use the fully qualified name, e.g. "shop.example.com"' };
  const problem = checkDnsName(dnsName, { allowWildcard: true });
  if (problem) return { problem: `the host ${problem}`, fix: 'use a valid DNS name, e.g. "shop.example.com" or "*.example.com"' };
  return undefined;
}

/**
 * A host of a VirtualService, DestinationRule or route destination (Istio
 * `ValidateWildcardDomain`): `*`, an IP address, or DNS-1123 labels whose first label may be
 * `*`, `*foo` or `*-foo`. Short names (`reviews`) are allowed.
 */
export function checkServiceHost(host: string): HostProblem | undefined {
  if (typeof host !== 'string' || host.length === 0) return { problem: 'a host must not be empty', fix: 'name the host, e.g. "shop.example.com" or "reviews"' };
  if (host === '*' || isIpAddress(host)) return undefined;
  if (host.includes('/')) {
    return { problem: 'this host has no "namespace/" part (that form is only for Gateway server hosts)', fix: `use the bare host "${host.slice(host.indexOf('/') + 1)}"` };
  }
  const port = portSuffixProblem(host);
  if (port) return port;
  if (host.length > 255) return { problem: `a host must be at most 255 characters (has ${host.length})`, fix: 'use a shorter name' };
  if (host !== host.toLowerCase()) return { problem: 'a host must be lowercase', fix: `use "${host.toLowerCase()}"` };
  const labels = host.split('.');
  if (!WILDCARD_FIRST_LABEL.test(labels[0]) || labels[0].length > 63) {
    return { problem: `the first label "${labels[0]}" is invalid ("*" may only lead the first label)`, fix: 'use a name like "shop.example.com", "*.example.com" or "reviews"' };
  }
  const rest = labels.slice(1);
  // a trailing dot (absolute name) is allowed, as upstream
  if (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
  for (const label of rest) {
    if (label.length > 63 || !DNS1123_LABEL.test(label)) {
      return { problem: `the label "${label}" is invalid (lowercase letters, digits and '-', at most 63, no '*')`, fix: 'use a valid DNS name' };
    }
  }
  if (rest.length > 0 && /^[0-9]+$/.test(rest[rest.length - 1])) {
    return { problem: 'the top-level label must not be all-numeric', fix: 'use a valid DNS name or an IP address' };
  }
  return undefined;
}

/**
 * Whether a Gateway server host is visible to routes in `routeNamespace`: bare hosts and
 * `*\/host` to all, `./host` to the Gateway's own namespace, `ns/host` to `ns`.
 */
export function gatewayHostVisible(gatewayNamespace: string, host: string, routeNamespace: string): boolean {
  const { namespace } = splitGatewayHost(host);
  if (namespace === undefined || namespace === '*') return true;
  if (namespace === '.') return gatewayNamespace === routeNamespace;
  return namespace === routeNamespace;
}
