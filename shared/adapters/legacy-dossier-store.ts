/**
 * Imported dossiers in the dossiers table: the same items as filed ones (dossier + timeline
 * event), written in transactions of up to 50 dossiers, each guarded by "no dossier with this
 * code yet". A cancelled transaction names the dossiers already there; the rest are written again
 * without them.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FiledDossier, LegacyDossierStore } from '#shared/use-cases/ports.ts';
import { newDossierPuts } from './dossier-store.ts';

/** Two items per dossier, 100 per transaction. */
const DOSSIERS_PER_TRANSACTION = 50;
const PARALLEL_TRANSACTIONS = 4;

export class DynamoLegacyDossierStore implements LegacyDossierStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async insertNew(filed: readonly FiledDossier[]) {
    const inserted: string[] = [];
    const existing: string[] = [];
    const chunks: FiledDossier[][] = [];
    for (let i = 0; i < filed.length; i += DOSSIERS_PER_TRANSACTION) {
      chunks.push(filed.slice(i, i + DOSSIERS_PER_TRANSACTION));
    }
    const insertChunk = async (chunk: FiledDossier[]) => {
      let pending = chunk;
      while (pending.length > 0) {
        const found = await this.write(pending);
        if (found.length === 0) {
          inserted.push(...pending.map((f) => f.dossier.dossierCode));
          return;
        }
        existing.push(...found);
        pending = pending.filter((f) => !found.includes(f.dossier.dossierCode));
      }
    };
    // A few transactions at a time: distinct dossiers, so they never contend.
    for (let i = 0; i < chunks.length; i += PARALLEL_TRANSACTIONS) {
      await Promise.all(chunks.slice(i, i + PARALLEL_TRANSACTIONS).map(insertChunk));
    }
    return { inserted, existing };
  }

  /** One transaction; the codes that already exist when it is cancelled for them. */
  private async write(filed: readonly FiledDossier[]): Promise<string[]> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: filed.flatMap(({ dossier, event }) =>
            newDossierPuts(this.tableName, dossier, event),
          ),
        }),
      );
      return [];
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const found = filed
        .filter(
          (_, i) =>
            reasons[2 * i]?.Code === 'ConditionalCheckFailed' ||
            reasons[2 * i + 1]?.Code === 'ConditionalCheckFailed',
        )
        .map((f) => f.dossier.dossierCode);
      if (found.length === 0) throw error;
      return found;
    }
  }

  async raiseSequence(name: string, value: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `SEQUENCE#${name}`, sk: '#SEQUENCE' },
          UpdateExpression: 'SET #value = :value, entity = :entity',
          ConditionExpression: 'attribute_not_exists(#value) OR #value < :value',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':value': value, ':entity': 'SEQUENCE' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
