/**
 * The dimensions reports group outcomes by, and the value an outcome record has in each.
 * `policy_org` pairs a policy with an organization: service credits are owed per both.
 */
import type { OutcomeRecord } from '../sla/outcomes.js';

export const DIMENSIONS = ['all', 'severity', 'policy', 'group', 'assignee', 'organization', 'source', 'policy_org'] as const;
/** What a report cell is grouped by. */
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * The dimensions a period's aggregate keeps: a day (`2026-11-24`) leaves out `policy_org`,
 * which only service credits read, and they are owed per whole month (a third of a day's size).
 */
export function dimensionsOf(period: string): readonly Dimension[] {
  return period.length === 10 ? DAY_DIMENSIONS : DIMENSIONS;
}
const DAY_DIMENSIONS: readonly Dimension[] = DIMENSIONS.filter((d) => d !== 'policy_org');

/** The value standing for "not set" (a ticket without a group, say) in cell keys and blobs. */
export const NONE = '';

/** The value of `record` in `dimension`; `NONE` when the ticket had none. */
export function dimensionValue(record: OutcomeRecord, dimension: Dimension): string {
  switch (dimension) {
    case 'all':
      return 'all';
    case 'severity':
      return record.severityId;
    case 'policy':
      return record.policyId ?? NONE;
    case 'group':
      return record.group ?? NONE;
    case 'assignee':
      return record.assignee ?? NONE;
    case 'organization':
      return record.organization ?? NONE;
    case 'source':
      return record.source;
    case 'policy_org':
      return policyOrgValue(record.policyId ?? NONE, record.organization ?? NONE);
  }
}

/** `policy/organization`: policy ids never contain `/`, so the first one splits them. */
export function policyOrgValue(policyId: string, organization: string): string {
  return `${policyId}/${organization}`;
}

export function splitPolicyOrg(value: string): { policyId: string; organization: string } {
  const i = value.indexOf('/');
  return { policyId: value.slice(0, i), organization: value.slice(i + 1) };
}
