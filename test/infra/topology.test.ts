import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, test } from 'vitest';
import { AGENCY_QUEUES, CONSUMERS, FUNCTIONS, ROUTES, SCHEDULES, TABLES } from '#infra/topology.ts';
import { synth } from './synth.ts';
import { methodRoutes, refId, resources } from './template.ts';

/**
 * The stack is built from infra/topology.ts: these counts keep it that way (the local runtime's
 * side of the same promise is tested with the runtime).
 */
let template: Template;

beforeAll(() => {
  ({ template } = synth());
});

const streamConsumers = CONSUMERS.filter((consumer) => consumer.kind === 'stream');
const queueConsumers = CONSUMERS.filter((consumer) => consumer.kind === 'queue');

describe('the stack equals the topology', () => {
  test('tables', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(TABLES).length);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test('queues: each agency queue with its DLQ, one failure DLQ per stream consumer, one DLQ per schedule', () => {
    template.resourceCountIs(
      'AWS::SQS::Queue',
      AGENCY_QUEUES.length * 2 + streamConsumers.length + SCHEDULES.length,
    );
  });

  test('schedules: one EventBridge rule per SCHEDULES entry, and no other', () => {
    template.resourceCountIs('AWS::Events::Rule', SCHEDULES.length);
    expect(SCHEDULES.length).toBeGreaterThan(0);
  });

  test('routes: one method per route, and no other', () => {
    const methods = [...methodRoutes(template).keys()].sort();
    expect(methods).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  test('functions: one per FUNCTIONS entry, and no other', () => {
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(FUNCTIONS).length);
  });

  test('event source mappings: one per consumer, of the right kind', () => {
    const mappings = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(CONSUMERS.length);
    const fromStreams = mappings.filter((m) => m.Properties?.StartingPosition !== undefined);
    expect(fromStreams).toHaveLength(streamConsumers.length);
    const fromQueues = mappings.filter((m) => m.Properties?.StartingPosition === undefined);
    expect(fromQueues).toHaveLength(queueConsumers.length);
    // every queue consumer reads a different queue
    expect(new Set(fromQueues.map((m) => refId(m.Properties?.EventSourceArn))).size).toBe(
      queueConsumers.length,
    );
  });

  test('table bindings: each function has exactly the table variables its spec lists', () => {
    const byDescription = new Map(
      Object.values(resources(template, 'AWS::Lambda::Function')).map((fn) => [
        fn.Properties?.Description,
        fn,
      ]),
    );
    const tableVariables = new Set(Object.values(TABLES).map((table) => table.envVar));
    for (const spec of Object.values(FUNCTIONS)) {
      const fn = byDescription.get(`motcua ${spec.id}`);
      const variables = Object.keys(
        (fn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
      );
      expect(variables.filter((name) => tableVariables.has(name)).sort(), spec.id).toEqual(
        spec.tables.map((binding) => TABLES[binding.table].envVar).sort(),
      );
    }
  });
});
