// The solver index behind IssuerBase.solverFor and the whole-app checks (issue #7): picking from
// the index's candidates must select exactly the solver cert-manager's picker selects from the
// whole list.
import * as fc from 'fast-check';
import { AcmeSolver, AcmeSolverSelector, ClusterIssuer, Dns01Provider, IssuerConfig } from '../../src/cert-manager';
import { pickSolver, SolverIndex } from '../../src/cert-manager/solver-selection';
import { newChart } from '../util/expect';

const cloudflare = Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: 'token' } });
const zones = ['example.com', 'a.example.com', 'b.a.example.com', 'example.org', 'org'];
const names = ['example.com', 'a.example.com', 'x.a.example.com', 'b.a.example.com', '*.a.example.com', '*.example.com', 'www.example.org', 'example.org', 'other.net'];

const selector = fc.option(fc.record({
  dnsNames: fc.option(fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  dnsZones: fc.option(fc.uniqueArray(fc.constantFrom(...zones), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  matchLabels: fc.option(fc.constantFrom({ team: 'a' }, { team: 'b' }, { team: 'a', tier: 'web' }), { nil: undefined }),
}, { requiredKeys: [] }), { nil: undefined });

const solver = fc.tuple(fc.boolean(), selector).map(([dns, sel]) => {
  const s = sel as AcmeSolverSelector | undefined;
  return dns ? AcmeSolver.dns01(cloudflare, { selector: s }) : AcmeSolver.http01Ingress({ ingressClassName: 'istio', selector: s });
});

test('candidates() never changes the solver cert-manager picks', () => {
  fc.assert(fc.property(
    fc.array(solver, { maxLength: 12 }),
    fc.constantFrom(...names),
    fc.constantFrom<{ [key: string]: string }>({}, { team: 'a' }, { team: 'b', tier: 'web' }, { team: 'a', tier: 'web' }),
    (solvers, name, labels) => {
      const rendered = solvers.map((s) => s._toKube());
      const index = new SolverIndex(rendered);
      expect(index.pick(name, labels)).toBe(pickSolver(rendered, name, labels));
      expect(pickSolver(rendered, name, labels, undefined, index.candidates(name))).toBe(pickSolver(rendered, name, labels));
    },
  ), { numRuns: 2000 });
});

test('candidates() are few for a shared issuer with a solver per host', () => {
  const solvers = [];
  for (let i = 0; i < 1000; i++) solvers.push(AcmeSolver.http01Ingress({ ingressClassName: 'istio', selector: { dnsNames: [`s${i}.example.com`] } }));
  solvers.push(AcmeSolver.dns01(cloudflare, { selector: { dnsZones: ['example.com'] } }));
  const index = new SolverIndex(solvers.map((s) => s._toKube()));
  expect(index.candidates('s7.example.com')).toHaveLength(2);
  expect(index.candidates('*.example.com')).toHaveLength(1);
});

test('IssuerBase.solverFor picks through the index the solver the whole list selects, solvers added later included', () => {
  fc.assert(fc.property(
    fc.array(solver, { minLength: 1, maxLength: 8 }),
    fc.array(solver, { maxLength: 4 }),
    fc.constantFrom(...names),
    fc.constantFrom<{ [key: string]: string }>({}, { team: 'a' }, { team: 'a', tier: 'web' }),
    (initial, later, name, labels) => {
      const { chart } = newChart();
      const issuer = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: initial }) });
      issuer.solverFor(name, labels); // builds the index before the later solvers are added
      later.forEach((s) => issuer.addSolver(s));
      const all = [...initial, ...later];
      const i = pickSolver(all.map((s) => s._toKube()), name, labels);
      expect(issuer.solverFor(name, labels)).toBe(i === undefined ? undefined : all[i]);
    },
  ), { numRuns: 300 });
});
