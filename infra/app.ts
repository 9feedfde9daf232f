import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MotcuaStack, stackIdFor } from './stack.ts';

const app = new App();

const requiredContext = (key: string): string => {
  const value: unknown = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`context ${key} is required (cdk.json, or -c ${key}=...)`);
  }
  return value;
};

const stage = requiredContext('motcua:stage');
// Environment-agnostic on purpose: the account and region come from the deploying credentials.
// The Cognito domain prefix, removal policies and protections follow the stage (constructs/settings.ts).
new MotcuaStack(app, stackIdFor(stage), {
  stage,
  description: `motcua (${stage}): administrative procedure dossiers`,
});

// AwsSolutions checks run at synthesis; an unacknowledged error finding fails `cdk synth`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
