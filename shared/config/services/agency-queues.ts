import { SqsAgencyQueues } from '#shared/adapters/agency-queues.ts';
import { sqs } from '#shared/adapters/sqs-client.ts';
import { AGENCY_QUEUE_URLS_ENV } from '#shared/config/runtime-names.ts';
import { jsonEnv } from '../env.ts';
import { once } from './once.ts';

export const agencyQueues = once(
  () => new SqsAgencyQueues(sqs, jsonEnv<Record<string, string>>(AGENCY_QUEUE_URLS_ENV, {})),
);
