import { describe, expect, it } from 'vitest';
import { summarizeConfig } from '../../../src/config/index.js';
import { issueAt, issuesOf, load, yamlWith } from './config-fixtures.js';

describe('apply_changes', () => {
  it.each([
    [undefined, 'new_tickets'],
    ['new_tickets', 'new_tickets'],
    ['all_tickets', 'all_tickets'],
  ])('%s compiles to %s', (given, expected) => {
    const config = load(yamlWith((c) => given !== undefined && (c['apply_changes'] = given)));
    expect(config.rules.applyChanges).toBe(expected);
    expect(summarizeConfig(config)[1]).toMatch(new RegExp(`^apply_changes: ${expected} \\(`));
  });

  it('names the two choices for anything else', () => {
    const issue = issueAt(issuesOf(yamlWith((c) => (c['apply_changes'] = 'running'))), 'apply_changes');
    expect(issue.message).toBe(
      'got "running"; expected new_tickets (running timers keep their targets after a config change; the default) or all_tickets (they move to the new targets at their next event or checkpoint)',
    );
  });
});
