import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  DomainName,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  type CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { CENTERS, COMMUNE_UNITS } from '#shared/config/seed-catalog.ts';
import { XLSX_MEDIA_TYPE } from '#shared/contract/reports.ts';
import type { ClientBinding } from '#shared/domain/access.ts';
import { PREFLIGHT_HEADERS } from '#shared/runtime/cors.ts';
import {
  AGENCY_SYSTEMS,
  ALL_SCOPES,
  CLIENT_RATE_LIMIT_ENV,
  CORS_ORIGINS_ENV,
  type FunctionId,
  GATEWAY_SCOPES,
  PROFILE_SCOPES,
  RESOURCE_SERVER,
  ROUTES,
  type RouteSpec,
  SCOPES,
  type Scope,
} from '../topology.ts';
import { type MotcuaFunction, pascalCase } from './lambda-function.ts';
import type { DeploySettings } from './settings.ts';

/** Stage-wide default throttling (every client together). */
export const THROTTLING = { rateLimit: 200, burstLimit: 400 } as const;
/**
 * WAF: requests per source IP per 5 minutes (≈100 rps sustained, half the stage rate), so one
 * runaway client cannot hold the whole stage budget for long.
 */
export const WAF_RATE_LIMIT_PER_5_MIN = 30_000;
/**
 * WAF: requests per source IP per 5 minutes to the public lookup (`perIpLimit` routes), the
 * runtime's DEFAULT_LOOKUP_RATE_LIMIT (30 a minute) held at the edge.
 */
export const WAF_LOOKUP_LIMIT_PER_5_MIN = 150;
/** Responses the gateway passes as bytes (the receipt). */
export const BINARY_MEDIA_TYPES = ['application/pdf', XLSX_MEDIA_TYPE] as const;

const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  [SCOPES.submit]: 'Submit dossiers and upload their documents',
  [SCOPES.read]: 'Read dossiers',
  [SCOPES.process]: 'Act on dossiers',
  [SCOPES.reports]: 'Read reports',
  [SCOPES.admin]: 'Write the catalog and the calendar',
};

/**
 * The machine clients created with the stack, one per profile binding: the portal, the admin,
 * each seeded center's staff app, each agency system (system-wide) and each commune People's
 * Committee (an agency client bound to its own unit). Their scopes are the profile's; their
 * bindings are written to the catalog on deploy (see CatalogSeed).
 */
const CLIENTS: ClientBinding[] = [
  { clientId: 'portal', profile: 'portal' },
  { clientId: 'admin', profile: 'admin' },
  ...CENTERS.map(
    (c): ClientBinding => ({ clientId: `center-${c.centerId}`, profile: 'center', centerId: c.centerId }),
  ),
  ...AGENCY_SYSTEMS.map(
    (agencyId): ClientBinding => ({ clientId: `agency-${agencyId}`, profile: 'agency', agencyId }),
  ),
  ...COMMUNE_UNITS.map(
    (unit): ClientBinding => ({
      clientId: `agency-${unit.agencyId}-${unit.unitId}`,
      profile: 'agency',
      agencyId: unit.agencyId,
      unitIds: [unit.unitId],
    }),
  ),
];

/**
 * Every error API Gateway answers by itself, as `application/problem+json` (docs/api.md §2), with
 * the status each one gets. Types that only IAM or API keys produce (this API uses neither) are
 * listed too, so that nothing falls back to API Gateway's `{ "message" }` body.
 */
