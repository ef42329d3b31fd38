import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as istiosec from '../../imports/istio-security-security.istio.io';
import { Resource, ResourceType } from '../core/resource';
import { checkEnum, checkNamespaceName, checkPort, requireArray } from '../private/fields';
import { optionalProps } from '../private/types';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { checkIstioMetadata, checkSelector } from './private/checks';

const PEER_AUTHENTICATION = ResourceType._of({
  l1: istiosec.PeerAuthentication, mapper: istiosec.toJson_PeerAuthenticationProps, kind: 'PeerAuthentication', namespaced: true,
});

/** Mutual TLS mode of a PeerAuthentication. */
export enum MtlsMode {
  /** Inherit from the parent scope (namespace, then mesh); PERMISSIVE if none. */
  UNSET = 'UNSET',
  /** Plain text only. */
  DISABLE = 'DISABLE',
  /** Accept both mTLS and plain text. */
  PERMISSIVE = 'PERMISSIVE',
  /** Accept mTLS only. */
  STRICT = 'STRICT',
}

/** Which workloads a PeerAuthentication applies to. */
export enum PeerAuthenticationScope {
  /** Every workload of the mesh: no selector, in the mesh root namespace. */
  MESH = 'Mesh',
  /** Every workload of its namespace: no selector. */
  NAMESPACE = 'Namespace',
  /** The workloads matching its selector. */
  WORKLOAD = 'Workload',
}

/** mTLS mode for one port of the selected workloads. */
export interface PortLevelMtls {
  /** Workload (container) port. */
  readonly port: number;
  /** Mode for that port. */
  readonly mode: MtlsMode;
}

/** Props of `PeerAuthentication`. */
export interface PeerAuthenticationProps {
  /**
   * Name, namespace, labels and annotations. A PeerAuthentication without selector in the
   * mesh root namespace applies to the whole mesh.
   *
   * @default - name from the construct id, namespace from the chart (else `default`)
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * mTLS mode.
   *
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Labels of the workloads the policy applies to (workload scope).
   *
   * @default - every workload of the namespace (or of the mesh, in the root namespace)
   */
  readonly selector?: { [key: string]: string };
  /**
   * Per-port modes; needs a selector.
   *
   * @default - none
   */
  readonly portLevelMtls?: PortLevelMtls[];
  /**
   * The mesh root namespace (`meshConfig.rootNamespace`), to tell mesh scope from namespace
   * scope.
   *
   * @default 'istio-system'
   */
  readonly meshRootNamespace?: string;
}

/** Options of `PeerAuthentication.meshWide()`. */
export interface MeshWidePeerAuthenticationOptions {
  /**
   * mTLS mode for the whole mesh.
   *
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * The mesh root namespace (`meshConfig.rootNamespace`); the object is created there.
   *
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * Name, labels and annotations (a namespace, if given, must be the root namespace).
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * An Istio `security.istio.io/v1` PeerAuthentication: which mTLS mode workloads accept.
 * STRICT by default.
 */
export class PeerAuthentication extends Resource {
  /** Mesh-wide policy: no selector, in the mesh root namespace (default `istio-system`). */
  public static meshWide(scope: Construct, id: string, options: MeshWidePeerAuthenticationOptions = {}): PeerAuthentication {
    const root = options.rootNamespace ?? 'istio-system';
    if (options.metadata?.namespace !== undefined && options.metadata.namespace !== root) {
      fail(`${scope.node.path}/${id}`, 'metadata.namespace', options.metadata.namespace, `a mesh-wide PeerAuthentication must be in the mesh root namespace "${root}"`,
        'omit metadata.namespace, or set rootNamespace to your meshConfig.rootNamespace');
    }
    return new PeerAuthentication(scope, id, { mode: options.mode, meshRootNamespace: root, metadata: { ...options.metadata, namespace: root } });
  }

  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** The mTLS mode. */
  public readonly mode: MtlsMode;
  /** Mesh, namespace or workload scope. */
  public readonly scope: PeerAuthenticationScope;
  /** The workload selector, when set. */
  public readonly selector?: { [key: string]: string };

