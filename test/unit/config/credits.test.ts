/** A policy's optional `credits` block: compiled terms, and clear errors and warnings. */
import { describe, expect, it } from 'vitest';
import { summarizeConfig } from '../../../src/config/index.js';
import { issueAt, issuesOf, load, yamlWith } from './config-fixtures.js';

const withCredits = (credits: unknown) =>
  yamlWith((c) => {
    c['policies'][0].targets.sev1.resolution = '8h';
    c['policies'][0].credits = credits;
  });

describe('policy credits', () => {
  it('compiles per_breach, cap, period and metrics', () => {
    const config = load(withCredits({ per_breach: '5%', cap: '25%', period: 'month', metrics: ['resolution', 'resolution'] }));
    expect(config.rules.policies[0]!.credits).toEqual({ perBreachPercent: 5, capPercent: 25, period: 'month', metrics: ['resolution'] });
    expect(load(withCredits({ per_breach: '2.5 %', cap: '10%', period: 'month' })).rules.policies[0]!.credits).toEqual({ perBreachPercent: 2.5, capPercent: 10, period: 'month' });
    expect(load(yamlWith(() => undefined)).rules.policies[0]!.credits).toBeUndefined();
  });

  it('check-config summarizes them', () => {
    const config = load(withCredits({ per_breach: '5%', cap: '25%', period: 'month', metrics: ['resolution'] }));
    expect(summarizeConfig(config)).toContain('    credits    5% per breach of resolution, at most 25% a month, per organization');
  });

  it('reports every problem at its key', () => {
    const issues = issuesOf(withCredits({ per_breach: 5, cap: '250%', period: 'quarter', metrics: ['resolutoin'], extra: 1 }));
    expect(issueAt(issues, 'policies[0].credits.per_breach').message).toBe('5 has no unit; write 5%');
    expect(issueAt(issues, 'policies[0].credits.cap').message).toBe('250% is out of range; give more than 0% and at most 100%');
    expect(issueAt(issues, 'policies[0].credits.period').message).toBe('got "quarter"; expected month (credits are counted per calendar month, UTC); no other period is supported yet');
    expect(issueAt(issues, 'policies[0].credits.metrics[0]').message).toMatch(/^got "resolutoin"; expected a metric: first_response, next_response, periodic_update, resolution/);
    expect(issueAt(issues, 'policies[0].credits.extra').message).toBe('unknown key "extra"; allowed keys: per_breach, cap, period, metrics');
  });

  it('requires per_breach, cap and period', () => {
    const issues = issuesOf(withCredits({}));
    expect(issueAt(issues, 'policies[0].credits.per_breach').message).toBe('required: the credit per breach, e.g. 5%');
    expect(issueAt(issues, 'policies[0].credits.cap').message).toBe('required: the most credit per period, e.g. 5%');
    expect(issueAt(issues, 'policies[0].credits.period').message).toMatch(/^required: month/);
    expect(issueAt(issuesOf(withCredits('5%')), 'policies[0].credits').message).toMatch(/^expected a map \{ per_breach: 5%, cap: 25%, period: month/);
  });

  it('warns about a cap below per_breach and metrics the policy never times', () => {
    const config = load(withCredits({ per_breach: '10%', cap: '5%', period: 'month', metrics: ['next_response'] }));
    expect(config.warnings.map((w) => w.replace(/^test\.yaml:\d+: /, ''))).toEqual([
      'policies[0].credits.cap: cap 5% is below per_breach 10%: the first breach already reaches the cap; raise cap or lower per_breach',
      'policies[0].credits.metrics[0]: policy "main" has no next_response target, so next_response breaches never earn credits; add a target or remove the metric',
    ]);
  });
});
