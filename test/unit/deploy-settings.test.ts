/**
 * Deploy settings are checked at synth (infra/constructs/settings.ts): a value Cognito, ACM or
 * WAF would refuse at deploy time fails `cdk synth` with a message naming the setting.
 */
import { describe, expect, it } from 'vitest';
import {
  parseAllowedCountries,
  parseClientRateLimitSetting,
  parseCognitoDomainPrefix,
  parseCorsOrigins,
  parseCustomDomain,
  parseProduction,
  parseStage,
} from '#infra/constructs/settings.ts';
import { DEFAULT_CLIENT_RATE_LIMIT } from '#infra/topology.ts';

describe('the Cognito domain prefix', () => {
  it('is derived from the stage unless set', () => {
    expect(parseCognitoDomainPrefix(undefined, 'prod')).toBe('motcua-quang-ninh-prod');
    expect(parseCognitoDomainPrefix('', 'dev')).toBe('motcua-quang-ninh-dev');
    expect(parseCognitoDomainPrefix('qn-dossiers-uat', 'dev')).toBe('qn-dossiers-uat');
  });

  it.each(['aws', 'amazon', 'cognito'])('refuses a prefix containing the reserved word %s', (word) => {
    expect(() => parseCognitoDomainPrefix(`motcua-${word}-prod`, 'prod')).toThrow(
      new RegExp(`motcua:cognitoDomainPrefix.*"${word}"`),
    );
    // Derived from a stage too: the stage cannot sneak a reserved word in.
    expect(() => parseCognitoDomainPrefix(undefined, `x${word}`)).toThrow(/reserves/);
  });

  it.each(['Motcua', '-motcua', 'motcua-', 'motcua_prod', 'motcua.prod', 'a'.repeat(64)])(
    'refuses %s, which breaks Cognito’s pattern',
    (prefix) => {
      expect(() => parseCognitoDomainPrefix(prefix, 'prod')).toThrow(/motcua:cognitoDomainPrefix/);
    },
  );
});

describe('the stage', () => {
  it('accepts short lower-case names', () => {
    expect(parseStage('prod')).toBe('prod');
    expect(parseStage('uat-2')).toBe('uat-2');
  });

  it.each(['Prod', '1prod', 'prod-', 'p'.repeat(21), 'pro_d'])('refuses %s', (stage) => {
    expect(() => parseStage(stage)).toThrow(/motcua:stage/);
  });
});

describe('production', () => {
  it('defaults to the stage prod', () => {
    expect(parseProduction(undefined, 'prod')).toBe(true);
    expect(parseProduction(undefined, 'dev')).toBe(false);
  });

  it('can be set either way, from cdk.json or -c', () => {
    expect(parseProduction('true', 'staging')).toBe(true);
    expect(parseProduction(false, 'prod')).toBe(false);
    expect(() => parseProduction('yes', 'prod')).toThrow(/motcua:production/);
  });
});

describe('the client rate limit', () => {
  it('defaults to the topology’s and normalizes', () => {
    expect(parseClientRateLimitSetting(undefined)).toBe(DEFAULT_CLIENT_RATE_LIMIT);
    expect(parseClientRateLimitSetting(' 300 / 60s ')).toBe('300/60');
  });

  it.each(['0/10', '100/0', '100', 'lots', '100/7200'])('refuses %s', (value) => {
    expect(() => parseClientRateLimitSetting(value)).toThrow(/motcua:clientRateLimit/);
  });
});

describe('CORS origins', () => {
  it('takes a list or comma-separated text of https origins', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins('https://a.gov.vn, https://b.gov.vn:8443')).toEqual([
      'https://a.gov.vn',
      'https://b.gov.vn:8443',
    ]);
    expect(parseCorsOrigins(['https://a.gov.vn', 'https://a.gov.vn'])).toEqual(['https://a.gov.vn']);
  });

  it.each(['http://a.gov.vn', 'https://a.gov.vn/', 'https://a.gov.vn/app', '*', 'a.gov.vn'])(
    'refuses %s',
    (origin) => {
      expect(() => parseCorsOrigins([origin])).toThrow(/motcua:corsOrigins/);
    },
  );
});

describe('allowed countries', () => {
  it('takes ISO alpha-2 codes, upper-cased and sorted', () => {
    expect(parseAllowedCountries('vn')).toEqual(['VN']);
    expect(parseAllowedCountries('["VN","SG","vn"]')).toEqual(['SG', 'VN']);
  });

  it.each(['VNM', 'V', 'Viet Nam'])('refuses %s', (code) => {
    expect(() => parseAllowedCountries([code])).toThrow(/motcua:allowedCountries/);
  });
});

describe('the custom domain', () => {
  const certificateArn =
    'arn:aws:acm:ap-southeast-1:123456789012:certificate/0f3e2d1c-aaaa-bbbb-cccc-1234567890ab';

  it('takes a DNS name and an ACM certificate ARN', () => {
    expect(
      parseCustomDomain(JSON.stringify({ domainName: 'api.motcua.quangninh.gov.vn', certificateArn })),
    ).toEqual({
      domainName: 'api.motcua.quangninh.gov.vn',
      certificateArn,
    });
    expect(parseCustomDomain(undefined)).toBeUndefined();
  });

  it('refuses a bad name or a certificate that is not ACM', () => {
    expect(() => parseCustomDomain({ domainName: 'API.example', certificateArn })).toThrow(/domainName/);
    expect(() =>
      parseCustomDomain({
        domainName: 'api.example.vn',
        certificateArn: 'arn:aws:iam::123456789012:server-certificate/x',
      }),
    ).toThrow(/certificateArn/);
  });
});
