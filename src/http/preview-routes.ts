/**
 * `POST /api/preview`: the due instants of every metric and alert for a hypothetical ticket,
 * `{ policy, severity, start, pauses?: [{ from, to? }] }` → see `previewJson`. Unknown ids are
 * a 400 that names the valid ones.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { parseFields } from '../../integrations/shared/field-errors.js';
import { isoInstantSchema } from '../../integrations/shared/instant-schema.js';
import { didYouMean } from '../config/index.js';
import { previewProblems, previewTimers, type SlaRules, type Span } from '../sla/index.js';
import { HttpError } from './http-error.js';
import { previewJson } from './preview-json.js';

export interface PreviewRouteDeps {
  /** Read per request: the config may reload. */
  rules: () => SlaRules;
}

/** More pauses than anyone would type: a bound on the work one request can cause. */
export const MAX_PREVIEW_PAUSES = 100;

const pauseSchema = z
  .strictObject({ from: isoInstantSchema(), to: isoInstantSchema().nullable().optional() })
  .superRefine((p, ctx) => {
    if (p.to !== undefined && p.to !== null && p.to <= p.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from', input: p.to });
  });

/** The request body; `to` absent or null: paused from `from` on. */
export const previewBodySchema = z.strictObject({
  policy: z.string().min(1),
  severity: z.string().min(1),
  start: isoInstantSchema(),
  pauses: z.array(pauseSchema).max(MAX_PREVIEW_PAUSES).optional(),
});

export function previewRoutes(deps: PreviewRouteDeps): Router {
  const router = Router();

  router.post('/preview', express.json({ limit: '64kb' }), (req, res) => {
    if (req.body === undefined) {
      throw new HttpError(400, 'sla_payload_invalid', 'send a JSON object with Content-Type: application/json', [{ field: '(root)', message: 'required: a JSON object { policy, severity, start, pauses? }' }]);
    }
    const parsed = parseFields(previewBodySchema, req.body);
    if (!parsed.ok) throw new HttpError(400, 'sla_payload_invalid', `invalid preview request: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, parsed.errors);
    const rules = deps.rules();
    const { policy, severity, start, pauses = [] } = parsed.data;
    const problems = previewProblems(rules, policy, severity, didYouMean);
    if (problems.length > 0) throw new HttpError(400, 'sla_payload_invalid', problems.map((p) => p.message).join('; '), problems);
    const spans = pauses.map((p): Span => [p.from, p.to ?? null]);
    res.json(previewJson(previewTimers(rules, { policyId: policy, severityId: severity, start, pauses: spans })));
  });

  return router;
}
