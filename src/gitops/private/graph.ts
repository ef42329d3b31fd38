// Strongly connected components (Tarjan, iterative so deep dependency chains cannot overflow
// the stack). Linear in nodes + edges.

/**
 * Components of the graph `adj` (node -> successors). Returns the component id of every node
 * and the components in the order Tarjan closes them: a component comes after every
 * component reachable from it, i.e. successors first.
 */
export function stronglyConnected(n: number, adj: number[][]): { comp: Int32Array; components: number[][] } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  // explicit DFS stack of [node, next edge position]
  const work: number[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    work.push(root, 0);
    while (work.length > 0) {
      const pos = work.pop()!;
      const v = work.pop()!;
      if (pos === 0) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const succ = adj[v];
      let descended = false;
      for (let i = pos; i < succ.length; i++) {
        const w = succ[i];
        if (index[w] === -1) {
          work.push(v, i + 1, w, 0);
          descended = true;
          break;
        }
        if (onStack[w]) low[v] = Math.min(low[v], index[w]);
      }
      if (descended) continue;
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = components.length;
          members.push(w);
        } while (w !== v);
        components.push(members.sort((a, b) => a - b));
      }
      // return to the parent: fold this node's low link into it
      if (work.length > 0) {
        const parent = work[work.length - 2];
        low[parent] = Math.min(low[parent], low[v]);
      }
    }
  }
  return { comp, components };
}
