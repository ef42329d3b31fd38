import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { clusterOf } from '../private/cluster';
import { omitNamespace, resolveMetadata } from '../private/metadata';
import { entries, register } from '../private/registry';
import { describeProblem, fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { AcmeChallengeType, AcmeSolver } from './acme-solver';
import { checkSecretName, SECRET_NAME_REGISTRY, SECRET_REGISTRY } from './checks';
import { IssuerConfig } from './issuer-config';
import { ICertificate, IIssuer, IssuerReference, IssuerType } from './references';
import { pickSolver, SolverIndex } from './solver-picker';
import { plainRendering } from '../private/plain-render';

/** The ClusterIssuer API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const ClusterIssuerObject = plainRendering(cm.ClusterIssuer, cm.toJson_ClusterIssuerProps);
/** The Issuer API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const IssuerObject = plainRendering(cm.Issuer, cm.toJson_IssuerProps);

/** cert-manager's API group. */
const CERT_MANAGER_GROUP = 'cert-manager.io';

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
 */
export abstract class IssuerBase extends Construct implements IIssuer {
  /** The underlying API object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
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
  /** The solvers by the names and zones they select, so `solverFor` stays O(1) per name however many solvers a shared issuer has. */
  private readonly solverIndex = new SolverIndex();
  private readonly clusterScoped: boolean;

  protected constructor(scope: Construct, id: string, props: IssuerProps, clusterScoped: boolean) {
    super(scope, id);
    const kind = clusterScoped ? 'ClusterIssuer' : 'Issuer';
    if (!props || !(props.config instanceof IssuerConfig)) {
      fail(this, 'config', props?.config, 'config is required: an issuer needs exactly one issuer type', 'use IssuerConfig.letsEncrypt(...), .acme(...), .ca(...), .selfSigned() or .vault(...)');
    }
    this.clusterScoped = clusterScoped;
    this.config = props.config;
    const metadata = resolveMetadata(this, props.metadata, { namespaced: !clusterScoped, kind });
    this.name = metadata.name!;
    this.issuerNamespace = metadata.namespace;
    this.issuerRef = { name: this.name, kind, group: CERT_MANAGER_GROUP };
    this.issuerType = props.config.issuerType;
    this.acmeServer = props.config.acmeServer;
    this.acmeAccountKeySecretName = props.config._accountKeySecretName(this.name);
    if (this.acmeAccountKeySecretName !== undefined) checkSecretName(this, 'privateKeySecretName', this.acmeAccountKeySecretName);
    for (const w of props.config._warnings) Warnings.add(this, w);

    const spec = Lazy.any({ produce: () => props.config._toKube(this.name, this.solverList) });
    this.apiObject = clusterScoped
      ? new ClusterIssuerObject(this, 'Resource', { metadata, spec })
      : new IssuerObject(this, 'Resource', { metadata, spec });
    if (clusterScoped) omitNamespace(this.apiObject);

    for (const solver of props.config.solvers) this.addSolver(solver);

    const cluster = clusterOf(this) ?? '';
    const sameName = register('cert-manager:issuer', `${cluster}|${kind}|${this.issuerNamespace ?? ''}|${this.name}`, this);
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (this.issuerType === IssuerType.ACME && this.solverList.length === 0) {
          errors.push(describeProblem('solvers', [], 'an ACME issuer without solvers cannot complete any challenge',
            'pass solvers in the config or call addSolver(AcmeSolver.http01GatewayHttpRoute(...) / AcmeSolver.dns01(...))'));
        }
        if (sameName.length > 1) {
          const others = sameName.filter((c) => c !== this).map((c) => c.node.path);
          errors.push(describeProblem('metadata.name', this.name,
            `another ${kind} with the same name${this.issuerNamespace ? ` in namespace ${JSON.stringify(this.issuerNamespace)}` : ''} is defined at ${others.join(', ')}`,
            'give each issuer a unique metadata.name'));
        }
        this.checkCaSecretNamespace(cluster);
        return errors;
      },
    });
  }

  /**
   * A namespaced CA Issuer reads its key pair only from its own namespace: warn when the app's
   * Certificates write that Secret name, but only in other namespaces.
   */
  private checkCaSecretNamespace(cluster: string): void {
    const secret = this.config._caSecretName;
    const ns = this.issuerNamespace;
    if (this.clusterScoped || secret === undefined || ns === undefined) return;
    if ((entries(SECRET_REGISTRY, this).get(`${cluster}|${ns}|${secret}`) ?? []).length > 0) return;
    const elsewhere = (entries(SECRET_NAME_REGISTRY, this).get(`${cluster}|${secret}`) ?? []) as unknown as ICertificate[];
    if (elsewhere.length === 0) return;
    const warning = `the CA Secret "${secret}" is read from the Issuer's own namespace "${ns}", but the app writes it only in ${elsewhere.map((c) => `"${c.namespace}" (${c.node.path})`).join(', ')}; `
      + `the Issuer stays not Ready unless a copy exists in "${ns}" — create the CA Certificate in "${ns}", or use a ClusterIssuer with the Secret in cert-manager's cluster resource namespace`;
    // validations run again on every synth: record the warning once
    if (!this.node.metadata.some((m) => m.data === warning)) Warnings.add(this, warning);
  }

  /** The ACME solvers, in the order cert-manager sees them. */
  public get acmeSolvers(): AcmeSolver[] {
    return [...this.solverList];
  }

  /**
   * Number of ACME solvers, without copying the list (`acmeSolvers` copies it: per Certificate of
   * an issuer shared by a fleet that was quadratic, issue #7).
   *
   * @internal
   */
  public get _solverCount(): number {
    return this.solverList.length;
  }

  /**
   * Add an ACME challenge solver (ACME issuers only). Order matters: on a tie cert-manager
   * picks the solver listed first.
   */
  public addSolver(solver: AcmeSolver): void {
    if (this.issuerType !== IssuerType.ACME) {
      fail(this, 'solvers', this.issuerType, `only ACME issuers have challenge solvers (this issuer is ${this.issuerType})`, 'add solvers to an issuer created with IssuerConfig.acme() or IssuerConfig.letsEncrypt()');
    }
    if (!(solver instanceof AcmeSolver)) {
      fail(this, `solvers[${this.solverList.length}]`, solver, 'must be an AcmeSolver', 'create it with AcmeSolver.http01Ingress(), .http01GatewayHttpRoute() or .dns01()');
    }
    if (this.solverIndex.has(solver)) {
      fail(this, `solvers[${this.solverList.length}]`, solver.challengeType, 'this solver was already added to the issuer', 'add each solver once');
    }
    // cert-manager disables ambient credentials for namespaced Issuers unless the controller
    // runs with --issuer-ambient-credentials
    if (!this.clusterScoped && solver.challengeType === AcmeChallengeType.DNS01 && solver.dns01Provider?._usesAmbientCredentials) {
      Warnings.add(this, `the ${solver.dns01Provider.kind} solver uses ambient credentials, which cert-manager only allows for a namespaced Issuer when the controller runs with --issuer-ambient-credentials — reference credentials (or IRSA for route53), or use a ClusterIssuer`);
    }
    this.solverList.push(solver);
    this.solverIndex.add(solver);
  }

  /**
   * The solver cert-manager selects for `dnsName` on a Certificate carrying
   * `certificateLabels`; undefined when none (and for non-ACME issuers).
   */
  public solverFor(dnsName: string, certificateLabels?: { [key: string]: string }): AcmeSolver | undefined {
    if (this.issuerType !== IssuerType.ACME) return undefined;
    return pickSolver(this.solverIndex.candidates(dnsName), dnsName, certificateLabels ?? {});
  }

  /**
   * `solverFor()` with the Certificate's labels computed only when a candidate solver selects by
   * `matchLabels` (resolving a Certificate's labels costs more than picking its solver).
   * @internal
   */
  public _solverForLazyLabels(dnsName: string, labels: () => { [key: string]: string }): AcmeSolver | undefined {
    if (this.issuerType !== IssuerType.ACME) return undefined;
    const candidates = this.solverIndex.candidates(dnsName);
    const byLabels = candidates.some((s) => s.selector?.matchLabels !== undefined && Object.keys(s.selector.matchLabels).length > 0);
    return pickSolver(candidates, dnsName, byLabels ? labels() : {});
  }
}
