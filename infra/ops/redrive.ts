/**
 * `npm run redrive -- <queue id> [--stage <stage> | --local [--endpoint <url>]]`: moves the
 * messages of a queue's dead-letter queue back to the queue, once whatever made them fail is
 * fixed. Any queue named after the topology's convention works (`agency-land-registry`, a later
 * `portal-sync`, ...): `<prefix>-<queue id>` and `<prefix>-<queue id>-dlq`.
 *
 * - AWS (default; the stack `Motcua-<stage>`, credentials and region from the AWS profile):
 *   SQS's own StartMessageMoveTask from the DLQ to the queue; prints the task handle.
 * - `--local`: the running local runtime's fauxqs (its port from `.motcua/state.json`, or
 *   `--endpoint`), which has no move task: receive, send to the queue, delete, until empty.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { LOCAL_REGION, REPO_ROOT } from '../local/constants.ts';
import { RESOURCE_PREFIX as LOCAL_PREFIX } from '../local/provision.ts';
import { stackIdFor } from '../stack.ts';
import { deadLetterQueuePhysicalName, queuePhysicalName } from '../topology.ts';

const QUEUE_ID = /^[A-Za-z0-9_-]{1,60}$/;

export type RedriveTarget = { source: string; deadLetter: string };

/** The physical names of `queueId` and its DLQ under `prefix` (the stack name, or `motcua` locally). */
export function redriveTarget(prefix: string, queueId: string): RedriveTarget {
  if (!QUEUE_ID.test(queueId)) {
    throw new Error(`"${queueId}" is not a queue id (letters, digits, - and _), e.g. agency-land-registry`);
  }
  return {
    source: queuePhysicalName(prefix, queueId),
    deadLetter: deadLetterQueuePhysicalName(prefix, queueId),
  };
}

async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  try {
    const { QueueUrl: url } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!url) throw new Error('no URL');
    return url;
  } catch (error) {
    throw new Error(`queue ${name} not found (${error instanceof Error ? error.name : String(error)})`);
  }
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes: attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  if (!attributes?.QueueArn) throw new Error(`queue ${url} has no ARN`);
  return attributes.QueueArn;
}

/** AWS: starts SQS's move task from the DLQ back to its queue; resolves to the task handle. */
export async function startRedrive(sqs: SQSClient, target: RedriveTarget): Promise<string> {
  const [sourceArn, deadLetterArn] = await Promise.all([
    queueUrl(sqs, target.source).then((url) => queueArn(sqs, url)),
    queueUrl(sqs, target.deadLetter).then((url) => queueArn(sqs, url)),
  ]);
  const { TaskHandle: handle } = await sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: deadLetterArn, DestinationArn: sourceArn }),
  );
  return handle ?? '';
}

/**
 * Locally: receive from the DLQ, send each message (body and attributes) to the queue, delete
 * what was sent, until the DLQ answers empty. A message is deleted only after it was sent, so a
 * crash in between leaves a copy in both (consumers are idempotent), never none.
 */
export async function redriveLocally(sqs: SQSClient, target: RedriveTarget): Promise<number> {
  const [sourceUrl, deadLetterUrl] = await Promise.all([
    queueUrl(sqs, target.source),
    queueUrl(sqs, target.deadLetter),
  ]);
  let moved = 0;
  for (;;) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    if (messages.length === 0) return moved;
    const byId = new Map(messages.map((message, i) => [String(i), message] as const));
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: sourceUrl,
        Entries: [...byId].map(([id, message]) => ({
          Id: id,
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
        })),
      }),
    );
    const done = (sent.Successful ?? []).flatMap((entry): Message[] => {
      const message = entry.Id === undefined ? undefined : byId.get(entry.Id);
      return message ? [message] : [];
    });
    if (sent.Failed && sent.Failed.length > 0) {
      throw new Error(
        `could not send ${sent.Failed.length} message(s) to ${target.source}: ${sent.Failed.map((f) => f.Message ?? f.Code).join('; ')}`,
      );
    }
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: deadLetterUrl,
          Entries: done.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
    moved += done.length;
  }
}

const USAGE =
  'usage: npm run redrive -- <queue id> [--stage <stage>]          (AWS: StartMessageMoveTask)\n' +
  '       npm run redrive -- <queue id> --local [--endpoint <url>]  (the local runtime)\n' +
  '  e.g. npm run redrive -- agency-land-registry --stage prod\n';

/** The local runtime's fauxqs endpoint, from its state file. */
async function localEndpoint(): Promise<string> {
  const file = join(REPO_ROOT, '.motcua', 'state.json');
  let port: unknown;
  try {
    port = (JSON.parse(await readFile(file, 'utf8')) as { fauxqsPort?: unknown }).fauxqsPort;
  } catch {
    port = undefined;
  }
  if (typeof port !== 'number') {
    throw new Error(`no fauxqs port in ${file}: start the runtime with npm start, or pass --endpoint`);
  }
  return `http://127.0.0.1:${port}`;
}

export async function main(args: string[]): Promise<string> {
  const { values: flags, positionals } = parseArgs({
    args,
    options: {
      stage: { type: 'string' },
      local: { type: 'boolean' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [queueId] = positionals;
  if (flags.help || !queueId || positionals.length > 1) return USAGE;
  if (flags.local) {
    const endpoint = flags.endpoint ?? (await localEndpoint());
    if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost)(:\d+)?\/?$/.test(endpoint)) {
      throw new Error(`--endpoint must be a loopback http URL (got ${endpoint})`);
    }
    const sqs = new SQSClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'motcua-redrive', secretAccessKey: 'local' },
    });
    try {
      const target = redriveTarget(LOCAL_PREFIX, queueId);
      const moved = await redriveLocally(sqs, target);
      return `moved ${moved} message(s) from ${target.deadLetter} to ${target.source}\n`;
    } finally {
      sqs.destroy();
    }
  }
  const sqs = new SQSClient({});
  try {
    const target = redriveTarget(stackIdFor(flags.stage ?? 'prod'), queueId);
    const handle = await startRedrive(sqs, target);
    return (
      `started moving ${target.deadLetter} back to ${target.source} (task ${handle});\n` +
      `follow it with: aws sqs list-message-move-tasks --source-arn <ARN of ${target.deadLetter}>\n`
    );
  } finally {
    sqs.destroy();
  }
}

if (import.meta.main) {
  try {
    process.stdout.write(await main(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`redrive: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
