/**
 * Payments in the dossiers table, in their dossier's partition (`sk` = `PAYMENT#<paymentId>`):
 * one query lists a dossier's payments, and the transaction that marks a payment PAID also
 * writes the dossier's CONFIRM_PAYMENT and its timeline event. The payment id names its dossier
 * (shared/domain/payment.ts), so a callback finds the partition without an index.
 *
 * An unpaid payment expires (`expiresAt` epoch seconds, the table's TTL attribute) a week after
 * its window closed; a paid one is kept with its dossier.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Decision } from '#shared/domain/lifecycle.ts';
import { dossierCodeOfPayment, type Payment } from '#shared/domain/payment.ts';
import type { PaidRecord, PaymentStore } from '#shared/use-cases/ports.ts';
import { dossierKey, fromDossierItem, toDossierItem } from './dossier-item.ts';
import { queryAll } from './query-all.ts';

type Item = Record<string, NativeAttributeValue>;

/** How long an unpaid payment's record outlives its window (then TTL deletes it). */
const UNPAID_RETENTION_SECONDS = 7 * 24 * 60 * 60;
const PAYMENT_PREFIX = 'PAYMENT#';

const paymentKey = (payment: Pick<Payment, 'dossierCode' | 'paymentId'>) => ({
  pk: dossierKey(payment.dossierCode).pk,
  sk: `${PAYMENT_PREFIX}${payment.paymentId}`,
});

/** The payment's own `expiresAt` (ISO) is stored as `payBy`: `expiresAt` is the table's TTL. */
function toItem(payment: Payment): Item {
  const { expiresAt, ...rest } = payment;
  return {
    ...paymentKey(payment),
    entity: 'PAYMENT',
    ...rest,
    payBy: expiresAt,
    expiresAt: Math.floor(new Date(expiresAt).getTime() / 1000) + UNPAID_RETENTION_SECONDS,
  };
}

function fromItem(item: Item): Payment {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _ttl, payBy, ...rest } = item;
  return { ...rest, expiresAt: payBy } as Payment;
}

const cancelledAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

export class DynamoPaymentStore implements PaymentStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(payment: Payment): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(payment),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(paymentId: string): Promise<Payment | undefined> {
    const dossierCode = dossierCodeOfPayment(paymentId);
    if (!dossierCode) return undefined;
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: paymentKey({ dossierCode, paymentId }),
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async list(dossierCode: string): Promise<Payment[]> {
    const items = await Array.fromAsync(
      queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': dossierKey(dossierCode).pk, ':prefix': PAYMENT_PREFIX },
        ConsistentRead: true,
      }),
    );
    return items.map(fromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The update that decides a PENDING payment, as a transaction item or a command. */
  private decidePayment(decided: Payment) {
    const values: Record<string, NativeAttributeValue> = { ':status': decided.status, ':pending': 'PENDING' };
    const set: string[] = ['#st = :status'];
    for (const name of ['transactionRef', 'paidAt', 'failedAt'] as const) {
      const value = decided[name];
      if (value !== undefined) {
        set.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    return {
      TableName: this.tableName,
      Key: paymentKey(decided),
      // A paid payment is kept for good: the TTL goes.
      UpdateExpression: `SET ${set.join(', ')}${decided.status === 'PAID' ? ' REMOVE expiresAt' : ''}`,
      ConditionExpression: '#st = :pending',
      ExpressionAttributeNames: { '#st': 'status' },
      ExpressionAttributeValues: values,
    };
  }

  async recordPaid(paid: Payment, decision: Decision | undefined): Promise<PaidRecord> {
    if (decision) {
      const previous = { version: decision.next.version - 1, status: decision.event.fromStatus };
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: this.decidePayment(paid) },
              {
                Put: {
                  TableName: this.tableName,
                  Item: toDossierItem(decision.next),
                  ConditionExpression: '#version = :version AND #status = :status',
                  ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
                  ExpressionAttributeValues: { ':version': previous.version, ':status': previous.status },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    pk: dossierKey(decision.next.dossierCode).pk,
                    sk: `EVENT#${String(decision.event.version).padStart(6, '0')}`,
                    entity: 'EVENT',
                    dossierCode: decision.next.dossierCode,
                    ...decision.event,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return 'confirmed';
      } catch (error) {
        if (cancelledAt(error, 0)) return 'already-decided';
        // The dossier moved (a clerk confirmed, it was stopped): record the payment alone.
        if (!cancelledAt(error, 1) && !cancelledAt(error, 2)) throw error;
      }
    }
    if (!(await this.recordFailedOrPaid(paid))) return 'already-decided';
    await this.markPaidOnline(paid.dossierCode);
    return 'recorded';
  }

  async recordFailed(failed: Payment): Promise<boolean> {
    return this.recordFailedOrPaid(failed);
  }

  private async recordFailedOrPaid(decided: Payment): Promise<boolean> {
    try {
      await this.client.send(new UpdateCommand(this.decidePayment(decided)));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Marks the dossier paid online without a new version (a fact about its fees, not a step of
   * its lifecycle), guarded by the version read so a concurrent change is not overwritten.
   */
  private async markPaidOnline(dossierCode: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: dossierKey(dossierCode), ConsistentRead: true }),
      );
      if (!Item) return;
      const dossier = fromDossierItem(Item);
      if (dossier.paidOnline === true) return;
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: dossierKey(dossierCode),
            UpdateExpression: 'SET paidOnline = :true',
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':true': true, ':version': dossier.version },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error(`dossier ${dossierCode} kept changing while it was marked paid online`);
  }
}
