/**
 * The edge from deploy settings: CORS only for the configured origins, a
 * country rule, a custom domain; none of it without its setting.
 */
import { describe, expect, test } from 'vitest';
import { pascalCase } from '#infra/constructs/lambda-function.ts';
import { CORS_ORIGINS_ENV, FUNCTIONS, ROUTES } from '#infra/topology.ts';
import { nagReport } from './nag-report.ts';
import { defaultStack, synthVariant } from './synth.ts';
import { byPath, methodRoutes, resources } from './template.ts';

const ORIGINS = ['https://motcua.quangninh.gov.vn', 'https://canbo.quangninh.gov.vn'];
const CERTIFICATE =
  'arn:aws:acm:ap-southeast-1:123456789012:certificate/0f3e2d1c-aaaa-bbbb-cccc-1234567890ab';
const variant = synthVariant({
  'motcua:corsOrigins': ORIGINS.join(','),
  'motcua:allowedCountries': '["VN"]',
  'motcua:customDomain': JSON.stringify({
    domainName: 'api.motcua.quangninh.gov.vn',
    certificateArn: CERTIFICATE,
  }),
});
const { template: plain } = defaultStack();

describe('without settings', () => {
  test('no CORS, no country rule, no custom domain', () => {
    expect([...methodRoutes(plain).keys()].filter((key) => key.startsWith('OPTIONS'))).toEqual([]);
    expect(JSON.stringify(resources(plain, 'AWS::WAFv2::WebACL'))).not.toContain('GeoMatchStatement');
    expect(Object.keys(resources(plain, 'AWS::ApiGateway::DomainName'))).toEqual([]);
  });
});

describe('with motcua:corsOrigins, motcua:allowedCountries and motcua:customDomain', () => {
  const { template } = variant;

  // CloudFormation refuses a stack of over 500 resources: keep room for what comes next.
  test('the fullest edge stays at most 450 resources', () => {
    const count = Object.keys(template.toJSON().Resources ?? {}).length;
    expect(count).toBeLessThanOrEqual(450);
  });

  test('a preflight on every route path, without authorization, answering only the configured origins', () => {
    const methods = methodRoutes(template);
    for (const route of ROUTES) {
      const preflight = methods.get(`OPTIONS ${route.path}`);
      expect(preflight, route.path).toBeDefined();
      expect(preflight?.Properties?.AuthorizationType).toBe('NONE');
      const integration = JSON.stringify(preflight?.Properties?.Integration);
      expect(integration).toContain('MOCK');
      for (const origin of ORIGINS) expect(integration).toContain(origin);
    }
  });

  test('the functions name the configured origins on their answers', () => {
    const functions = byPath(template, 'AWS::Lambda::Function');
    for (const route of ROUTES) {
      const fn = functions.get(`${pascalCase(FUNCTIONS[route.function].id)}/Function`);
      const variables = (fn?.resource.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      expect(variables?.[CORS_ORIGINS_ENV], route.path).toBe(ORIGINS.join(','));
    }
  });

  test('the firewall refuses other countries with a 403 JSON problem', () => {
    const [acl] = Object.values(resources(template, 'AWS::WAFv2::WebACL'));
    const rules = acl?.Properties?.Rules as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Name: 'allowed-countries',
        Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'forbidden' } } },
        Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ['VN'] } } } },
      }),
    );
    const priorities = rules.map((rule) => rule.Priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  test('a regional custom domain with TLS 1.2, mapped to the stage, its DNS target an output', () => {
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.motcua.quangninh.gov.vn',
      RegionalCertificateArn: CERTIFICATE,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    template.hasOutput('ApiDomainTarget', {});
  });

  test('passes cdk-nag AwsSolutions (the preflights’ missing authorization is acknowledged)', () => {
    const open = nagReport(variant.stack).open;
    expect(open.map((f) => `${f.rule} (${f.severity}) at ${f.path}: ${f.description}`)).toEqual([]);
  });
});
