import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { DynamoCatalog } from '#shared/adapters/catalog-store.ts';
import { documentClient } from '#shared/adapters/dynamodb-client.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { TABLE_NAME_ENV } from '#shared/config/runtime-names.ts';
import * as z from '#shared/contract/zod.ts';
import { logger } from '#shared/runtime/powertools.ts';
import { seedCatalog } from '#shared/use-cases/seed-catalog.ts';

const PropertiesSchema = z.object({
  clients: z.array(
    z.object({
      clientId: z.string().check(z.minLength(1)),
      profile: z.enum(['portal', 'center', 'agency', 'admin']),
      centerId: z.optional(z.string()),
      agencyId: z.optional(z.string()),
      // A unit-bound client's worklist cursor holds a position per unit: a few units, not a province.
      unitIds: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(20))),
    }),
  ),
});

/** Answers CloudFormation through the pre-signed URL of the event (no provider framework). */
async function respond(
  event: CloudFormationCustomResourceEvent,
  status: 'SUCCESS' | 'FAILED',
  reason: string,
  physicalResourceId: string,
): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!response.ok) throw new Error(`CloudFormation response refused: ${response.status}`);
}

/** Time kept back from the function's timeout to answer FAILED before Lambda stops it. */
export const ANSWER_MARGIN_MS = 5_000;

class SeedTimeout extends Error {}

/** `work`, or a SeedTimeout once `ms` have passed (the work is abandoned, not awaited). */
async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SeedTimeout(`did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Deploy hook (CloudFormation custom resource): on create and update (the seed data or the
 * client bindings changed), adds the seed catalog entries that are missing and writes the client
 * bindings of the stack's app clients. On delete it leaves the catalog alone. Any failure, and a
 * seed that would outlive the function, is answered FAILED with a reason that says what failed
 * and where its log is, so the deploy fails (and rolls back) at once and says why.
 */
export const handler = middy(async (event: CloudFormationCustomResourceEvent, context: Context) => {
  const physicalResourceId = 'motcua-seed-catalog';
  try {
    if (event.RequestType !== 'Delete') {
      const { clients } = PropertiesSchema.parse(event.ResourceProperties);
      const outcome = await withinDeadline(
        seedCatalog(new DynamoCatalog(documentClient, requiredEnv(TABLE_NAME_ENV.catalog)), clients),
        context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS,
      );
      logger.info('catalog seeded', outcome);
    }
    await respond(event, 'SUCCESS', 'catalog seeded', physicalResourceId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error('catalog seed failed', { error: message });
    await respond(
      event,
      'FAILED',
      `The catalog seed failed: ${message} (log group ${context.logGroupName})`.slice(0, 1000),
      physicalResourceId,
    );
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
