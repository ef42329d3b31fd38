// Issuers and ClusterIssuers over the wire form (not exported from the package): one issuer per
// kind, name (and namespace), an ACME issuer has a solver, a namespaced CA Issuer finds its
// Secret. They read manifests only, so they hold for issuers the library did not build.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { acmeContactProblem } from '../../private/letsencrypt';
import { arr, obj, str } from '../../private/wire';
import { certificatesWriting, certificatesWritingSecretNamed } from '../secret-writers';

const CM = 'cert-manager.io';
const ISSUER_KINDS = ['Issuer', 'ClusterIssuer'];

/** The issuers the app renders (not the stand-ins of issuers defined outside it), of both kinds. */
function renderedIssuers(model: AppModel): ModelObject[] {
  return ISSUER_KINDS.flatMap((kind) => model.ofKind(CM, kind).filter((o) => !o.external && o.json !== undefined));
}

/** Two issuers of one kind with the same name (and namespace) in a cluster: one replaces the other. */
function checkNames(model: AppModel, report: Reporter): void {
  for (const o of renderedIssuers(model)) {
    const same = model.find(o.cluster, CM, o.kind, o.namespace, o.name).filter((x) => !x.external);
    if (same.length < 2) continue;
    const others = same.filter((x) => x !== o).map((x) => x.path);
    report.error(o, 'metadata.name', o.name,
      `another ${o.kind} with the same name${o.namespace ? ` in namespace ${JSON.stringify(o.namespace)}` : ''} is defined at ${others.join(', ')}`,
      'give each issuer a unique metadata.name');
  }
}

/** An ACME issuer without solvers cannot complete any challenge. */
function checkAcmeSolvers(model: AppModel, report: Reporter): void {
  for (const o of renderedIssuers(model)) {
    const acme = obj(o.json.spec).acme;
    if (acme === undefined || arr(obj(acme).solvers).length > 0) continue;
    report.error(o, 'spec.acme.solvers', [], 'an ACME issuer without solvers cannot complete any challenge',
      'pass solvers in the config or call addSolver(AcmeSolver.http01GatewayHttpRoute(...) / AcmeSolver.dns01(...))');
  }
}

/**
 * A namespaced CA Issuer reads its key pair only from its own namespace: warn when the app's
 * Certificates write that Secret name, but only in other namespaces.
 */
function checkCaSecretNamespace(model: AppModel, report: Reporter): void {
  for (const o of model.ofKind(CM, 'Issuer')) {
    if (o.external || o.json === undefined) continue;
    const secret = str(obj(obj(o.json.spec).ca).secretName);
    if (secret === undefined || certificatesWriting(model, o.cluster, o.namespace, secret).length > 0) continue;
    const elsewhere = certificatesWritingSecretNamed(model, o.cluster, secret);
    if (elsewhere.length === 0) continue;
    report.warn(o, 'spec.ca.secretName', secret,
      `the CA Secret "${secret}" is read from the Issuer's own namespace "${o.namespace}", but the app writes it only in ${elsewhere.map((c) => `"${c.namespace}" (${c.path})`).join(', ')}; `
        + `the Issuer stays not Ready unless a copy exists in "${o.namespace}"`,
      `create the CA Certificate in "${o.namespace}", or use a ClusterIssuer with the Secret in cert-manager's cluster resource namespace`);
  }
}

/**
 * Manifests read from files: an ACME account's contact the server refuses (the issuer L2 checks
 * its email when created, with the same rule).
 */
function checkAcmeContacts(model: AppModel, report: Reporter): void {
  for (const o of renderedIssuers(model)) {
    const acme = obj(obj(o.json.spec).acme);
    const email = str(acme.email);
    const contact = email === undefined ? undefined : acmeContactProblem(str(acme.server), email);
    if (contact) report.error(o, 'spec.acme.email', email, contact.problem, contact.fix);
  }
}

registerChecks(
  { id: 'cert-manager/acme-contact', phase: 'manifests', check: checkAcmeContacts },
  { id: 'cert-manager/issuer-names', check: checkNames },
  { id: 'cert-manager/acme-solvers', check: checkAcmeSolvers },
  { id: 'cert-manager/ca-secret-namespace', check: checkCaSecretNamespace },
);
