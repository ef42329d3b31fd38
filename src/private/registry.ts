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
  const root = rootOf(scope);
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

const NONE: readonly IConstruct[] = Object.freeze([]);

/**
 * Members registered under `key`, for a check that only reads (empty if none). Unlike
 * `members()` it adds no empty entry for a key nobody registered: the host-clash checks probe
 * every wildcard ancestor of every host (`*.a.example.com`, `*.example.com`, `*`), and each
 * probe used to leave an empty list behind in the app's registry (issue #7).
 */
export function lookup(registry: string, key: string, scope: IConstruct): readonly IConstruct[] {
  return registries.get(rootOf(scope))?.get(registry)?.get(key) ?? NONE;
}

/** All keys and members of a registry (for checks that need to iterate, e.g. per host). */
export function entries(registry: string, scope: IConstruct): Map<string, IConstruct[]> {
  return registries.get(rootOf(scope))?.get(registry) ?? new Map();
}

/**
 * `scope.node.root` without its cost (issue #7): constructs' `root` builds the array of every
 * scope from the root down (`unshift` per level) to return its first element, and every L2
 * registers itself several times at construction.
 */
export function rootOf(scope: IConstruct): IConstruct {
  let c = scope;
  for (let parent = c.node.scope; parent; parent = c.node.scope) c = parent;
  return c;
}
