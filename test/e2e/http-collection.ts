/**
 * A reader and runner for `.http` request collections (the VS Code REST Client format, the part
 * docs/portal-integration.http uses): `@name = value` file variables, requests separated by
 * `###`, `# @name` to capture a response, `{{name.response.body.$.a.b}}` to read it, `{{$guid}}`
 * and `{{$timestamp}}`, multipart bodies with `< ./file` parts. `# @poll` marks a request that
 * waits on asynchronous work: it is sent again until it answers 2xx or the deadline passes.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type CollectionRequest = {
  title: string;
  name?: string;
  poll: boolean;
  method: string;
  url: string;
  headers: [string, string][];
  body: string[];
};

export type Collection = { variables: Map<string, string>; requests: CollectionRequest[]; dir: string };

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/;
const FILE_VARIABLE = /^@([A-Za-z_][\w-]*)\s*=\s*(.*)$/;

export function parseCollection(path: string): Collection {
  const text = readFileSync(path, 'utf8');
  const variables = new Map<string, string>();
  const requests: CollectionRequest[] = [];
  const blocks = text.split(/^###/m);
  blocks.forEach((block, index) => {
    const lines = block.split(/\r?\n/);
    const title = index === 0 ? '' : (lines.shift() ?? '').trim();
    let request: CollectionRequest | undefined;
    let name: string | undefined;
    let poll = false;
    let inBody = false;
    for (const line of lines) {
      if (!request) {
        const trimmed = line.trim();
        const variable = FILE_VARIABLE.exec(trimmed);
        const meta = /^(?:#|\/\/)\s*@(\w+)\s*(\S*)/.exec(trimmed);
        const start = REQUEST_LINE.exec(trimmed);
        if (variable?.[1] !== undefined) variables.set(variable[1], (variable[2] ?? '').trim());
        else if (meta?.[1] === 'name') name = meta[2];
        else if (meta?.[1] === 'poll') poll = true;
        else if (start?.[1] && start[2]) {
          request = {
            title,
            ...(name ? { name } : {}),
            poll,
            method: start[1],
            url: start[2],
            headers: [],
            body: [],
          };
        } else if (trimmed !== '' && !/^(#|\/\/)/.test(trimmed)) {
          throw new Error(`${path}: unexpected line before a request: ${trimmed}`);
        }
      } else if (!inBody) {
        if (line.trim() === '') inBody = true;
        else {
          const colon = line.indexOf(':');
          request.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
        }
      } else {
        request.body.push(line);
      }
    }
    if (request) {
      while (request.body.length > 0 && request.body.at(-1)?.trim() === '') request.body.pop();
      requests.push(request);
    }
  });
  return { variables, requests, dir: dirname(path) };
}

/** A JSON value at a `$.a.b[0].c` path (the subset REST Client request variables use). */
function jsonPath(value: unknown, path: string): unknown {
  // `$.a.b`, `$.a[0]`, `$.a['x-y']`: names, indexes and quoted names.
  const steps = (path.replace(/^\$\.?/, '').match(/'[^']*'|[^.[\]]+/g) ?? []).map((step) =>
    step.replace(/^'(.*)'$/, '$1'),
  );
  return steps.reduce<unknown>(
    (node, step) =>
      node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined,
    value,
  );
}

export type Answer = { status: number; body: unknown; text: string };

export class CollectionRunner {
  private readonly collection: Collection;
  private readonly variables: Map<string, string>;
  private readonly answers = new Map<string, Answer>();

  constructor(collection: Collection, overrides: Record<string, string> = {}) {
    this.collection = collection;
    this.variables = new Map([...collection.variables, ...Object.entries(overrides)]);
  }

  /** The text with every `{{...}}` replaced; an unknown reference is an error, not an empty string. */
  expand(text: string, depth = 0): string {
    if (depth > 10) throw new Error(`variables nest too deep in ${text}`);
    return text.replaceAll(/\{\{\s*([^}]+?)\s*\}\}/g, (_, reference: string) => {
      if (reference === '$guid') return randomUUID();
      if (reference === '$timestamp') return String(Math.floor(Date.now() / 1000));
      const captured = /^([\w-]+)\.response\.body\.(\$.*)$/.exec(reference);
      if (captured?.[1] && captured[2]) {
        const answer = this.answers.get(captured[1]);
        if (!answer) throw new Error(`{{${reference}}}: no response named ${captured[1]} yet`);
        const value = jsonPath(answer.body, captured[2]);
        if (value === undefined) throw new Error(`{{${reference}}}: not in the response`);
        return typeof value === 'string' ? value : JSON.stringify(value);
      }
      const variable = this.variables.get(reference);
      if (variable === undefined) throw new Error(`{{${reference}}}: no such variable`);
      return this.expand(variable, depth + 1);
    });
  }

  /** The request as it is sent: variables expanded once (a poll resends the same request). */
  prepare(request: CollectionRequest): { url: string; init: RequestInit } {
    const headers = request.headers.map(([name, value]) => [name, this.expand(value)] as [string, string]);
    const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    let body: Buffer | string | undefined;
    if (request.body.length > 0) {
      if (contentType.startsWith('multipart/form-data')) {
        // Lines joined by CRLF; a `< ./file` line stands for the file's bytes.
        const chunks: Buffer[] = [];
        request.body.forEach((line, i) => {
          if (i > 0) chunks.push(Buffer.from('\r\n'));
          chunks.push(
            line.startsWith('< ')
              ? readFileSync(resolve(this.collection.dir, line.slice(2).trim()))
              : Buffer.from(this.expand(line)),
          );
        });
        chunks.push(Buffer.from('\r\n'));
        body = Buffer.concat(chunks);
      } else {
        body = this.expand(request.body.join('\n'));
      }
    }
    return {
      url: this.expand(request.url),
      init: {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
      },
    };
  }

  /** Sends the request (again while it is marked @poll and not 2xx, until the deadline). */
  async run(request: CollectionRequest, pollDeadlineMs = 30_000): Promise<Answer> {
    const { url, init } = this.prepare(request);
    const deadline = Date.now() + pollDeadlineMs;
    for (;;) {
      const response = await fetch(url, init);
      const text = await response.text();
      const isJson = /json/i.test(response.headers.get('content-type') ?? '');
      const answer: Answer = {
        status: response.status,
        body: isJson && text ? JSON.parse(text) : text,
        text,
      };
      const ok = answer.status >= 200 && answer.status < 300;
      if (ok || !request.poll || Date.now() > deadline) {
        if (request.name) this.answers.set(request.name, answer);
        return answer;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}
