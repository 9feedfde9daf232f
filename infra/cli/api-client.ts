/**
 * What the bulk commands share: their options (`--url`, `--client`, `--secret`, docs/domain.md
 * "Bulk data"), a client-credentials token, and JSON requests to the API.
 */
export type ApiOptions = { url: string; client: string; secret: string };

export const API_OPTIONS = {
  url: { type: 'string', default: 'http://127.0.0.1:3000' },
  client: { type: 'string' },
  secret: { type: 'string', default: 'local-secret' },
} as const;

export class ApiClient {
  private token: string | undefined;
  private readonly options: ApiOptions;

  constructor(options: ApiOptions) {
    this.options = options;
  }

  private async accessToken(): Promise<string> {
    if (this.token) return this.token;
    const { client, secret, url } = this.options;
    const response = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const json = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || !json.access_token) {
      throw new Error(`no token for ${client} at ${url}/oauth2/token (HTTP ${response.status})`);
    }
    this.token = json.access_token;
    return this.token;
  }

  /** A JSON request; the status and the parsed body whatever the status. */
  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> {
    const response = await fetch(`${this.options.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T };
  }
}

/** A problem+json answer as one line. */
export const describeProblem = (status: number, json: unknown): string => {
  const p = json as { title?: string; detail?: string } | undefined;
  return `HTTP ${status}${p?.title ? ` ${p.title}` : ''}${p?.detail ? `: ${p.detail}` : ''}`;
};
