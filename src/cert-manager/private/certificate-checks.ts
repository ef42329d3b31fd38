// Certificates over the wire form (not exported from the package): the issuer is where
// cert-manager looks it up, an ACME issuer can validate every name, no two Certificates write
// one Secret or share a name. They read manifests (and, for the issuer a Certificate's L2 was
// given, its facts), so they hold for Certificates the library did not build.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { parseGoDuration } from '../../private/duration';
import { isWildcard } from '../../private/hostnames';
import { isIpAddress } from '../../private/names';
import { arr, obj, str, strings } from '../../private/wire';
import { certificatesWriting, secretNameOf } from '../secret-writers';
import { acmeSolversOf, issuerOf, selectSolver } from '../solver-selection';
import { givenIssuerOf } from './certificate-facts';
import { lifetimeProblem } from './certificate-input';
import { commonNameOf, parseLiteralSubject } from './x509-names';

const CM = 'cert-manager.io';

/** The rendered Certificates of the model. */
function certificates(model: AppModel): ModelObject[] {
  return model.ofKind(CM, 'Certificate').filter((c) => !c.external && c.json !== undefined);
}

/** `spec.issuerRef` with cert-manager's defaults (group cert-manager.io, kind Issuer). */
function issuerRefOf(certificate: ModelObject): { group: string; kind: string; name: string } {
  const ref = obj(obj(certificate.json?.spec).issuerRef);
  return { group: str(ref.group) || CM, kind: str(ref.kind) || 'Issuer', name: str(ref.name) ?? '' };
}

/** The issuers of `group` and `kind` in the model named `name` in `cluster`, in any namespace. */
function issuersNamed(model: AppModel, cluster: string, group: string, kind: string, name: string): readonly ModelObject[] {
  const index = model.derived(`cert-manager/issuers-by-name|${group}|${kind}`, (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const o of m.ofKind(group, kind)) {
      const key = `${o.cluster}|${o.name}`;
      const list = out.get(key);
      if (list) list.push(o);
      else out.set(key, [o]);
    }
    return out;
  });
  return index.get(`${cluster}|${name}`) ?? [];
}

/**
 * The namespace of the namespaced issuer `certificate` means: the one its L2 was given; for a
 * manifest, the Certificate's own namespace when the model has the issuer there, else the
 * namespace of an issuer of that name elsewhere in the cluster (undefined when none).
 */
function issuerNamespaceOf(model: AppModel, certificate: ModelObject, ref: { group: string; kind: string; name: string }): string | undefined {
  const given = givenIssuerOf(certificate);
  if (given) return given.namespace;
  if (model.find(certificate.cluster, ref.group, ref.kind, certificate.namespace, ref.name).length > 0) return certificate.namespace;
  return issuersNamed(model, certificate.cluster, ref.group, ref.kind, ref.name).find((o) => o.namespace !== '')?.namespace;
}

/** cert-manager resolves `issuerRef` in the Certificate's namespace (namespaced kinds) and cluster. */
function checkIssuerPlacement(model: AppModel, report: Reporter): void {
  for (const c of certificates(model)) {
    const ref = issuerRefOf(c);
    const desc = `${ref.kind} ${JSON.stringify(ref.name)}`;
    const namespace = ref.kind === 'ClusterIssuer' ? undefined : issuerNamespaceOf(model, c, ref);
    if (namespace !== undefined && namespace !== c.namespace) {
      report.error(c, 'spec.issuerRef', `${namespace}/${ref.name}`,
        `${desc} is namespaced and lives in namespace ${JSON.stringify(namespace)}, but the Certificate is in ${JSON.stringify(c.namespace)}; cert-manager looks the issuer up in the Certificate's namespace`,
        `define the Issuer in namespace ${JSON.stringify(c.namespace)} or use a ClusterIssuer`);
    }
    const cluster = givenIssuerOf(c)?.cluster;
    if (c.cluster !== '' && cluster !== undefined && cluster !== c.cluster) {
      report.error(c, 'spec.issuerRef', `${cluster}: ${ref.name}`,
        `${desc} is defined for cluster ${JSON.stringify(cluster)} but the Certificate renders for cluster ${JSON.stringify(c.cluster)}; cert-manager resolves issuerRef in its own cluster, so the issuer must exist in the certificate's cluster`,
        `define the issuer in cluster ${JSON.stringify(c.cluster)} too (e.g. a shared CA issuer defined in each cluster) and pass that one`);
    }
  }
}

