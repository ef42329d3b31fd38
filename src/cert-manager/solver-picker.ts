// cert-manager's ACME solver selection, ported from pkg/util/solverpicker/solverpicker.go
// (v1.21; previously pkg/controller/acmeorders/sync.go). Not exported from the package.
import { AcmeChallengeType, AcmeSolver } from './acme-solver';

/**
 * The challenge types an ACME CA offers for a name. Public CAs (Let's Encrypt and every CA
 * bound by the CA/Browser Forum baseline requirements) validate wildcard names only over
 * DNS-01, so a wildcard authorization carries no HTTP-01 challenge and cert-manager skips
 * HTTP-01 solvers for it.
 */
export function offeredChallenges(dnsName: string): AcmeChallengeType[] {
  return dnsName.startsWith('*.') ? [AcmeChallengeType.DNS01] : [AcmeChallengeType.HTTP01, AcmeChallengeType.DNS01];
}

/**
 * The solver cert-manager selects for `dnsName` (written `*.example.com` for wildcards, as
 * cert-manager reconstructs it from the authorization) on a Certificate with `labels`, or
 * undefined when none can be used ("no configured challenge solvers can be used for this
 * challenge").
 *
 * Precedence: solvers whose type is not offered are skipped; a solver with no selector is
 * taken only if nothing was selected before; among matching selectors, a `dnsNames` match
 * beats none, then the longer `dnsZones` match, then more `matchLabels`; on a tie the earlier
 * solver stays selected.
 */
export function pickSolver(
  solvers: AcmeSolver[],
  dnsName: string,
  labels: { [key: string]: string } = {},
  offered: AcmeChallengeType[] = offeredChallenges(dnsName),
): AcmeSolver | undefined {
  let selected: AcmeSolver | undefined;
  let selLabels = 0;
  let selNames = 0;
  let selZones = 0;

  for (const solver of solvers) {
    if (!offered.includes(solver.challengeType)) continue;

    if (!solver._hasSelector) {
      // "match all" selector: only when nothing was selected yet (counts are left as they are)
      if (selected === undefined) selected = solver;
      continue;
    }

    const m = solver._match(dnsName, labels);
    if (!m.matches) continue;

    const select = () => {
      selected = solver;
      selLabels = m.labels;
      selNames = m.dnsNames;
      selZones = m.dnsZones;
    };

    if (selected === undefined) {
      select();
      continue;
    }

    // dnsNames matches count once (normalised to true/false) and take precedence
    const selectedHasNames = selNames > 0;
    const hasNames = m.dnsNames > 0;
    if (!selectedHasNames && hasNames) {
      select();
      continue;
    }
    if (selectedHasNames && !hasNames) continue;
    if (selectedHasNames && hasNames) {
      if (m.dnsZones > selZones) select();
      else if (selZones > m.dnsZones) { /* keep */ } else if (m.labels > selLabels) select();
      continue;
    }

    // neither matches dnsNames: compare zones
    const selectedHasZones = selZones > 0;
    const hasZones = m.dnsZones > 0;
    if (!selectedHasZones && hasZones) {
      select();
      continue;
    }
    if (selectedHasZones && !hasZones) continue;
    if (selectedHasZones && hasZones) {
      if (m.dnsZones > selZones) select();
      else if (selZones > m.dnsZones) { /* keep */ } else if (m.labels > selLabels) select();
      continue;
    }

    // neither matches names nor zones: more labels wins, ties keep the earlier solver
    if (m.labels > selLabels) select();
  }
  return selected;
}
