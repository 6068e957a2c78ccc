/** The `integrations.servicenow` block of the config. */
import { z } from 'zod';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema } from '../shared/mapping-config.js';

/** `acme`, `acme.service-now.com` → `https://acme.service-now.com`; a full https URL is kept (custom domains). */
const instanceSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const name = /^([a-z0-9][a-z0-9-]{0,62})(?:\.service-now\.com)?$/i.exec(text);
    if (name) return `https://${name[1]!.toLowerCase()}.service-now.com`;
    try {
      const url = new URL(text);
      if (url.protocol === 'https:' && url.pathname.replace(/\/+$/, '') === '' && url.search === '' && url.username === '') return url.origin;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be your instance name (acme for https://acme.service-now.com) or its https:// base URL', input: text });
    return z.NEVER;
  });

/**
 * Webhook authenticity: `secret` (and `previous_secret` during a rotation), sent by the
 * business rule as basic auth `sla-timer:<secret>` or `X-SLA-Token: <secret>`.
 * Write-back: `username`/`password` of an integration user with write access to incident
 * (basic auth); without them `writer()` returns undefined. `due_field` is a Date/Time column
 * of incident (`u_sla_due`), written as `yyyy-MM-dd HH:mm:ss` UTC.
 */
export const servicenowConfigSchema = z
  .strictObject({
    secret: secretSchema,
    previous_secret: secretSchema.optional(),
    instance: instanceSchema,
    /** incident `state` value or label → canonical (defaults in servicenow-integration.ts). */
    statuses: statusOverridesSchema,
    /** `hold_reason` value or label of an On Hold incident → canonical. */
    hold_reasons: statusOverridesSchema,
    priorities: priorityOverridesSchema,
    /** A Canceled incident (state 8) cancels every clock (default true); false keeps it as a closed ticket. */
    canceled_is_deleted: z.boolean().optional(),
    username: secretSchema.optional(),
    password: secretSchema.optional(),
    due_field: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'must be the column name of a Date/Time field on incident, e.g. u_sla_due')
      .optional(),
    /**
     * `sys_updated_by` user names whose updates are dropped (our own write-backs fire the
     * business rule too). Default: the write-back `username`.
     */
    ignore_updated_by: z.array(z.string().min(1)).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.username === undefined) !== (c.password === undefined)) {
      ctx.addIssue({ code: 'custom', path: [c.username === undefined ? 'username' : 'password'], message: 'username and password are set together (the write-back user)' });
    }
  });

export type ServicenowConfig = z.output<typeof servicenowConfigSchema>;
