// cert-manager's ACME solver selection over the wire form, ported from pkg/util/solverpicker
// (v1.21; previously pkg/controller/acmeorders/sync.go): the one implementation, used by the
// typed API (`IIssuer.solverFor()`), the whole-app checks of every family and the GitOps
// passes, so that they also understand issuers written as plain ApiObjects or read from files.
// Internal: part of the family's interface to other families, not exported from the package.
import { AppModel, ModelObject } from '../core/model';
import { arr, obj, str, stringMap } from '../private/wire';

/** Challenge types, as the wire form names them. */
export type ChallengeType = 'http01' | 'dns01';

/** Challenge type of a rendered solver, or undefined when neither is set. */
export function solverType(solver: any): ChallengeType | undefined {
  const s = obj(solver);
  if (s.http01 !== undefined) return 'http01';
  if (s.dns01 !== undefined) return 'dns01';
  return undefined;
}

/**
 * The challenge types an ACME CA offers for a name. Public CAs (Let's Encrypt and every CA
 * bound by the CA/Browser Forum baseline requirements) validate wildcard names only over
 * DNS-01, so a wildcard authorization carries no HTTP-01 challenge and cert-manager skips
 * HTTP-01 solvers for it.
 */
export function offeredChallenges(dnsName: string): ChallengeType[] {
  return dnsName.startsWith('*.') ? ['dns01'] : ['http01', 'dns01'];
}

interface Match {
  readonly labels: number;
  readonly names: number;
  readonly zones: number;
}

/**
 * Position of the solver cert-manager selects for `dnsName` (written `*.example.com` for
 * wildcards, as cert-manager reconstructs it from the authorization) on a Certificate with
 * `labels`, among `solvers` (rendered); undefined when none can be used ("no configured
 * challenge solvers can be used for this challenge").
 *
 * Precedence: solvers whose type is not offered are skipped; a solver without selector is
 * taken only if nothing was selected before; among matching selectors, a `dnsNames` match
 * beats none, then the longer `dnsZones` match, then more `matchLabels`; on a tie the earlier
 * solver stays selected.
 *
 * @param positions the solvers to consider, as positions in `solvers` in ascending order (default: all)
 */
export function pickSolver(solvers: readonly any[], dnsName: string, labels: { [key: string]: string },
  offered: ChallengeType[] = offeredChallenges(dnsName), positions?: readonly number[]): number | undefined {
  let selected: number | undefined;
  let best: Match = { labels: 0, names: 0, zones: 0 };
  const consider = (i: number) => {
    const solver = solvers[i];
    const type = solverType(solver);
    if (type === undefined || !offered.includes(type)) return;
    const selector = obj(solver).selector;
    if (selector === undefined || selector === null) {
      // "match all": only when nothing was selected yet (the counts stay as they are)
      if (selected === undefined) selected = i;
      return;
    }
    const m = match(obj(selector), dnsName, labels);
    if (!m) return;
    if (selected === undefined || better(m, best)) {
      selected = i;
      best = m;
    }
  };
  if (positions) positions.forEach(consider);
  else for (let i = 0; i < solvers.length; i++) consider(i);
  return selected;
}

function better(m: Match, sel: Match): boolean {
  const mNames = m.names > 0;
  const sNames = sel.names > 0;
  if (mNames !== sNames) return mNames;
  const mZones = m.zones > 0;
  const sZones = sel.zones > 0;
  if (!mNames && mZones !== sZones) return mZones;
  if (m.zones !== sel.zones) return m.zones > sel.zones;
  return m.labels > sel.labels;
}

/** cert-manager's selector match (`pkg/controller/acmeorders/selectors`); undefined when any part rejects. */
function match(sel: { [key: string]: any }, dnsName: string, labels: { [key: string]: string }): Match | undefined {
  let labelCount = 0;
  for (const [k, v] of Object.entries(obj(sel.matchLabels))) {
    if (labels[k] !== v) return undefined;
    labelCount++;
  }
  let names = 0;
  const dnsNames = arr(sel.dnsNames);
  if (dnsNames.length > 0) {
    if (!dnsNames.includes(dnsName)) return undefined; // exact, case-sensitive
    names = 1;
  }
  let zones = 0;
  const dnsZones = arr(sel.dnsZones);
  if (dnsZones.length > 0) {
    const nameLabels = zoneLabels(dnsName);
    for (const zone of dnsZones) {
      const z = zoneLabels(str(zone) ?? '');
      // miekg/dns CompareDomainName: labels in common from the right, case-insensitive
      if (z.length > zones && z.length > 0 && commonSuffix(z, nameLabels) === z.length) zones = z.length;
    }
    if (zones === 0) return undefined;
  }
  return { labels: labelCount, names, zones };
}

function zoneLabels(name: string): string[] {
  return name.toLowerCase().split('.').filter((l) => l.length > 0);
}

function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 && j >= 0 && a[i] === b[j]; i--, j--) n++;
  return n;
}

