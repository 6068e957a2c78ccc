/**
 * Service credits: a policy's `credits` terms turn the breaches of its metrics for an
 * organization in a month into a credit percentage, capped. Breaches are timers achieved late
 * (`breached_achieved`), counted in the month they ended; a timer still running past due is
 * counted when it ends.
 */
import type { SlaRules } from '../sla/rules.js';
import type { CreditRow } from './compliance-report.js';
import { NONE, splitPolicyOrg } from './dimensions.js';
import { monthDays } from './periods.js';
import type { TotalsTable } from './report-totals.js';

/**
 * Credits per (organization, policy, month) with at least one breach, from each month's
 * `policy_org` cells. `today` (a day number) tells which months are complete.
 */
export function serviceCredits(rules: SlaRules, months: ReadonlyMap<string, TotalsTable>, today: number): CreditRow[] {
  const rows: CreditRow[] = [];
  for (const policy of rules.policies) {
    const terms = policy.credits;
    if (terms === undefined) continue;
    for (const [month, agg] of months) {
      const breaches = new Map<string, number>();
      for (const cell of agg.get('policy_org')?.values() ?? []) {
        const { policyId, organization } = splitPolicyOrg(cell.value);
        if (policyId !== policy.id || organization === NONE || cell.late <= 0) continue;
        if (terms.metrics !== undefined && !terms.metrics.includes(cell.metric)) continue;
        breaches.set(organization, (breaches.get(organization) ?? 0) + cell.late);
      }
      for (const [organization, count] of breaches) {
        rows.push({
          organization,
          policy: policy.id,
          period: month,
          breaches: count,
          // Rounded to a millionth of a percent: 3 × 0.1% is 0.3, not 0.30000000000000004.
          credit_percent: Math.round(Math.min(terms.capPercent, count * terms.perBreachPercent) * 1e6) / 1e6,
          period_complete: monthDays(month).last < today,
        });
      }
    }
  }
  return rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || a.organization.localeCompare(b.organization) || a.policy.localeCompare(b.policy));
}
