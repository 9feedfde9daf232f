/**
 * Worklists: dossiers read newest first from one or more indexes of the dossiers table, merged
 * by their `submittedKey`, filtered on the items read (the indexes hold keys only, so the
 * dossiers are fetched from the table), paged by positions that remember where each index
 * partition was left (the caller keeps them in a sealed cursor, see domain/cursor.ts).
 * No scans: every read is a query on an index partition.
 */
import { type DynamoDBDocumentClient, type NativeAttributeValue, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '#shared/domain/dossier.ts';
import type {
  WorklistFilter,
  WorklistPage,
  WorklistPosition,
  WorklistSource,
} from '#shared/use-cases/ports.ts';
import { dossierKey, fromDossierItem } from './dossier-item.ts';
import { itemsOf } from './index-items.ts';

type Item = Record<string, NativeAttributeValue>;

const PARTITION_ATTRIBUTE: Record<WorklistSource['index'], string> = {
  byCenter: 'centerId',
  byRoutedAgency: 'routedAgencyId',
  byRoutedUnit: 'routedUnit',
  bySubmitter: 'submittedBy',
  byDelivery: 'deliveryAgencyId',
  byPortalRef: 'portalRefKey',
};

/** Index reads one request may spend before it answers with what it has and a cursor. */
const PAGE_BUDGET = 20;

/**
 * The exclusive start key of a source resuming after `submittedKey`: the table's key and the
 * index's, rebuilt from the source's own partition, so a position can only ever continue the
 * partition it is read with.
 */
function startKey(source: WorklistSource, submittedKey: string): Item {
  const dossierCode = submittedKey.slice(submittedKey.indexOf('#') + 1);
  return {
    ...dossierKey(dossierCode),
    [PARTITION_ATTRIBUTE[source.index]]: source.value,
    submittedKey,
  };
}

/**
 * Whether a dossier item passes the worklist's filter. Applied to the items read, not in the
 * query: the indexes are KEYS_ONLY, so a FilterExpression would see no attribute but keys.
 */
export function matchesFilter(item: Item, filter: WorklistFilter): boolean {
  if (filter.status && item.status !== filter.status) return false;
  if (filter.centerId && item.centerId !== filter.centerId) return false;
  if (filter.agencyId && !(Array.isArray(item.routedTo) && item.routedTo.includes(filter.agencyId)))
    return false;
  const receivedAt = typeof item.receivedAt === 'string' ? item.receivedAt : undefined;
  if (filter.receivedFrom && !(receivedAt !== undefined && receivedAt >= filter.receivedFrom)) return false;
  if (filter.receivedTo && !(receivedAt !== undefined && receivedAt <= filter.receivedTo)) return false;
  if (filter.procedureCode && item.procedureCode !== filter.procedureCode) return false;
  if (filter.portalRef && item.portalRef !== filter.portalRef) return false;
  return true;
}

/** One index partition, read page by page, newest first. */
class SourceReader {
  private readonly buffer: Item[] = [];
  private readonly read: (exclusiveStartKey: Item | undefined) => Promise<{ items: Item[]; last?: Item }>;
  private lastEvaluated: Item | undefined;
  private exhausted: boolean;
  /** After the last item taken: where the next request resumes. */
  position: WorklistPosition;

  constructor(
    read: (exclusiveStartKey: Item | undefined) => Promise<{ items: Item[]; last?: Item }>,
    start: WorklistPosition,
    startKeyOf: (submittedKey: string) => Item,
  ) {
    this.read = read;
    this.position = start;
    this.lastEvaluated = start.after === undefined ? undefined : startKeyOf(start.after);
    this.exhausted = start.done ?? false;
  }

  /** The next item, fetching pages while the budget lasts; undefined when exhausted or out of budget. */
  async peek(budget: { pages: number }): Promise<Item | undefined> {
    while (this.buffer.length === 0 && !this.exhausted && budget.pages > 0) {
      budget.pages--;
      const page = await this.read(this.lastEvaluated);
      this.buffer.push(...page.items);
      this.lastEvaluated = page.last;
      if (!page.last) this.exhausted = true;
      if (this.buffer.length === 0) this.position = this.drained();
    }
    return this.buffer[0];
  }

  take(): Item | undefined {
    const item = this.buffer.shift();
    if (item) this.position = { after: String(item.submittedKey) };
    if (this.buffer.length === 0) this.position = this.drained();
    return item;
  }

  /**
   * Where to resume once the buffer is empty: after the last item DynamoDB evaluated, since
   * everything up to it was taken or filtered out. Resuming after the last item taken instead
   * would re-read the filtered-out run, and a run longer than the page budget would yield the
   * same cursor forever.
   */
  private drained(): WorklistPosition {
    if (this.exhausted) return { done: true };
    return this.lastEvaluated ? { after: String(this.lastEvaluated.submittedKey) } : this.position;
  }

  get finished(): boolean {
    return this.buffer.length === 0 && this.exhausted;
  }
}

export async function queryWorklist(
  client: DynamoDBDocumentClient,
  tableName: string,
  sources: WorklistSource[],
  filter: WorklistFilter,
  limit: number,
  from?: readonly WorklistPosition[],
  pageBudget = PAGE_BUDGET,
): Promise<WorklistPage> {
  if (from && from.length !== sources.length) throw new Error('one position per worklist source');
  const readers = sources.map((source, i) => {
    const partition = PARTITION_ATTRIBUTE[source.index];
    // receivedAt ≥ submittedAt, so receivedTo also bounds the sort key.
    const upper = filter.receivedTo ? ' AND submittedKey <= :upper' : '';
    return new SourceReader(
      async (exclusiveStartKey) => {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: source.index,
            KeyConditionExpression: `#partition = :partition${upper}`,
            ExpressionAttributeNames: { '#partition': partition },
            ExpressionAttributeValues: {
              ':partition': source.value,
              ...(filter.receivedTo ? { ':upper': `${filter.receivedTo}#\uffff` } : {}),
            },
            ScanIndexForward: false,
            Limit: Math.max(limit, 25),
            ExclusiveStartKey: exclusiveStartKey,
          }),
        );
        const items = (await itemsOf(client, tableName, page.Items ?? [])).filter((item) =>
          matchesFilter(item, filter),
        );
        return { items, ...(page.LastEvaluatedKey ? { last: page.LastEvaluatedKey } : {}) };
      },
      from?.[i] ?? {},
      (submittedKey) => startKey(source, submittedKey),
    );
  });

  const budget = { pages: pageBudget };
  const items: Dossier[] = [];
  while (items.length < limit) {
    const heads = await Promise.all(readers.map((reader) => reader.peek(budget)));
    // A reader out of budget may hold newer items than the others: stop here, keep the order.
    if (heads.some((head, i) => head === undefined && !readers[i]?.finished)) break;
    let newest = -1;
    heads.forEach((head, i) => {
      if (head && (newest < 0 || String(head.submittedKey) > String(heads[newest]?.submittedKey))) newest = i;
    });
    const reader = readers[newest];
    if (!reader) break;
    const item = reader.take();
    if (item) items.push(fromDossierItem(item));
  }
  const more = readers.some((reader) => !reader.finished);
  return { items, ...(more ? { next: readers.map((r) => r.position) } : {}) };
}
