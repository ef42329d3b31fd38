// The one model of an app that every whole-app check and GitOps pass reads: every object as
// it will be rendered (the wire form), plus what constructs declare about it that the wire
// form does not say (a gateway's workload namespace, objects defined outside the app, ...).
// Built once per synth (src/core/build.ts) from constructs, or from manifests read from files;
// checks only read it. Not exported from the package.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** What a construct states about its object beyond the wire form (read through each family's accessors). */
export type Facts = { readonly [key: string]: unknown };

/** Facts about the cluster a user states when checking manifests read from files, by name. */
export type ManifestSettings = { readonly [name: string]: string };

/** One object of the app. */
export interface ModelObject {
  /** Position in the model (tree order). */
  readonly index: number;
  readonly apiVersion: string;
  /** API group, '' for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** '' when the object has no namespace (cluster-scoped, or left to the destination). */
  readonly namespace: string;
  /** The cluster the object renders for ('' when the app does not say). */
  readonly cluster: string;
  /**
   * The manifest as it will be written; undefined for an object defined outside the app
   * (`external`) or one that could not be rendered.
   */
  readonly json: any;
  /** The ApiObject rendering it (none for external objects and manifests read from files). */
  readonly apiObject?: ApiObject;
  /** The construct messages name: the L2 owning the ApiObject, the ApiObject itself, or an importer. */
  readonly owner?: IConstruct;
  /** Construct path of `owner` (or the file and document of a manifest), for messages. */
  readonly path: string;
  /** Facts the owner declares. */
  readonly facts: Facts;
  /**
   * A stand-in for an object that exists outside the app (e.g. `Issuer.fromIssuerName()`): it
   * can be found by name, but its spec is unknown and it is never rendered.
   */
  readonly external: boolean;
  /** Where a manifest read from files came from (none for objects of an app). */
  readonly source?: ManifestSource;
}

/** The file and document a manifest was read from. */
export interface ManifestSource {
  /** The file as given (or found under a directory given); `-` for standard input. */
  readonly file: string;
  /** 1-based position of the document in the file. */
  readonly document: number;
  /** 1-based line the document's content starts on. */
  readonly line: number;
  /**
   * The folder of the file: what one Argo CD Application syncs together in a GitOps repo
   * (sync waves are ordered per folder).
   */
  readonly folder: string;
}

/** A statement a construct makes about the app that is not one object (e.g. namespaces a component reads Secrets from). */
export interface Declaration {
  /** What is declared, e.g. `secret-namespaces`. */
  readonly type: string;
  /** The construct declaring it. */
  readonly owner: IConstruct;
  readonly data: any;
}

/** `Kind ns/name` (or `Kind name` when cluster-scoped), for messages and reports. */
export function describeObject(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function key(cluster: string, group: string, kind: string, namespace: string, name: string): string {
  return `${cluster}|${group}|${kind}|${namespace}|${name}`;
}

const NONE: readonly ModelObject[] = Object.freeze([]);

/** The objects and declarations of one app (or one set of manifests). */
export class AppModel {
  private readonly byKey = new Map<string, ModelObject[]>();
  private readonly byKind = new Map<string, ModelObject[]>();
  private readonly derivedValues = new Map<string, unknown>();
  private readonly annotations = new Map<ModelObject, Map<string, string>>();

  /**
   * @param root the construct the model was built from (undefined for manifests)
   * @param objects every object, rendered and external, in tree order
   * @param declarations what constructs declared
   * @param settings what the user stated about the cluster for manifests read from files
   * (e.g. `gatewayNamespace`); checks read them through their family's accessors, with the
   * same defaults as for an app
   */
  public constructor(public readonly root: IConstruct | undefined, public readonly objects: readonly ModelObject[],
    public readonly declarations: readonly Declaration[], public readonly settings: ManifestSettings = {}) {
    for (const o of objects) {
      push(this.byKey, key(o.cluster, o.group, o.kind, o.namespace, o.name), o);
      push(this.byKind, `${o.group}|${o.kind}`, o);
    }
  }

  /** The rendered objects (no external stand-ins). */
  public get rendered(): ModelObject[] {
    return this.objects.filter((o) => !o.external);
  }

  /**
   * The objects of `kind` `namespace`/`name` in `cluster` (namespace '' for cluster-scoped
   * kinds); more than one when the app defines an object twice.
   */
  public find(cluster: string, group: string, kind: string, namespace: string, name: string): readonly ModelObject[] {
    return this.byKey.get(key(cluster, group, kind, namespace, name)) ?? NONE;
  }

  /** Every object of `group` and `kind`, in tree order. */
  public ofKind(group: string, kind: string): readonly ModelObject[] {
    return this.byKind.get(`${group}|${kind}`) ?? NONE;
  }

  /** The data of every declaration of `type`, with its owner. */
  public declared(type: string): Declaration[] {
    return this.declarations.filter((d) => d.type === type);
  }

  /**
   * A value derived from the model, computed once (an index several checks share, e.g. the
   * solvers of every issuer by name). The model never changes after it is built.
   */
  public derived<T>(name: string, compute: (model: AppModel) => T): T {
    if (this.derivedValues.has(name)) return this.derivedValues.get(name) as T;
    const v = compute(this);
    this.derivedValues.set(name, v);
    return v;
  }

  /** Have a pass write annotation `key: value` on a rendered object (applied after all passes). */
  public annotate(o: ModelObject, annotation: string, value: string): void {
    let m = this.annotations.get(o);
    if (!m) this.annotations.set(o, (m = new Map()));
    m.set(annotation, value);
  }

  /** The annotations the passes wrote, by object. */
  public get pendingAnnotations(): ReadonlyMap<ModelObject, ReadonlyMap<string, string>> {
    return this.annotations;
  }
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
