/**
 * Portal sync marks (`#SYNC`, written by the sync sender beside each dossier item), read by the
 * report counters when they first count a dossier: whether the portal already holds it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SyncMarks } from '#shared/use-cases/ports.ts';
import { syncMarkKey } from './dossier-item.ts';
import { itemsOf } from './index-items.ts';

export class DynamoSyncMarks implements SyncMarks {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async marked(dossierCodes: readonly string[]): Promise<Set<string>> {
    // Consistent: a mark written before this read must be seen (aggregate-dossier-stats.ts).
    const marks = await itemsOf(this.client, this.tableName, dossierCodes.map(syncMarkKey), {
      consistent: true,
    });
    const byPk = new Map(dossierCodes.map((code) => [syncMarkKey(code).pk, code]));
    return new Set(marks.flatMap((mark) => byPk.get(String(mark.pk)) ?? []));
  }
}
