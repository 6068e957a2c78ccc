/**
 * The config: load, validate and compile `config/sla.yaml` into the SLA rules.
 * The rest of the product imports the config from here only.
 */
export { loadConfig, loadConfigText, type LoadConfigOptions, type LoadedConfig } from './load-config.js';
export { ConfigError, formatConfigIssue, type ConfigIssue } from './config-error.js';
export { alertKey, describeAlertAt, parseAlertAt } from './alert-at.js';
export { interpolateEnv, type DefaultUsed, type Interpolated } from './interpolate-env.js';
export { summarizeConfig } from './summarize-config.js';
export { didYouMean } from './did-you-mean.js';
export type { SlackSettings, WidgetSettings } from './compile-config.js';
export { DEFAULT_RATE_LIMIT, type RateLimitSettings } from './compile-rate-limits.js';
export { DEFAULT_RESYNC, type ResyncSettings, type ResyncSupport } from './compile-resync.js';
