import { createHash } from 'node:crypto';
import { CustomResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ClientBinding } from '#shared/domain/access.ts';
import { canonicalJson } from '#shared/domain/canonical-json.ts';
import { SEED_CONTENT } from '#shared/use-cases/seed-catalog.ts';
import type { MotcuaFunction } from './lambda-function.ts';

export type CatalogSeedProps = {
  /** The seed-catalog function of the topology. */
  seeder: MotcuaFunction;
  /** The stack's client bindings, keyed by their Cognito client ids. */
  clientBindings: ClientBinding[];
};

/** SHA-256 of the seed catalog's content: a new value on every change of the seed data. */
export const seedContentHash = (content: unknown = SEED_CONTENT): string =>
  createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');

/**
 * How long CloudFormation waits for the seed's answer before it fails the deploy (its default
 * is an hour): the function's own timeout plus a margin for a cold start and the answer.
 */
export const seedServiceTimeout = (seeder: MotcuaFunction): Duration =>
  Duration.seconds(seeder.timeoutSeconds + 60);

/**
 * Loads the seed catalog: a custom resource backed directly by the topology's seed-catalog
 * function (it answers CloudFormation itself, so no provider framework is added). CloudFormation
 * sends it an update whenever its properties change: the client bindings, or the seed data
 * (`seedHash`), so new seed entries reach a running deployment with the deploy that brings them.
 * Missing seed entries are added, operators' edits kept; the clients' bindings are written. A
 * failure, or no answer within the service timeout, fails (and rolls back) the deploy.
 */
export class CatalogSeed extends Construct {
  readonly seedHash: string;

  constructor(scope: Construct, id: string, props: CatalogSeedProps) {
    super(scope, id);
    this.seedHash = seedContentHash();
    new CustomResource(this, 'Resource', {
      serviceToken: props.seeder.lambda.functionArn,
      resourceType: 'Custom::MotcuaCatalogSeed',
      serviceTimeout: seedServiceTimeout(props.seeder),
      properties: { seedHash: this.seedHash, clients: props.clientBindings },
    });
  }
}
