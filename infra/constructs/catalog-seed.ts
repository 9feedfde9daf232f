import { CustomResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ClientBinding } from '#shared/domain/access.ts';
import type { MotcuaFunction } from './lambda-function.ts';

export type CatalogSeedProps = {
  /** The seed-catalog function of the topology. */
  seeder: MotcuaFunction;
  /** The stack's client bindings, keyed by their Cognito client ids. */
  clientBindings: ClientBinding[];
};

/**
 * Loads the seed catalog on every deploy: a custom resource backed directly by the topology's
 * seed-catalog function (it answers CloudFormation itself, so no provider framework is added).
 * Missing seed entries are added, operators' edits kept; the clients' bindings are written.
 */
export class CatalogSeed extends Construct {
  constructor(scope: Construct, id: string, props: CatalogSeedProps) {
    super(scope, id);
    new CustomResource(this, 'Resource', {
      serviceToken: props.seeder.lambda.functionArn,
      resourceType: 'Custom::MotcuaCatalogSeed',
      properties: { clients: props.clientBindings },
    });
  }
}
