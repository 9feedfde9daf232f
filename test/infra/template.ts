import type { Template } from 'aws-cdk-lib/assertions';

/** A synthesized resource, loosely typed: tests read what they assert on. */
export type Resource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

export const resources = (template: Template, type: string): Record<string, Resource> =>
  template.findResources(type) as Record<string, Resource>;

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
