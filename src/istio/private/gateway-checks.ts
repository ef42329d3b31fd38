// Istio Gateways over the wire form (not exported from the package): every Gateway has a
// server, and the Secret a server names in `credentialName` is the one its Certificate writes —
// in the gateway workload namespace (Istio reads it there, istio/istio#27740), in the gateway's
// cluster, for the server's hosts. Checks any Gateway of the app, whatever built it.
import { certificatesWriting, certificatesWritingSecretNamed, dnsNamesOf, secretNameOf } from '../../cert-manager/secret-writers';
import { issuerOf } from '../../cert-manager/solver-selection';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { dnsNameCovers } from '../../private/hostnames';
import { arr, obj, str, strings } from '../../private/wire';
import { NETWORKING, workloadNamespaceAssumed, workloadNamespaceGiven, workloadNamespaceOf } from './gateway-facts';
import { checkGatewayHost, gatewayHostName } from './hosts';

const CLIENT_CA_MODES = ['MUTUAL', 'OPTIONAL_MUTUAL'];

/** The Gateways of the model rendered in the app (stand-ins of imported ones have no servers to check). */
export function renderedGateways(model: AppModel): ModelObject[] {
  return model.ofKind(NETWORKING, 'Gateway').filter((g) => !g.external && g.json !== undefined);
}

/** `spec.servers` of a rendered Gateway. */
export function serversOf(gateway: ModelObject): any[] {
  return arr(obj(gateway.json?.spec).servers);
}

function checkServers(model: AppModel, report: Reporter): void {
  for (const gw of renderedGateways(model)) {
    if (serversOf(gw).length === 0) {
      report.error(gw, 'spec.servers', [], 'gateway must have at least one server', 'pass servers or call addServer(), addHttpServer() or addHttpsServer()');
    }
  }
}

/** Certificates writing a Secret named `secretName`, in any cluster of the app. */
function certificatesWritingAnywhere(model: AppModel, secretName: string): readonly ModelObject[] {
  const index = model.derived('istio/certificates-by-secret-name', (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const c of m.ofKind('cert-manager.io', 'Certificate')) {
      const secret = c.external ? undefined : secretNameOf(c);
      if (secret === undefined) continue;
      const list = out.get(secret);
      if (list) list.push(c);
      else out.set(secret, [c]);
    }
    return out;
  });
  return index.get(secretName) ?? [];
}

/**
 * The Certificate a server's `credentialName` stands for: the one writing the Secret where
 * Istio reads it (gateway cluster, workload namespace), else one writing a Secret of that name
 * in another namespace of the cluster, else in another cluster; undefined when no Certificate
 * of the app writes such a Secret (it is created elsewhere).
 */
function certificateFor(model: AppModel, gw: ModelObject, workloadNamespace: string, secretName: string): ModelObject | undefined {
  return certificatesWriting(model, gw.cluster, workloadNamespace, secretName)[0]
    ?? certificatesWritingSecretNamed(model, gw.cluster, secretName)[0]
    ?? certificatesWritingAnywhere(model, secretName)[0];
}

function checkCertificates(model: AppModel, report: Reporter): void {
  for (const gw of renderedGateways(model)) {
    const wl = workloadNamespaceOf(gw);
    serversOf(gw).forEach((server, i) => {
      const tls = obj(obj(server).tls);
      const credentialName = str(tls.credentialName);
      if (credentialName === undefined) return;
      const cert = certificateFor(model, gw, wl, credentialName);
      if (!cert) return;
      const field = `spec.servers[${i}].tls.credentialName`;
      if (cert.namespace !== wl) reportNamespace(report, gw, field, cert, wl, credentialName);
      if (cert.cluster !== '' && gw.cluster !== '' && cert.cluster !== gw.cluster) {
        report.error(gw, field, cert.path, `certificate is rendered for cluster "${cert.cluster}" but the gateway for cluster "${gw.cluster}": Istio reads the Secret in its own cluster`,
          'create the Certificate in the same cluster as the gateway');
      }
      checkCoverage(report, gw, i, strings(obj(server).hosts), cert);
      const mode = str(tls.mode);
      if (mode !== undefined && CLIENT_CA_MODES.includes(mode) && tls.caCertCredentialName === undefined && isAcme(model, cert) && !clientCaSecretExists(model, gw, wl, credentialName)) {
        report.warn(gw, `spec.servers[${i}].tls.mode`, mode,
          `${mode} with the ACME certificate ${cert.path}: the Secret cert-manager writes for an ACME certificate has no ca.crt, so client certificates cannot be verified unless a Secret "${credentialName}-cacert" exists in namespace "${wl}"`,
          'set caCertCredentialName to the Secret holding the client CA');
      }
    });
  }
}