  private readonly portLevelMtls?: { [port: string]: { mode: istiosec.PeerAuthenticationSpecPortLevelMtlsMode } };

  public constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    props = optionalProps(scope.node.path ? `${scope.node.path}/${id}` : id, props);
    super(scope, id, PEER_AUTHENTICATION, props.metadata);
    checkIstioMetadata(this, props.metadata, 'PeerAuthentication');
    this.namespace = this.apiObject.metadata.namespace!;
    this.mode = checkEnum(this, 'mtls.mode', props.mode ?? MtlsMode.STRICT, MtlsMode, 'MtlsMode');
    const root = checkNamespaceName(this, 'meshRootNamespace', props.meshRootNamespace ?? 'istio-system');

    checkSelector(this, 'selector', props.selector, { required: false, fix: 'use valid labels' });
    let selector = props.selector;
    if (selector !== undefined && Object.keys(selector).length === 0) {
      Warnings.add(this, 'selector is empty: a workload selector without labels applies to every workload of the namespace — omit it for namespace scope');
      selector = undefined;
    }
    this.selector = selector ? { ...selector } : undefined;
    this.scope = selector ? PeerAuthenticationScope.WORKLOAD : this.namespace === root ? PeerAuthenticationScope.MESH : PeerAuthenticationScope.NAMESPACE;

    const ports = requireArray(this, 'portLevelMtls', props.portLevelMtls, { nonEmpty: true, fix: 'omit portLevelMtls or list at least one port' });
    if (ports.length > 0 && !selector) {
      fail(this, 'portLevelMtls', ports.map((p) => p?.port), 'mesh/namespace peer authentication cannot have port level mTLS (it needs a selector with labels)',
        'add a selector for the workloads whose ports these are');
    }
    const seen = new Set<number>();
    const portLevel: { [port: string]: { mode: istiosec.PeerAuthenticationSpecPortLevelMtlsMode } } = {};
    ports.forEach((p, i) => {
      if (p === null || typeof p !== 'object') fail(this, `portLevelMtls[${i}]`, p, 'must be { port, mode }', 'pass e.g. { port: 8080, mode: MtlsMode.PERMISSIVE }');
      checkPort(this, `portLevelMtls[${i}].port`, p.port);
      if (p.mode === undefined) fail(this, `portLevelMtls[${i}].mode`, undefined, 'is required', 'use a MtlsMode value');
      checkEnum(this, `portLevelMtls[${i}].mode`, p.mode, MtlsMode, 'MtlsMode');
      if (seen.has(p.port)) fail(this, `portLevelMtls[${i}].port`, p.port, 'duplicate port', 'list each port once');
      seen.add(p.port);
      portLevel[String(p.port)] = { mode: p.mode as unknown as istiosec.PeerAuthenticationSpecPortLevelMtlsMode };
    });
    if (this.mode === MtlsMode.DISABLE) {
      Warnings.add(this, `mtls.mode is DISABLE: ${this.scope === PeerAuthenticationScope.MESH ? 'the whole mesh' : `the selected workloads in ${this.namespace}`} accept plain text only and lose mTLS identity`);
    }
    this.portLevelMtls = ports.length ? portLevel : undefined;
  }

  /** `selector` is rendered as `selector.matchLabels`. @internal */
  public _displayField(wireField: string): string | undefined {
    return wireField.startsWith('spec.selector.matchLabels') ? `selector${wireField.slice('spec.selector.matchLabels'.length)}` : undefined;
  }

  /** @internal */
  protected _toSpec(): istiosec.PeerAuthenticationSpec {
    return {
      selector: this.selector ? { matchLabels: { ...this.selector } } : undefined,
      mtls: { mode: this.mode as unknown as istiosec.PeerAuthenticationSpecMtlsMode },
      portLevelMtls: this.portLevelMtls,
    };
  }
}
