import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { Resource, ResourceType } from '../core/resource';
import { receive } from '../private/factory';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { AcmeChallengeType, AcmeSolver } from './acme-solver';
import { IssuerConfig } from './issuer-config';
import { checkSecretName } from './private/credentials';
import './private/issuer-checks';
import { IIssuer, IssuerReference, IssuerType } from './references';
import { pickSolver, SolverIndex } from './solver-selection';

/** cert-manager's API group. */
const CERT_MANAGER_GROUP = 'cert-manager.io';

const ISSUER = ResourceType._of({ l1: cm.Issuer, mapper: cm.toJson_IssuerProps, kind: 'Issuer', namespaced: true });
const CLUSTER_ISSUER = ResourceType._of({ l1: cm.ClusterIssuer, mapper: cm.toJson_ClusterIssuerProps, kind: 'ClusterIssuer', namespaced: false });

/** Properties of an `Issuer` or `ClusterIssuer`. */
export interface IssuerProps {
  /**
   * Metadata: `name` (default: the kebab-cased construct id), `namespace` (Issuer only; default
   * the chart's namespace, else `default`), labels and annotations.
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /** The kind of CA: `IssuerConfig.letsEncrypt(...)`, `.acme(...)`, `.ca(...)`, `.selfSigned()`, `.vault(...)`. */
  readonly config: IssuerConfig;
}

/**
 * What `Issuer` and `ClusterIssuer` share: the spec, ACME solvers and solver selection.
 *
 * Checked at synth: no other issuer of the kind has the same name (and namespace); an ACME
 * issuer has at least one solver; a namespaced CA Issuer's Secret is not written by the app
 * only in other namespaces (warning).
 */
export abstract class IssuerBase extends Resource implements IIssuer {
  /** Rendered into `spec.issuerRef` of Certificates. */
  public readonly issuerRef: IssuerReference;
  /** Namespace of a namespaced Issuer; undefined for a ClusterIssuer. */
  public readonly issuerNamespace?: string;
  /** The kind of CA. */
  public readonly issuerType: IssuerType;
  /** The ACME server URL of an ACME issuer. */
  public readonly acmeServer?: string;
  /** Name of the Secret holding the ACME account key of an ACME issuer. */
  public readonly acmeAccountKeySecretName?: string;
  /** The configuration this issuer was created with. */
  public readonly config: IssuerConfig;

  private readonly solverList: AcmeSolver[] = [];
  private readonly added = new Set<AcmeSolver>();
  /**
   * The rendered solvers indexed by the names and zones they select (solver-selection.ts), so
   * that `solverFor` stays O(1) per name however many solvers a shared issuer has; rebuilt
   * after `addSolver()`.
   */
  private index?: SolverIndex;
  private readonly clusterScoped: boolean;

  protected constructor(scope: Construct, id: string, props: IssuerProps, clusterScoped: boolean) {
    super(scope, id, clusterScoped ? CLUSTER_ISSUER : ISSUER, props?.metadata);
    const config = receive(this, 'config', props?.config);
    if (!(config instanceof IssuerConfig)) {
      fail(this, 'config', config, 'config is required: an issuer needs exactly one issuer type', 'use IssuerConfig.letsEncrypt(...), .acme(...), .ca(...), .selfSigned() or .vault(...)');
    }
    this.clusterScoped = clusterScoped;
    this.config = config;
    this.issuerNamespace = clusterScoped ? undefined : this.apiObject.metadata.namespace;
    this.issuerRef = { name: this.name, kind: this.kind, group: CERT_MANAGER_GROUP };
    this.issuerType = config.issuerType;
    this.acmeServer = config.acmeServer;
    this.acmeAccountKeySecretName = config._accountKeySecretName(this.name);
    if (this.acmeAccountKeySecretName !== undefined) checkSecretName(this, 'privateKeySecretName', this.acmeAccountKeySecretName);
    for (const w of config._warnings) Warnings.add(this, w);
    for (const solver of config.solvers) this.addSolver(solver);
  }

  /** @internal */
  protected _toSpec(): cm.IssuerSpec {
    return this.config._toKube(this.name, this.solverList);
  }

  /**
   * The issuer's props do not mirror its spec: `spec.acme.solvers[i]` are its `solvers[i]`
   * (from the config or `addSolver()`), the rest of `spec.<type>` comes from `config`.
   * @internal
   */
  public _displayField(wireField: string): string | undefined {
    const solvers = /^spec\.acme\.solvers(.*)$/.exec(wireField);
    if (solvers) return `solvers${solvers[1]}`;
    const config = /^spec\.(?:acme|ca|selfSigned|vault)\.(.+)$/.exec(wireField);
    return config ? `config.${config[1]}` : undefined;
  }

  /** The ACME solvers, in the order cert-manager sees them. */
  public get acmeSolvers(): AcmeSolver[] {
    return [...this.solverList];
  }

  /**
   * Add an ACME challenge solver (ACME issuers only). Order matters: on a tie cert-manager
   * picks the solver listed first.
   */
  public addSolver(solver: AcmeSolver): void {
    const field = `solvers[${this.solverList.length}]`;
    receive(this, field, solver);
    if (this.issuerType !== IssuerType.ACME) {
      fail(this, 'solvers', this.issuerType, `only ACME issuers have challenge solvers (this issuer is ${this.issuerType})`, 'add solvers to an issuer created with IssuerConfig.acme() or IssuerConfig.letsEncrypt()');
    }
    if (!(solver instanceof AcmeSolver)) {
      fail(this, field, solver, 'must be an AcmeSolver', 'create it with AcmeSolver.http01Ingress(), .http01GatewayHttpRoute() or .dns01()');
    }
    if (this.added.has(solver)) {
      fail(this, field, solver.challengeType, 'this solver was already added to the issuer', 'add each solver once');
    }
    // cert-manager disables ambient credentials for namespaced Issuers unless the controller
    // runs with --issuer-ambient-credentials
    if (!this.clusterScoped && solver.challengeType === AcmeChallengeType.DNS01 && solver.dns01Provider?._usesAmbientCredentials) {
      Warnings.add(this, `the ${solver.dns01Provider.kind} solver uses ambient credentials, which cert-manager only allows for a namespaced Issuer when the controller runs with --issuer-ambient-credentials — reference credentials (or IRSA for route53), or use a ClusterIssuer`);
    }
    this.solverList.push(solver);
    this.added.add(solver);
    this.index = undefined;
  }

  /**
   * The solver cert-manager selects for `dnsName` on a Certificate carrying
   * `certificateLabels`; undefined when none (and for non-ACME issuers).
   */
  public solverFor(dnsName: string, certificateLabels?: { [key: string]: string }): AcmeSolver | undefined {
    return this._solverForLazyLabels(dnsName, () => certificateLabels ?? {});
  }

  /**
   * `solverFor()` with the Certificate's labels computed only when a candidate solver selects by
   * `matchLabels` (resolving a Certificate's labels costs more than picking its solver).
   * @internal
   */
  public _solverForLazyLabels(dnsName: string, labels: () => { [key: string]: string }): AcmeSolver | undefined {
    if (this.issuerType !== IssuerType.ACME) return undefined;
    const index = (this.index ??= new SolverIndex(this.solverList.map((s) => s._toKube())));
    const candidates = index.candidates(dnsName);
    const byLabels = candidates.some((i) => Object.keys(index.solvers[i].selector?.matchLabels ?? {}).length > 0);
    const picked = pickSolver(index.solvers, dnsName, byLabels ? labels() : {}, undefined, candidates);
    return picked === undefined ? undefined : this.solverList[picked];
  }
}
