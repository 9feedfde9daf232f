import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { main, redriveTarget, startRedrive } from '#infra/ops/redrive.ts';

const sqsMock = mockClient(SQSClient);
afterEach(() => sqsMock.reset());

const ARN = (name: string) => `arn:aws:sqs:ap-southeast-1:111122223333:${name}`;

describe('redrive in AWS', () => {
  it('names the queue and its DLQ after the stack of the stage', () => {
    expect(redriveTarget('Motcua-prod', 'agency-land-registry')).toEqual({
      source: 'Motcua-prod-agency-land-registry',
      deadLetter: 'Motcua-prod-agency-land-registry-dlq',
    });
    expect(() => redriveTarget('Motcua-prod', '../etc')).toThrow('is not a queue id');
  });

  it('starts an SQS message move task from the DLQ to its queue', async () => {
    sqsMock.on(GetQueueUrlCommand).callsFake((input: { QueueName: string }) => ({
      QueueUrl: `https://sqs.ap-southeast-1.amazonaws.com/111122223333/${input.QueueName}`,
    }));
    sqsMock.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({
      Attributes: { QueueArn: ARN(input.QueueUrl.split('/').at(-1) ?? '') },
    }));
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });

    const handle = await startRedrive(
      new SQSClient({ region: 'ap-southeast-1' }),
      redriveTarget('Motcua-staging', 'portal-sync'),
    );
    expect(handle).toBe('task-1');
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([
      { SourceArn: ARN('Motcua-staging-portal-sync-dlq'), DestinationArn: ARN('Motcua-staging-portal-sync') },
    ]);
  });

  it('a missing DLQ stops it before any move', async () => {
    sqsMock.on(GetQueueUrlCommand).rejects(Object.assign(new Error('gone'), { name: 'QueueDoesNotExist' }));
    await expect(
      startRedrive(new SQSClient({ region: 'ap-southeast-1' }), redriveTarget('Motcua-prod', 'agency-tax')),
    ).rejects.toThrow('not found (QueueDoesNotExist)');
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
  });

  it('without a queue id, prints the usage; a non-loopback local endpoint is refused', async () => {
    expect(await main([])).toMatch(/^usage: npm run redrive/);
    await expect(main(['agency-tax', '--local', '--endpoint', 'http://10.0.0.1:4566'])).rejects.toThrow(
      'loopback',
    );
  });
});
