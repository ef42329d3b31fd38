// The listeners of Gateways and ListenerSets over the wire form (not exported from the
// package): a Gateway has listeners; a listener's certificate covers its hostname; certificate
// Secrets in other namespaces (certificateRefs are relative to the namespace of the Gateway or
// ListenerSet) are granted to that kind; and for Gateways and ListenerSets handed to
// cert-manager's gateway-shim (annotation `cert-manager.io/issuer` or `cluster-issuer`), what
// the shim needs: listener hostnames, an ACME solver for each and a challenge route that
// attaches (to the parent the shim's Certificate names), Secrets in the object's namespace, and
// one owner for each Certificate the shim creates (named after the listener Secret).
import { certificatesWriting, dnsNamesOf, secretNameOf } from '../../cert-manager/secret-writers';
import { acmeSolversOf, issuerByRef, solverIndexOf } from '../../cert-manager/solver-selection';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { dnsNameCovers, isWildcard } from '../../private/hostnames';
import { obj, stringMap } from '../../private/wire';
import { GATEWAY_API_GROUP, listenersOf, ListenerSecret, WireListener } from '../attachment';
import { listenerTlsFromCertificate } from './facts';
import { shimCertificateAnnotations, shimIssuerOf, ShimIssuer } from './gateway-shim';
import { isGranted } from './reference-grant-checks';
import { challengeRoute, solverRouteProblem } from './solver-routes';

const CERT_MANAGER_GROUP = 'cert-manager.io';

/** The kinds whose listeners these checks read. */
const LISTENER_KINDS = ['Gateway', 'ListenerSet'];

function plural(list: readonly unknown[], noun: string): string {
  return list.length === 1 ? noun : `${noun}s`;
}

/** `Gateway test/B`, `Gateways test/B, test/C`, or, for mixed kinds, `ListenerSet test/S, Gateway test/B`. */
function describeOwners(list: readonly ModelObject[]): string {
  const kinds = new Set(list.map((x) => x.kind));
  if (kinds.size === 1) return `${plural(list, list[0].kind)} ${list.map((x) => x.path).join(', ')}`;
  return list.map((x) => `${x.kind} ${x.path}`).join(', ');
}

function refField(l: WireListener, s: ListenerSecret): string {
  return `spec.listeners[${l.index}].tls.certificateRefs[${s.index}]`;
}

/**
 * The Gateways and ListenerSets whose gateway-shim issues each Secret (in the object's
 * namespace), by `cluster|namespace|secretName`, once per model. Listeners given a Certificate
 * of the app are left out (that clash is reported on its own).
 */
function shimOwners(model: AppModel): Map<string, ModelObject[]> {
  return model.derived('gateway-api/shim-secrets', (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const kind of LISTENER_KINDS) {
      for (const g of m.ofKind(GATEWAY_API_GROUP, kind)) {
        if (g.external || !shimIssuerOf(g.json)) continue;
        for (const l of listenersOf(m, g) ?? []) {
          if (listenerTlsFromCertificate(g, l.name)) continue;
          for (const s of l.secrets) {
            if (s.namespace !== g.namespace) continue;
            const k = `${g.cluster}|${s.namespace}|${s.name}`;
            const list = out.get(k);
            if (!list) out.set(k, [g]);
            else if (!list.includes(g)) list.push(g);
          }
        }
      }
    }
    return out;
  });
}

/** The certificate behind a listener Secret covers the listener hostname. */
function checkCoverage(model: AppModel, report: Reporter, g: ModelObject, l: WireListener, s: ListenerSecret): void {
  if (l.hostname === undefined) return;
  const cert = certificatesWriting(model, g.cluster, s.namespace, s.name)[0];
  const dnsNames = cert ? dnsNamesOf(cert) : [];
  if (dnsNames.length === 0 || dnsNames.some((d) => dnsNameCovers(d, l.hostname!))) return;
  report.error(g, `spec.listeners[${l.index}].hostname`, l.hostname,
    `certificate ${cert.namespace}/${secretNameOf(cert)} (dnsNames ${JSON.stringify(dnsNames)}) does not cover the listener hostname; clients would get a name mismatch`,
    'add the hostname to the Certificate\'s dnsNames or use a certificate that covers it');
}

/**
 * A Secret in another namespace needs a ReferenceGrant there naming the referring kind (else
 * the Gateway API ignores the reference); grants to a Gateway do not extend to its ListenerSets.
 */
function checkGrant(model: AppModel, report: Reporter, g: ModelObject, l: WireListener, s: ListenerSecret): void {
  if (s.namespace === g.namespace) return;
  if (isGranted(model, g.cluster, s.namespace, { group: GATEWAY_API_GROUP, kind: g.kind, namespace: g.namespace }, { group: '', kind: 'Secret', name: s.name })) return;
  report.warn(g, refField(l, s), `${s.namespace}/${s.name}`,
    `listener "${l.name}" uses Secret ${s.namespace}/${s.name} from another namespace and the app defines no ReferenceGrant for it${g.kind === 'Gateway' ? '' : ` to ${g.kind}s of namespace "${g.namespace}"`}; the Gateway API ignores the reference (RefNotPermitted) unless a grant exists in the cluster`,
    'set createReferenceGrants or add a ReferenceGrant');
}

/**
 * The gateway-shim's ACME issuer selects a solver for the listener hostname, and its challenge
 * route attaches: the shim's Certificate (in the object's namespace) names the Gateway or
 * ListenerSet itself as the route's parent (or, for a ListenerSet with the fallback
 * annotation, its Gateway), besides the solver's other parentRefs.
 */
