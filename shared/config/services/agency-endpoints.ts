import { WebhookEndpoints } from '#shared/adapters/agency-webhooks.ts';
import { DynamoCircuitStore } from '#shared/adapters/circuit-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { AGENCY_WEBHOOKS_ENV, CIRCUIT_BREAKER, TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import { CircuitBreakingEndpoints } from '#shared/use-cases/circuit-breaker.ts';
import { jsonEnv, requiredEnv } from '../env.ts';
import { webhookSecret } from '../webhook-secret.ts';
import { once } from './once.ts';

/** The agency webhooks, each endpoint behind its circuit breaker (state in the circuits table). */
export const agencyEndpoints = once(
  () =>
    new CircuitBreakingEndpoints(
      new WebhookEndpoints(jsonEnv<Record<string, string>>(AGENCY_WEBHOOKS_ENV, {}), webhookSecret),
      new DynamoCircuitStore(documentClient, requiredEnv(TABLE_NAME_ENV.circuits)),
      CIRCUIT_BREAKER,
      () => new Date(),
    ),
);