const GATEWAY_PROBLEMS: { type: ResponseType; status: number; title: string; slug?: string }[] = [
  { type: ResponseType.BAD_REQUEST_BODY, status: 400, title: 'Bad Request' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, status: 400, title: 'Bad Request' },
  { type: ResponseType.UNAUTHORIZED, status: 401, title: 'Unauthorized', slug: 'unauthorized' },
  { type: ResponseType.EXPIRED_TOKEN, status: 401, title: 'Unauthorized', slug: 'unauthorized' },
  { type: ResponseType.INVALID_SIGNATURE, status: 401, title: 'Unauthorized', slug: 'unauthorized' },
  { type: ResponseType.ACCESS_DENIED, status: 403, title: 'Forbidden' },
  { type: ResponseType.INVALID_API_KEY, status: 403, title: 'Forbidden' },
  { type: ResponseType.WAF_FILTERED, status: 403, title: 'Forbidden' },
  // API Gateway's answer to a path or method no route has (by default a 403 "Missing
  // Authentication Token"): for the contract it is a resource that does not exist.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, title: 'Not Found', slug: 'not-found' },
  { type: ResponseType.RESOURCE_NOT_FOUND, status: 404, title: 'Not Found', slug: 'not-found' },
  { type: ResponseType.REQUEST_TOO_LARGE, status: 413, title: 'Content Too Large', slug: 'too-large' },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, status: 415, title: 'Unsupported Media Type' },
  { type: ResponseType.THROTTLED, status: 429, title: 'Too Many Requests' },
  { type: ResponseType.QUOTA_EXCEEDED, status: 429, title: 'Too Many Requests' },
  { type: ResponseType.DEFAULT_4XX, status: 400, title: 'Bad Request' },
  { type: ResponseType.API_CONFIGURATION_ERROR, status: 500, title: 'Internal Server Error' },
  { type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, status: 500, title: 'Internal Server Error' },
  { type: ResponseType.AUTHORIZER_FAILURE, status: 500, title: 'Internal Server Error' },
  { type: ResponseType.INTEGRATION_FAILURE, status: 504, title: 'Gateway Timeout', slug: 'timeout' },
  { type: ResponseType.INTEGRATION_TIMEOUT, status: 504, title: 'Gateway Timeout', slug: 'timeout' },
  { type: ResponseType.DEFAULT_5XX, status: 500, title: 'Internal Server Error', slug: 'internal' },
];

/**
 * The 401s carry RFC 6750's challenge, as the local gateway's do. A header value in a gateway
 * response is a quoted literal.
 */
const CHALLENGE = { 'WWW-Authenticate': `'Bearer realm="motcua"'` };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * A gateway response body: RFC 9457 problem details; `messageString` is already a JSON string.
 * Where the local gateway answers the same case, the type is the same `urn:` (docs/api.md §2).
 */
const problemTemplate = (status: number, title: string, slug?: string): string =>
  `{"type":${JSON.stringify(slug ? `urn:motcua:problem:${slug}` : 'about:blank')},"title":${JSON.stringify(title)},"status":${status},` +
  `"detail":$context.error.messageString,"requestId":"$context.requestId"}`;

export type ApiProps = {
  functions: Record<FunctionId, MotcuaFunction>;
  key: IKey;
  /** API Gateway stage name (the deployment stage: `prod`, `staging`, ...). */
  stageName: string;
  /** Cognito domain prefix, production, client rate limit, CORS, countries, custom domain. */
  settings: DeploySettings;
};

/**
 * The HTTP side: Cognito as the OAuth2 client-credentials server (resource server `motcua`,
 * the topology's scopes, the portal and admin clients), and the REST API of the topology's
 * ROUTES behind a Cognito authorizer, WAF, access logs, tracing and throttling.
 */
