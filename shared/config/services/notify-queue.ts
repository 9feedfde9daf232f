import { SqsNotifyQueue } from '#shared/adapters/notify-queue.ts';
import { sqs } from '#shared/adapters/sqs-client.ts';
import { NOTIFY_QUEUE_URL_ENV } from '#shared/config/runtime-names.ts';
import { requiredEnv } from '../env.ts';
import { once } from './once.ts';

export const notifyQueue = once(() => new SqsNotifyQueue(sqs, requiredEnv(NOTIFY_QUEUE_URL_ENV)));
