/**
 * Citizen-facing services in the template: the receipt passes the gateway as bytes (application/pdf is a binary
 * media type), the public lookup routes take no token and have a WAF rate rule of their own per
 * address, and the receipt's function carries its fonts.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, test } from 'vitest';
import { BINARY_MEDIA_TYPES, WAF_LOOKUP_LIMIT_PER_5_MIN } from '#infra/constructs/api.ts';
import { FUNCTIONS, ROUTES } from '#infra/topology.ts';
import { defaultStack } from './synth.ts';
import { methodRoutes, resources } from './template.ts';

const { template } = defaultStack();

describe('citizen-facing services', () => {
  test('the REST API treats application/pdf as binary', () => {
    expect(BINARY_MEDIA_TYPES).toContain('application/pdf');
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      BinaryMediaTypes: Match.arrayWith(['application/pdf']),
    });
  });

  test('the lookup routes are public, and only they are limited per address', () => {
    const lookups = ROUTES.filter((route) => route.perIpLimit).map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(lookups.sort()).toEqual(['GET /tra-cuu', 'GET /v1/lookup']);
    const methods = methodRoutes(template);
    for (const name of lookups) expect(methods.get(name)?.Properties?.AuthorizationType).toBe('NONE');
  });

  test('the WAF limits each address on the lookup paths, with or without a stage prefix', () => {
    const [acl] = Object.values(resources(template, 'AWS::WAFv2::WebACL'));
    const rules = acl?.Properties?.Rules as Record<string, unknown>[];
    const endsWith = (path: string) => ({
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: 'ENDS_WITH',
        SearchString: path,
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    });
    expect(rules).toContainEqual(
      expect.objectContaining({
        Name: 'lookup-rate-limit-per-ip',
        Action: {
          Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'too-many-requests' } },
        },
        Statement: {
          RateBasedStatement: {
            Limit: WAF_LOOKUP_LIMIT_PER_5_MIN,
            EvaluationWindowSec: 300,
            AggregateKeyType: 'IP',
            ScopeDownStatement: {
              OrStatement: {
                Statements: expect.arrayContaining([endsWith('/v1/lookup'), endsWith('/tra-cuu')]),
              },
            },
          },
        },
      }),
    );
    const priorities = rules.map((rule) => rule.Priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  test('the receipt function ships the font files it embeds', () => {
    expect((FUNCTIONS.getReceipt.bundledFiles ?? []).map((file) => file.split('/').at(-1))).toEqual([
      'BeVietnamPro_400Regular.ttf',
      'BeVietnamPro_700Bold.ttf',
    ]);
  });
});