export class Api extends Construct {
  readonly userPool: UserPool;
  readonly restApi: RestApi;
  readonly clients: Record<string, UserPoolClient> = {};
  /** Profile bindings of the stack's clients, keyed by their Cognito client ids. */
  readonly clientBindings: ClientBinding[] = [];
  readonly tokenUrl: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.userPool = this.createUserPool(props.settings.production);
    const scopes = new Map(
      ALL_SCOPES.map((scope) => [
        scope,
        new ResourceServerScope({
          scopeName: scope.slice(RESOURCE_SERVER.length + 1),
          scopeDescription: SCOPE_DESCRIPTIONS[scope],
        }),
      ]),
    );
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER,
      userPoolResourceServerName: RESOURCE_SERVER,
      scopes: [...scopes.values()],
    });
    const oAuthScopes = (allowed: readonly Scope[]): OAuthScope[] =>
      allowed.map((scope) => {
        const resourceServerScope = scopes.get(scope);
        if (!resourceServerScope) throw new Error(`scope ${scope} is not one of the resource server's`);
        return OAuthScope.resourceServer(resourceServer, resourceServerScope);
      });
    for (const binding of CLIENTS) {
      const client = this.createClient(
        `${pascalCase(binding.clientId)}Client`,
        binding.clientId,
        oAuthScopes(PROFILE_SCOPES[binding.profile]),
      );
      this.clients[binding.clientId] = client;
      // The token's client_id is Cognito's generated id: that is what the binding is keyed by.
      this.clientBindings.push({ ...binding, clientId: client.userPoolClientId });
    }
    const domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.settings.cognitoDomainPrefix },
    });
    this.tokenUrl = `${domain.baseUrl()}/oauth2/token`;

    this.restApi = this.createRestApi(props);
    this.addRoutes(props.functions, props.settings);
    for (const problem of GATEWAY_PROBLEMS) {
      this.restApi.addGatewayResponse(`Problem${problem.type.responseType}`, {
        type: problem.type,
        statusCode: String(problem.status),
        responseHeaders: {
          'Content-Type': `'${PROBLEM_CONTENT_TYPE}'`,
          ...(problem.status === 401 ? CHALLENGE : {}),
        },
        templates: { 'application/json': problemTemplate(problem.status, problem.title, problem.slug) },
      });
    }
    this.protectWithWaf(props.settings.allowedCountries);
    if (props.settings.customDomain) this.addCustomDomain(props.settings.customDomain, props.stageName);

    output(this, 'ApiUrl', this.restApi.url, 'Base URL of the API');
    output(this, 'TokenUrl', this.tokenUrl, 'OAuth2 token endpoint (client credentials)');
    output(this, 'UserPoolId', this.userPool.userPoolId, 'Cognito user pool of the machine clients');
    for (const [name, client] of Object.entries(this.clients)) {
      output(
        this,
        `${pascalCase(name)}ClientId`,
        client.userPoolClientId,
        `Client id of the ${name} machine client (its secret stays in Cognito)`,
      );
    }
  }

  private createUserPool(production: boolean): UserPool {
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      featurePlan: FeaturePlan.ESSENTIALS,
      // No human users are expected; if one is ever created, it gets a strong password and TOTP.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      accountRecovery: AccountRecovery.NONE,
      // Deleting the pool deletes every client's credentials: production keeps it.
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The pool only issues client-credentials tokens to machine clients; the Plus plan’s threat ' +
        'protection evaluates user sign-ins (passwords, devices, IPs of people), which this pool has none of.',
    });
    return userPool;
  }

  private createClient(id: string, name: string, scopes: OAuthScope[]): UserPoolClient {
    const client = this.userPool.addClient(id, {
      userPoolClientName: name,
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    // No user sign-in flow on a machine client (Cognito's default would allow SRP and custom auth).
    (client.node.defaultChild as CfnUserPoolClient).addPropertyOverride('ExplicitAuthFlows', [
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    return client;
  }

  private createRestApi(props: ApiProps): RestApi {
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      encryptionKey: props.key,
    });
    const { corsOrigins } = props.settings;
    const api = new RestApi(this, 'RestApi', {
      restApiName: `${Stack.of(this).stackName}-api`,
      // Preflights for the configured origins only (the functions add the headers to answers).
      ...(corsOrigins.length > 0
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: corsOrigins,
              allowMethods: PREFLIGHT_HEADERS['access-control-allow-methods'].split(','),
              allowHeaders: PREFLIGHT_HEADERS['access-control-allow-headers'].split(','),
              maxAge: Duration.seconds(Number(PREFLIGHT_HEADERS['access-control-max-age'])),
            },
          }
        : {}),
      description: 'motcua: administrative procedure dossiers',
      // The receipt PDF and the XLSX report export: the function answers them base64-encoded;
      // the gateway sends bytes to a client whose Accept names the type.
      binaryMediaTypes: [...BINARY_MEDIA_TYPES],
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: THROTTLING.rateLimit,
        throttlingBurstLimit: THROTTLING.burstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            ip: AccessLogField.contextIdentitySourceIp(),
            userAgent: AccessLogField.contextIdentityUserAgent(),
            clientId: AccessLogField.contextAuthorizerClaims('client_id'),
            httpMethod: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            status: AccessLogField.contextStatus(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            errorType: AccessLogField.contextErrorResponseType(),
            errorMessage: AccessLogField.contextErrorMessage(),
            wafStatus: AccessLogField.contextWafResponseCode(),
            xrayTraceId: AccessLogField.contextXrayTraceId(),
          }),
        ),
      },
    });
    // RestApi adds an `Endpoint` output with a hashed key; `ApiUrl` below replaces it.
    api.node.tryRemoveChild('Endpoint');
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway uses to write execution and access logs; AWS documents ' +
        'this managed policy for it, and its log-group wildcard is inherent (API Gateway creates the groups).',
    });
    return api;
  }

  private addRoutes(functions: Record<FunctionId, MotcuaFunction>, settings: DeploySettings): void {
    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [this.userPool],
      authorizerName: 'motcua-cognito',
    });
    const validator = this.restApi.addRequestValidator('RequestValidator', {
      requestValidatorName: 'parameters-and-body',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    for (const route of ROUTES) {
      const fn = functions[route.function].lambda;
      // The runtime checks the route's scope, counts the caller's requests and answers CORS.
      fn.addEnvironment(CLIENT_RATE_LIMIT_ENV, settings.clientRateLimit);
      if (settings.corsOrigins.length > 0)
        fn.addEnvironment(CORS_ORIGINS_ENV, settings.corsOrigins.join(','));
      const integration = new LambdaIntegration(fn, { allowTestInvoke: false });
      const method = this.restApi.root.resourceForPath(route.path).addMethod(route.method, integration, {
        requestValidator: validator,
        requestParameters: Object.fromEntries(
          pathParameters(route).map((name) => [`method.request.path.${name}`, true]),
        ),
        ...(route.auth === 'token'
          ? {
              authorizationType: AuthorizationType.COGNITO,
              authorizer,
              // Any motcua scope: the gateway authenticates, the runtime checks route.scopes
              // and answers 403 insufficient_scope as the local runtime does (GATEWAY_SCOPES).
              authorizationScopes: [...GATEWAY_SCOPES],
            }
          : { authorizationType: AuthorizationType.NONE }),
      });
      if (route.auth === 'public') {
        const reason = route.perIpLimit
          ? `${route.method} ${route.path} is the citizens' public lookup (docs/api.md, citizen-facing services): it needs the dossier code and 4 digits of the ID number, shows no personal data, and is limited per IP by the WAF and the runtime.`
          : `${route.method} ${route.path} is public by contract (docs/api.md §4): it serves the API description, no data.`;
        Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
        Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
      }
    }
    if (settings.corsOrigins.length > 0) {
      const reason =
        'CORS preflight (OPTIONS): browsers send it without credentials; it answers the configured ' +
        'origins from a mock integration and reaches no function.';
      for (const preflight of this.restApi.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
        Validations.of(preflight).acknowledge({ id: 'AwsSolutions-APIG4', reason });
        Validations.of(preflight).acknowledge({ id: 'AwsSolutions-COG4', reason });
      }
    }
  }

  /**
   * The API under the operator's own name (`motcua:customDomain`): a regional domain with the
   * given ACM certificate, TLS 1.2, mapped to this stage. Point the DNS name at the output
   * `ApiDomainTarget` (a CNAME or an alias record).
   */
  private addCustomDomain(domain: { domainName: string; certificateArn: string }, stageName: string): void {
    const domainName = new DomainName(this, 'CustomDomain', {
      domainName: domain.domainName,
      certificate: Certificate.fromCertificateArn(this, 'CustomDomainCertificate', domain.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    domainName.addBasePathMapping(this.restApi, { stage: this.restApi.deploymentStage });
    output(
      this,
      'ApiDomainUrl',
      `https://${domain.domainName}/`,
      `Base URL of the API (${stageName}) on its own domain`,
    );
    output(this, 'ApiDomainTarget', domainName.domainNameAliasDomainName, 'DNS target of the custom domain');
  }

  private protectWithWaf(allowedCountries: readonly string[]): void {
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('motcua-api'),
      customResponseBodies: {
        forbidden: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Forbidden',
            status: 403,
            detail: 'Requests from this country are not accepted.',
          }),
        },
        'too-many-requests': {
          // WAF's custom bodies only know text/plain, text/html and application/json.
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Too Many Requests',
            status: 429,
            detail: 'Too many requests from this address; retry later.',
          }),
        },
      },
      rules: [
        {
          name: 'aws-common-rule-set',
          priority: 0,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // The 8 KB body rule would answer 403 to large catalog or dossier bodies; the
              // application enforces its own body limit with a 413 problem (docs/api.md §8).
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('aws-common-rule-set'),
        },
        {
          name: 'rate-limit-per-ip',
          priority: 1,
          action: {
            block: { customResponse: { responseCode: 429, customResponseBodyKey: 'too-many-requests' } },
          },
          statement: {
            rateBasedStatement: {
              limit: WAF_RATE_LIMIT_PER_5_MIN,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
        {
          // The public lookup: a code-and-digits pair is cheap to guess at, so an address
          // gets few tries (the runtime counts the same per IP: MOTCUA_LOOKUP_RATE_LIMIT).
          name: 'lookup-rate-limit-per-ip',
          priority: 3,
          action: {
            block: { customResponse: { responseCode: 429, customResponseBodyKey: 'too-many-requests' } },
          },
          statement: {
            rateBasedStatement: {
              limit: WAF_LOOKUP_LIMIT_PER_5_MIN,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: lookupPathsStatement(),
            },
          },
          visibilityConfig: visibility('lookup-rate-limit-per-ip'),
        },
        ...(allowedCountries.length > 0
          ? [
              {
                // `motcua:allowedCountries`: requests from any other country are refused.
                name: 'allowed-countries',
                priority: 2,
                action: {
                  block: { customResponse: { responseCode: 403, customResponseBodyKey: 'forbidden' } },
                },
                statement: {
                  notStatement: { statement: { geoMatchStatement: { countryCodes: [...allowedCountries] } } },
                },
                visibilityConfig: visibility('allowed-countries'),
              },
            ]
          : []),
      ],
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
  }
}

/** A stack output under a stable key (`ApiUrl`, not a hashed logical id), for scripts and people. */
export const output = (scope: Construct, key: string, value: string, description: string): CfnOutput => {
  const cfnOutput = new CfnOutput(scope, key, { value, description });
  cfnOutput.overrideLogicalId(key);
  return cfnOutput;
};

/** Requests to the public lookup paths, with or without a stage prefix (`/prod/tra-cuu`). */
function lookupPathsStatement(): CfnWebACL.StatementProperty {
  const endsWith = (path: string): CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'ENDS_WITH',
      searchString: path,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  });
  const paths = ROUTES.filter((route) => route.perIpLimit).map((route) => endsWith(route.path));
  const [only] = paths;
  if (paths.length === 1 && only) return only;
  return { orStatement: { statements: paths } };
}

const pathParameters = (route: RouteSpec): string[] =>
  [...route.path.matchAll(/\{([^}]+)\}/g)].flatMap((match) => (match[1] ? [match[1]] : []));
