// What constructs tell the model beyond their rendered objects, recorded at construction and
// read once per synth by src/core/build.ts. Not exported from the package.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Facts } from './model';

/** How an L2 stands behind the ApiObject it renders. */
export interface Ownership {
  /** The construct messages name (the L2). */
  readonly owner: IConstruct;
  /** Facts about the object the wire form does not carry (read at every model build). */
  facts?(): Facts;
  /**
   * The field as the user wrote it, for a wire path of the object (`spec.dnsNames[0]` →
   * `dnsNames[0]`); undefined to show the wire path with `spec.` removed.
   */
  displayField?(wireField: string): string | undefined;
}

const owners = new WeakMap<ApiObject, Ownership>();

/** Record that `ownership.owner` renders `apiObject`. */
export function own(apiObject: ApiObject, ownership: Ownership): void {
  owners.set(apiObject, ownership);
}

/** Who renders `apiObject`, if an L2 does. */
export function ownershipOf(apiObject: ApiObject): Ownership | undefined {
  return owners.get(apiObject);
}

const displayFields = new WeakMap<IConstruct, Ownership>();

/** Remember how `owner` shows the fields of its object (set by `own()`). */
export function registerDisplay(ownership: Ownership): void {
  displayFields.set(ownership.owner, ownership);
}

/**
 * A wire field as the owner's user wrote it: the owner's own mapping, else the wire path
 * without `spec.` (the L2s' props mirror the spec); manifests and plain ApiObjects keep it.
 */
export function displayFieldOf(owner: IConstruct | undefined, field: string): string {
  const o = owner ? displayFields.get(owner) : undefined;
  if (!o) return field;
  return o.displayField?.(field) ?? (field.startsWith('spec.') ? field.slice(5) : field);
}