/**
 * The solvers of one issuer indexed by the names and zones they select, so that picking one
 * for a name looks only at the solvers that can match it (a fleet sharing one issuer must stay
 * linear). `candidates()` is a superset of the solvers `pickSolver` could select or count for
 * the name, in the issuer's order.
 */
export class SolverIndex {
  private readonly byName = new Map<string, number[]>();
  private readonly byZone = new Map<string, number[]>();
  /** Solvers without `selector.dnsNames` or `dnsZones`: candidates for every name. */
  private readonly generic: number[] = [];

  public constructor(public readonly solvers: readonly any[]) {
    solvers.forEach((solver, i) => {
      const sel = obj(obj(solver).selector);
      const names = arr(sel.dnsNames).filter((x) => typeof x === 'string');
      const zones = arr(sel.dnsZones).filter((x) => typeof x === 'string');
      if (names.length > 0) {
        for (const n of new Set(names)) push(this.byName, n, i);
      } else if (zones.length > 0) {
        for (const z of new Set(zones.map((x: string) => zoneLabels(x).join('.')))) push(this.byZone, z, i);
      } else {
        this.generic.push(i);
      }
    });
  }

  /** Positions of the solvers that may be selected for `dnsName`, ascending. */
  public candidates(dnsName: string): number[] {
    const found = new Set<number>(this.generic);
    for (const i of this.byName.get(dnsName) ?? []) found.add(i);
    if (this.byZone.size > 0) {
      const labels = zoneLabels(dnsName);
      for (let i = 0; i < labels.length; i++) for (const s of this.byZone.get(labels.slice(i).join('.')) ?? []) found.add(s);
    }
    return [...found].sort((a, b) => a - b);
  }

  /** Position of the solver selected for `dnsName` with `labels` (see `pickSolver`). */
  public pick(dnsName: string, labels: { [key: string]: string }, offered?: ChallengeType[]): number | undefined {
    return pickSolver(this.solvers, dnsName, labels, offered, this.candidates(dnsName));
  }
}

/** The issuer a Certificate names in its cluster: an object of the app, an external stand-in, or undefined. */
export function issuerOf(model: AppModel, certificate: ModelObject): ModelObject | undefined {
  const ref = obj(obj(certificate.json?.spec).issuerRef);
  return issuerByRef(model, certificate, str(ref.group) || 'cert-manager.io', str(ref.kind) || 'Issuer', str(ref.name) ?? '');
}

/** The issuer named by group, kind and name as seen from `from` (namespaced Issuers in `from`'s namespace). */
export function issuerByRef(model: AppModel, from: ModelObject, group: string, kind: string, name: string): ModelObject | undefined {
  const namespace = group === 'cert-manager.io' && kind === 'ClusterIssuer' ? '' : from.namespace;
  return model.find(from.cluster, group, kind, namespace, name)[0];
}

/** The ACME solvers of a rendered issuer (empty for other issuers). */
export function acmeSolversOf(issuer: ModelObject): any[] {
  return arr(obj(obj(issuer.json?.spec).acme).solvers);
}

/** The solver index of an issuer of the model, built once per model. */
export function solverIndexOf(model: AppModel, issuer: ModelObject): SolverIndex {
  const indexes = model.derived('cert-manager/solver-indexes', () => new Map<ModelObject, SolverIndex>());
  let index = indexes.get(issuer);
  if (!index) indexes.set(issuer, (index = new SolverIndex(acmeSolversOf(issuer))));
  return index;
}

/** A solver selected for a name of a Certificate. */
export interface SelectedSolver {
  /** The issuer (in the model). */
  readonly issuer: ModelObject;
  /** Position in the issuer's `spec.acme.solvers`. */
  readonly index: number;
  /** The rendered solver. */
  readonly solver: any;
  readonly type: ChallengeType;
}

/**
 * The solver cert-manager selects for `dnsName` of `certificate`; undefined when its issuer is
 * not an ACME issuer of the model, or when no solver can be used.
 */
export function selectSolver(model: AppModel, certificate: ModelObject, dnsName: string, offered?: ChallengeType[]): SelectedSolver | undefined {
  if (offered !== undefined) return select(model, certificate, dnsName, offered);
  // several families' checks ask for the same names: selected once per model
  const cache = model.derived('cert-manager/selected-solvers', () => new Map<ModelObject, Map<string, SelectedSolver | undefined>>());
  let byName = cache.get(certificate);
  if (!byName) cache.set(certificate, (byName = new Map()));
  if (byName.has(dnsName)) return byName.get(dnsName);
  const selected = select(model, certificate, dnsName);
  byName.set(dnsName, selected);
  return selected;
}

function select(model: AppModel, certificate: ModelObject, dnsName: string, offered?: ChallengeType[]): SelectedSolver | undefined {
  const issuer = issuerOf(model, certificate);
  if (!issuer || issuer.external || obj(issuer.json?.spec).acme === undefined) return undefined;
  const index = solverIndexOf(model, issuer);
  const i = index.pick(dnsName, stringMap(certificate.json?.metadata?.labels), offered);
  if (i === undefined) return undefined;
  return { issuer, index: i, solver: index.solvers[i], type: solverType(index.solvers[i])! };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
