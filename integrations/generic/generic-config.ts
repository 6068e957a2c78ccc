/** The `integrations.generic` block of the config. */
import { z } from 'zod';

/**
 * `secret` signs deliveries; during a rotation the sender may still sign with
 * `previous_secret`, and both are accepted until it is removed from the config.
 */
export const genericConfigSchema = z.strictObject({
  secret: z.string().min(1, 'must not be empty; set the shared secret the sender signs with'),
  previous_secret: z.string().min(1, 'must not be empty; remove it once the rotation is done').optional(),
});

export type GenericConfig = z.output<typeof genericConfigSchema>;