/**
 * What an ACME issuer of the app needs from a Certificate: a commonName among its SANs, only
 * DNS names and IP addresses, and a solver cert-manager selects for every name (a DNS-01 one
 * for wildcards). A `duration` the ACME server is not sent is a warning.
 */
function checkAcme(model: AppModel, report: Reporter): void {
  for (const c of certificates(model)) {
    const issuer = issuerOf(model, c);
    if (!issuer || issuer.external) continue;
    const acme = obj(issuer.json?.spec).acme;
    if (acme === undefined) continue;
    const spec = obj(c.json.spec);
    const desc = `${issuer.kind} ${JSON.stringify(issuer.name)}`;
    const dnsNames = strings(spec.dnsNames);
    // a CN inside literalSubject is the CSR's common name as well
    const literal = str(spec.literalSubject);
    const cn = str(spec.commonName) ?? (literal !== undefined ? commonNameOf(parseLiteralSubject(literal)) : undefined);
    const cnField = spec.commonName !== undefined ? 'spec.commonName' : 'spec.literalSubject';
    // cert-manager's ACME issuer fails a request whose commonName is not among its SANs
    // (pkg/controller/certificaterequests/acme/acme.go, "InvalidOrder")
    if (cn !== undefined && !dnsNames.includes(cn) && !strings(spec.ipAddresses).includes(cn)) {
      report.error(c, cnField, cnField === 'spec.commonName' ? cn : literal,
        `ACME requires the commonName${cnField === 'spec.commonName' ? '' : ` (CN ${JSON.stringify(cn)} of literalSubject)`} to also be in dnsNames or ipAddresses (cert-manager fails the request with "InvalidOrder")`,
        `add ${JSON.stringify(cn)} to dnsNames, or remove ${cnField === 'spec.commonName' ? 'commonName' : 'the CN from literalSubject'}`);
    }
    for (const field of ['uris', 'emailAddresses']) {
      const values = arr(spec[field]);
      if (values.length > 0) {
        report.error(c, `spec.${field}`, values, `ACME CAs only validate DNS names and IP addresses; a CSR with ${field} is rejected`, `remove ${field} or use a CA or Vault issuer`);
      }
    }
    const duration = str(spec.duration);
    if (duration !== undefined && obj(acme).enableDurationFeature !== true) {
      report.warn(c, 'spec.duration', duration,
        `duration ${duration} is not sent to the ACME server (issuer ${issuer.name} has no enableDurationFeature); the CA picks the lifetime (Let's Encrypt: 90 days or shorter)`,
        'remove duration, or set enableDurationFeature on an issuer whose CA honours it');
    }
    if (acmeSolversOf(issuer).length === 0) continue; // the issuer reports it
    const names: Array<[string, string]> = dnsNames.map((n, i) => [`spec.dnsNames[${i}]`, n]);
    if (cn !== undefined && !dnsNames.includes(cn) && !isIpAddress(cn)) names.push([cnField, cn]);
    for (const [field, dnsName] of names) {
      if (selectSolver(model, c, dnsName) !== undefined) continue;
      if (isWildcard(dnsName)) {
        const httpOnly = selectSolver(model, c, dnsName, ['http01', 'dns01']) !== undefined;
        report.error(c, field, dnsName,
          `wildcard names can only be validated over DNS-01 (Let's Encrypt offers no HTTP-01 challenge for them) and no DNS-01 solver of ${desc} is selected for this name${httpOnly ? ' (only an HTTP-01 solver matches)' : ''}; cert-manager would fail with the vague "no configured challenge solvers can be used for this challenge"`,
          `add AcmeSolver.dns01(...) to the issuer with no selector, or with selector.dnsZones containing ${JSON.stringify(dnsName.slice(2))} (or selector.dnsNames containing ${JSON.stringify(dnsName)})`);
      } else {
        report.error(c, field, dnsName,
          `no solver of ${desc} is selected for this name (their selectors' dnsNames, dnsZones and matchLabels exclude it); cert-manager would fail with "no configured challenge solvers can be used for this challenge"`,
          'add a solver without a selector, or widen a selector (dnsNames, dnsZones, matchLabels) to match this name and the Certificate\'s labels');
      }
    }
  }
}

