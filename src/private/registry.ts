import { IConstruct } from 'constructs';

// Whole-app checks (duplicate Secrets, conflicting gateway hosts, ...) must stay linear in
// the number of objects: constructs register themselves once, at construction, in a map
// that lives on the app's root node, and each validation looks up only its own key.

const registries = new WeakMap<IConstruct, Map<string, Map<string, IConstruct[]>>>();

/**
 * Add `member` under `key` in the app-wide registry `registry` and return the list of all
 * members registered under that key so far (the same array instance is kept, so a
 * validation that runs at synth time sees every member).
 */
export function register(registry: string, key: string, member: IConstruct): IConstruct[] {
  const list = members(registry, key, member);
  list.push(member);
  return list;
}

/** Members registered under `key` (live array; empty if none). */
export function members(registry: string, key: string, scope: IConstruct): IConstruct[] {
  const root = scope.node.root;
  let byName = registries.get(root);
  if (!byName) {
    byName = new Map();
    registries.set(root, byName);
  }
  let reg = byName.get(registry);
  if (!reg) {
    reg = new Map();
    byName.set(registry, reg);
  }
  let list = reg.get(key);
  if (!list) {
    list = [];
    reg.set(key, list);
  }
  return list;
}

/** All keys and members of a registry (for checks that need to iterate, e.g. per host). */
export function entries(registry: string, scope: IConstruct): Map<string, IConstruct[]> {
  return registries.get(scope.node.root)?.get(registry) ?? new Map();
}