function checkShimSolver(model: AppModel, report: Reporter, g: ModelObject, l: WireListener, shim: ShimIssuer): void {
  const hostname = l.hostname!;
  const issuer = issuerByRef(model, g, shim.group, shim.kind, shim.name);
  if (!issuer || issuer.external || obj(issuer.json?.spec).acme === undefined || acmeSolversOf(issuer).length === 0) return;
  const field = `spec.listeners[${l.index}].hostname`;
  // the shim's Certificate carries the object's labels (what solvers' matchLabels see)
  const index = solverIndexOf(model, issuer);
  const picked = index.pick(hostname, stringMap(g.json?.metadata?.labels));
  if (picked === undefined) {
    report.error(g, field, hostname,
      `the gateway-shim would ask ACME issuer "${shim.name}" for this name, and none of its solvers would be selected for it${isWildcard(hostname) ? ' (wildcard names need a DNS-01 solver)' : ''}`,
      'add a matching solver to the issuer (DNS-01 for wildcards) or use another issuer');
    return;
  }
  const route = challengeRoute(index.solvers[picked], g.namespace, shimCertificateAnnotations(g.kind, g.namespace, g.json));
  route?.parents.forEach((parent) => {
    const p = solverRouteProblem(model, g.cluster, parent.ref, g.namespace, hostname);
    if (!p) return;
    const from = parent.source === 'annotations' ? `the ${parent.ref.kind} the shim's Certificate names` : parent.source;
    report.error(g, field, hostname, `the HTTP-01 solver of issuer "${shim.name}" for this name (${from}): ${p.problem}`, p.fix);
  });
}

/**
 * The shim creates (and then only updates while it owns) a Certificate named like the
 * listener's Secret, in the namespace of the Gateway or ListenerSet (cert-manager
 * certificate-shim `buildCertificates`); it refuses to touch a Certificate of that name it
 * does not own.
 */
function checkShimSecret(model: AppModel, report: Reporter, g: ModelObject, l: WireListener, s: ListenerSecret): void {
  const field = refField(l, s);
  const where = `${s.namespace}/${s.name}`;
  if (listenerTlsFromCertificate(g, l.name)) {
    report.error(g, field, where,
      'with certManagerIssuer the gateway-shim creates a Certificate for this Secret, and the app\'s own Certificate writes it too (two owners of one Secret)',
      'use ListenerTls.terminateWithSecret(name) with the shim, or drop certManagerIssuer and keep the Certificate');
    return;
  }
  if (s.namespace !== g.namespace) {
    report.error(g, `${field}.namespace`, s.namespace,
      `cert-manager's gateway-shim only issues certificates for Secrets in the ${g.kind}'s namespace (cert-manager#5610)`,
      'leave out the Secret namespace');
    return;
  }
  const writers = certificatesWriting(model, g.cluster, s.namespace, s.name);
  if (writers.length > 0) {
    report.error(g, field, where,
      `with certManagerIssuer the gateway-shim issues this Secret, and ${plural(writers, 'Certificate')} ${writers.map((c) => c.path).join(', ')} of the app ${writers.length === 1 ? 'writes' : 'write'} it too (two owners of one Secret re-issue it endlessly)`,
      'reference that Certificate with ListenerTls.terminate(certificate) and drop certManagerIssuer, or give the listener a Secret no Certificate writes');
  }
  const named = model.find(g.cluster, CERT_MANAGER_GROUP, 'Certificate', s.namespace, s.name).filter((c) => !c.external && !writers.includes(c));
  if (named.length > 0) {
    report.error(g, field, where,
      `the gateway-shim creates a Certificate named after the Secret, "${s.name}", and the app already defines ${plural(named, 'Certificate')} ${named.map((c) => c.path).join(', ')} with that name in namespace "${g.namespace}"; cert-manager refuses to update a Certificate it does not own, so this listener's Secret would never be issued`,
      'rename the listener\'s Secret or that Certificate');
  }
  const others = (shimOwners(model).get(`${g.cluster}|${s.namespace}|${s.name}`) ?? []).filter((x) => x !== g);
  if (others.length > 0) {
    report.error(g, field, where,
      `${describeOwners(others)} also ${others.length === 1 ? 'has' : 'have'} cert-manager's gateway-shim issue this Secret; the shim's Certificate (named "${s.name}") can have only one owner, so the other ${others[0].kind}'s hostnames would never be added to it`,
      `give each ${g.kind} its own listener Secret, or merge the listeners into one ${g.kind}`);
  }
}

/** The listeners of a Gateway or ListenerSet, and their certificates. */
function checkListenerOwner(model: AppModel, report: Reporter, g: ModelObject): void {
  const listeners = listenersOf(model, g) ?? [];
  if (listeners.length === 0) report.error(g, 'spec.listeners', [], `a ${g.kind} needs at least one listener`, 'pass listeners or call addListener()');
  const shim = shimIssuerOf(g.json);
  for (const l of listeners) {
    if (l.secrets.length === 0) continue;
    for (const s of l.secrets) {
      checkCoverage(model, report, g, l, s);
      checkGrant(model, report, g, l, s);
    }
    if (!shim) continue;
    if (l.hostname === undefined) {
      report.error(g, `spec.listeners[${l.index}].hostname`, undefined,
        'cert-manager\'s gateway-shim skips TLS listeners without a hostname, so no certificate would be issued for this one',
        'set the listener hostname');
    } else {
      checkShimSolver(model, report, g, l, shim);
    }
    for (const s of l.secrets) checkShimSecret(model, report, g, l, s);
  }
}

function checkGateways(model: AppModel, report: Reporter): void {
  for (const kind of LISTENER_KINDS) {
    for (const g of model.ofKind(GATEWAY_API_GROUP, kind)) {
      if (!g.external && g.json !== undefined) checkListenerOwner(model, report, g);
    }
  }
}

registerChecks({ id: 'gateway-api/gateways', check: checkGateways });