/** Two Certificates writing one Secret overwrite each other and re-issue endlessly. */
function checkSecrets(model: AppModel, report: Reporter): void {
  for (const c of certificates(model)) {
    const secret = secretNameOf(c);
    if (secret === undefined) continue;
    const writers = certificatesWriting(model, c.cluster, c.namespace, secret);
    if (writers.length < 2) continue;
    const all = [c, ...writers.filter((w) => w !== c)].map((w) => w.path);
    report.error(c, 'spec.secretName', secret,
      `Certificates ${all.join(' and ')} write the same Secret ${JSON.stringify(`${c.namespace}/${secret}`)}; they would overwrite each other and re-issue endlessly, burning the CA's rate limits`,
      'give each Certificate its own secretName, or merge their dnsNames into one Certificate');
  }
}

/** Two Certificates with one name in a namespace: one replaces the other. */
function checkNames(model: AppModel, report: Reporter): void {
  for (const c of certificates(model)) {
    const same = model.find(c.cluster, CM, 'Certificate', c.namespace, c.name).filter((x) => !x.external);
    if (same.length < 2) continue;
    report.error(c, 'metadata.name', c.name,
      `another Certificate named ${JSON.stringify(c.name)} in namespace ${JSON.stringify(c.namespace)} is defined at ${same.filter((x) => x !== c).map((x) => x.path).join(', ')}`,
      'give each Certificate a unique metadata.name');
  }
}

/**
 * Manifests read from files: the lifetime rules of cert-manager's webhook (the Certificate L2
 * checks its props with the same rule when created).
 */
function checkLifetimes(model: AppModel, report: Reporter): void {
  for (const c of certificates(model)) {
    const spec = obj(c.json.spec);
    const ms: { [field: string]: number | undefined } = {};
    let parsed = true;
    for (const field of ['duration', 'renewBefore']) {
      const v = spec[field];
      if (v === undefined) continue;
      ms[field] = typeof v === 'string' ? parseGoDuration(v) : undefined;
      if (ms[field] === undefined) {
        parsed = false;
        report.error(c, `spec.${field}`, v, "is not a Go duration, so cert-manager's webhook rejects the Certificate", 'write a Go duration such as "2160h" or "2160h0m0s" (units ns, us, ms, s, m, h; there is no "d")');
      }
    }
    if (!parsed) continue;
    const problem = lifetimeProblem(ms.duration, ms.renewBefore, spec.renewBeforePercentage);
    if (problem) report.error(c, `spec.${problem.field}`, spec[problem.field], `${problem.problem}: cert-manager's webhook rejects the Certificate`, problem.fix);
  }
}

registerChecks(
  { id: 'cert-manager/certificate-lifetime', phase: 'manifests', check: checkLifetimes },
  { id: 'cert-manager/certificate-issuer', check: checkIssuerPlacement },
  { id: 'cert-manager/certificate-acme', check: checkAcme },
  { id: 'cert-manager/certificate-secrets', check: checkSecrets },
  { id: 'cert-manager/certificate-names', check: checkNames },
);
