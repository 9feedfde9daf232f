import type { Template } from 'aws-cdk-lib/assertions';
import { TEST_STACK_ID } from './test-app.ts';

/** A synthesized resource, loosely typed: tests read what they assert on. */
export type Resource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
};

export const resources = (template: Template, type: string): Record<string, Resource> =>
  template.findResources(type) as Record<string, Resource>;

/**
 * The resources of a type by construct path below the stack, without the trailing `/Resource`
 * (`FanOut/AgencyPolice`, `Data/DossiersTable`), each with its logical id. Test synthesis turns
 * path metadata on (test-app.ts), so every resource has one.
 */
export const byPath = (template: Template, type: string): Map<string, { id: string; resource: Resource }> => {
  const prefix = `${TEST_STACK_ID}/`;
  const found = new Map<string, { id: string; resource: Resource }>();
  for (const [id, resource] of Object.entries(resources(template, type))) {
    const path = resource.Metadata?.['aws:cdk:path'];
    if (typeof path !== 'string' || !path.startsWith(prefix)) {
      throw new Error(`${type} ${id} has no construct path below ${TEST_STACK_ID}`);
    }
    found.set(path.slice(prefix.length).replace(/\/Resource$/, ''), { id, resource });
  }
  return found;
};

/** `{ 'Fn::GetAtt': [id, attribute] }`, as the template refers to a resource's attribute. */
export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

/** `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attribute] }` → `id`. */
export const refId = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
};

/** `METHOD /full/path` of every API Gateway method, rebuilt from the resources' PathPart/ParentId. */
export const methodRoutes = (template: Template): Map<string, Resource> => {
  const apiResources = resources(template, 'AWS::ApiGateway::Resource');
  const pathOf = (resourceId: unknown): string => {
    const id = refId(resourceId);
    const resource = id === undefined ? undefined : apiResources[id];
    if (!resource) return ''; // the API's root resource (Fn::GetAtt RestApi.RootResourceId)
    return `${pathOf(resource.Properties?.ParentId)}/${String(resource.Properties?.PathPart)}`;
  };
  const routes = new Map<string, Resource>();
  for (const method of Object.values(resources(template, 'AWS::ApiGateway::Method'))) {
    routes.set(`${String(method.Properties?.HttpMethod)} ${pathOf(method.Properties?.ResourceId)}`, method);
  }
  return routes;
};

export type Statement = Record<string, unknown>;

/** The statements of a policy document (an IAM policy's PolicyDocument, a key's KeyPolicy, ...). */
export const statementsOf = (document: unknown): Statement[] =>
  (document as { Statement?: Statement[] } | undefined)?.Statement ?? [];

/**
 * CDK's own deploy-time handler that puts the documents bucket's notification configuration (a
 * singleton custom resource of the stack): a Lambda function, but not one of the topology's.
 */
export const isNotificationsHandler = (resource: Resource): boolean =>
  String(resource.Properties?.Description).includes('"Custom::S3BucketNotifications"');

/** The topology's Lambda functions by logical id: every function but CDK's notifications handler. */
export const topologyFunctions = (template: Template): Record<string, Resource> =>
  Object.fromEntries(
    Object.entries(resources(template, 'AWS::Lambda::Function')).filter(
      ([, resource]) => !isNotificationsHandler(resource),
    ),
  );