function reportNamespace(report: Reporter, gw: ModelObject, field: string, cert: ModelObject, wl: string, secretName: string): void {
  // Without workloadNamespace the gateway pods are assumed to run in the Gateway object's own
  // namespace; a Gateway kept with the app while its pods run elsewhere (istio-system, ...) is
  // the likelier cause then. With workloadNamespace given, the Certificate is in the wrong place.
  const given = workloadNamespaceGiven(gw);
  const moveCertificate = `create the Certificate in namespace "${wl}" (metadata.namespace)`;
  if (workloadNamespaceAssumed(gw)) {
    // a manifest read from a file, whose pods nothing in the input runs: the checker's default
    report.error(gw, field, `${cert.namespace}/${secretName}`,
      `certificate ${cert.path} writes its Secret into namespace "${cert.namespace}", but Istio reads credentialName from the gateway workload namespace, taken to be "${wl}": no workload of the input matches the Gateway's selector (istio/istio#27740)`,
      `if the gateway pods run in "${cert.namespace}", say so (--gateway-namespace ${cert.namespace}, or check their Deployment or gateway chart Application with the rest); else ${moveCertificate}`);
    return;
  }
  const setWorkload = `set workloadNamespace: "${cert.namespace}" on the gateway if its pods run there (the Gateway object may stay in "${gw.namespace}")`;
  report.error(gw, field, `${cert.namespace}/${secretName}`,
    `certificate ${cert.path} writes its Secret into namespace "${cert.namespace}", but Istio reads credentialName from the gateway workload namespace "${wl}" (istio/istio#27740)${given ? '' : '; workloadNamespace is not set, so it is taken to be the Gateway\'s own namespace'}`,
    given ? `${moveCertificate}, or correct workloadNamespace if the gateway pods run in "${cert.namespace}"` : `${setWorkload}, or else ${moveCertificate}`);
}

function checkCoverage(report: Reporter, gw: ModelObject, i: number, hosts: string[], cert: ModelObject): void {
  const dnsNames = dnsNamesOf(cert);
  const uncovered = hosts.map(gatewayHostName).filter((h) => !dnsNames.some((d) => dnsNameCovers(d, h)));
  if (uncovered.length === 0) return;
  report.error(gw, `spec.servers[${i}].hosts`, uncovered,
    `certificate ${cert.path} (dnsNames ${JSON.stringify(dnsNames)}) does not cover these server hosts: clients get a name mismatch`,
    uncovered.includes('*') ? 'a host "*" cannot be covered by any certificate: list the served names (or "*.example.com") as hosts'
      : 'add the hosts to the certificate\'s dnsNames (a wildcard "*.example.com" covers exactly one label) or remove them from the server');
}

/** Whether the Certificate's issuer is an ACME issuer of the app (its Secret then has no ca.crt). */
function isAcme(model: AppModel, cert: ModelObject): boolean {
  const issuer = issuerOf(model, cert);
  return issuer !== undefined && !issuer.external && obj(issuer.json?.spec).acme !== undefined;
}

/** Whether the app writes `<credentialName>-cacert`, where Istio looks for the client CA without caCertCredentialName. */
function clientCaSecretExists(model: AppModel, gw: ModelObject, wl: string, credentialName: string): boolean {
  const name = `${credentialName}-cacert`;
  return model.find(gw.cluster, '', 'Secret', wl, name).length > 0 || certificatesWriting(model, gw.cluster, wl, name).length > 0;
}

/**
 * Manifests read from files: server hosts Istio's validation webhook rejects (the Gateway L2
 * checks its hosts when created, with the same rule).
 */
function checkServerHosts(model: AppModel, report: Reporter): void {
  for (const gw of renderedGateways(model)) {
    serversOf(gw).forEach((server, i) => {
      arr(obj(server).hosts).forEach((h, j) => {
        const p = checkGatewayHost(h);
        if (p) report.error(gw, `spec.servers[${i}].hosts[${j}]`, h, `${p.problem}: Istio's validation webhook rejects the Gateway`, p.fix);
      });
    });
  }
}

registerChecks(
  { id: 'istio/gateway-hosts', phase: 'manifests', check: checkServerHosts },
  { id: 'istio/gateway-servers', check: checkServers },
  { id: 'istio/gateway-certificates', check: checkCertificates },
);
