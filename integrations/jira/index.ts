/** Jira Cloud / Jira Service Management: see README.md in this folder. */
export { jiraIntegration, verifyJira } from './jira-integration.js';
export { jiraConfigSchema, type JiraConfig } from './jira-config.js';
export { JIRA_SOURCE, normalizeJira } from './jira-normalize.js';
export { DEFAULT_JIRA_PRIORITIES, DEFAULT_JIRA_STATUS_CATEGORIES, DEFAULT_JIRA_STATUSES } from './jira-mappings.js';
export { createJiraWriter, type JiraWriterOptions } from './jira-writer.js';
export { createJiraReader, jiraIssueEvent, type JiraReaderOptions } from './jira-reader.js';
