// The solver index behind IssuerBase.solverFor (issue #7): picking from the index's candidates
// must select exactly the solver cert-manager's picker selects from the whole list.
import * as fc from 'fast-check';
import { AcmeSolver, AcmeSolverSelector, Dns01Provider } from '../../src/cert-manager';
import { pickSolver, SolverIndex } from '../../src/cert-manager/solver-picker';

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
      const index = new SolverIndex();
      solvers.forEach((s) => index.add(s));
      expect(pickSolver(index.candidates(name), name, labels)).toBe(pickSolver(solvers, name, labels));
    },
  ), { numRuns: 2000 });
});

test('candidates() are few for a shared issuer with a solver per host', () => {
  const index = new SolverIndex();
  for (let i = 0; i < 1000; i++) index.add(AcmeSolver.http01Ingress({ ingressClassName: 'istio', selector: { dnsNames: [`s${i}.example.com`] } }));
  index.add(AcmeSolver.dns01(cloudflare, { selector: { dnsZones: ['example.com'] } }));
  expect(index.candidates('s7.example.com')).toHaveLength(2);
  expect(index.candidates('*.example.com')).toHaveLength(1);
});
