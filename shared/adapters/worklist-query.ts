/**
 * Worklists: dossiers read newest first from one or more indexes of the dossiers table, merged
 * by their `submittedKey`, filtered in DynamoDB, paged with an opaque cursor that remembers
 * where each index was left. No scans: every read is a query on an index partition.
 */
import { type DynamoDBDocumentClient, type NativeAttributeValue, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '#shared/domain/dossier.ts';
import { validationError } from '#shared/domain/errors.ts';
import type { DossierStatus } from '#shared/domain/status.ts';
import { fromDossierItem } from './dossier-item.ts';

type Item = Record<string, NativeAttributeValue>;

/** An index partition to read: the index and its partition key's value. */
export type WorklistSource = {
  index: 'byCenter' | 'byRoutedAgency' | 'bySubmitter' | 'byDelivery';
  value: string;
};

export type WorklistFilter = {
  status?: DossierStatus;
  centerId?: string;
  /** Routed to this agency system (deciding it, or delivering its result). */
  agencyId?: string;
  /** Inclusive bounds on receivedAt, as ISO instants in +07:00. */
  receivedFrom?: string;
  receivedTo?: string;
};

export type WorklistPage = { items: Dossier[]; nextCursor?: string };

const PARTITION_ATTRIBUTE: Record<WorklistSource['index'], string> = {
  byCenter: 'centerId',
  byRoutedAgency: 'routedAgencyId',
  bySubmitter: 'submittedBy',
  byDelivery: 'deliveryAgencyId',
};

/** Index reads one request may spend before it answers with what it has and a cursor. */
const PAGE_BUDGET = 20;

type Position = { after?: Item; done?: boolean };

function filterExpression(filter: WorklistFilter) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, NativeAttributeValue> = {};
  if (filter.status) {
    clauses.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.centerId) {
    clauses.push('centerId = :centerId');
    values[':centerId'] = filter.centerId;
  }
  if (filter.agencyId) {
    clauses.push('contains(routedTo, :agencyId)');
    values[':agencyId'] = filter.agencyId;
  }
  if (filter.receivedFrom) {
    clauses.push('receivedAt >= :receivedFrom');
    values[':receivedFrom'] = filter.receivedFrom;
  }
  if (filter.receivedTo) {
    clauses.push('receivedAt <= :receivedTo');
    values[':receivedTo'] = filter.receivedTo;
  }
  return { clauses, names, values };
}

/** One index partition, read page by page, newest first. */
class SourceReader {
  private readonly buffer: Item[] = [];
  private readonly read: (exclusiveStartKey: Item | undefined) => Promise<{ items: Item[]; last?: Item }>;
  private lastEvaluated: Item | undefined;
  private exhausted: boolean;
  /** The key of the last item taken: where the next request resumes. */
  position: Position;

  constructor(
    read: (exclusiveStartKey: Item | undefined) => Promise<{ items: Item[]; last?: Item }>,
    start: Position,
  ) {
    this.read = read;
    this.position = start;
    this.lastEvaluated = start.after;
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
    }
    return this.buffer[0];
  }

  take(keyOf: (item: Item) => Item): Item | undefined {
    const item = this.buffer.shift();
    if (item) this.position = { after: keyOf(item) };
    if (this.buffer.length === 0 && this.exhausted) this.position = { done: true };
    return item;
  }

  get finished(): boolean {
    return this.buffer.length === 0 && this.exhausted;
  }
}

const encodeCursor = (sources: WorklistSource[], positions: Position[]) =>
  Buffer.from(JSON.stringify({ s: sources.map((s) => `${s.index}:${s.value}`), p: positions })).toString(
    'base64url',
  );

function decodeCursor(cursor: string, sources: WorklistSource[]): Position[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s?: unknown;
      p?: unknown;
    };
    const expected = sources.map((s) => `${s.index}:${s.value}`);
    if (
      JSON.stringify(parsed.s) === JSON.stringify(expected) &&
      Array.isArray(parsed.p) &&
      parsed.p.length === sources.length
    ) {
      return parsed.p as Position[];
    }
  } catch {
    // falls through to the validation error
  }
  throw validationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor of this query' }]);
}

export async function queryWorklist(
  client: DynamoDBDocumentClient,
  tableName: string,
  sources: WorklistSource[],
  filter: WorklistFilter,
  limit: number,
  cursor?: string,
): Promise<WorklistPage> {
  const positions = cursor ? decodeCursor(cursor, sources) : sources.map((): Position => ({}));
  const { clauses, names, values } = filterExpression(filter);
  const readers = sources.map((source, i) => {
    const partition = PARTITION_ATTRIBUTE[source.index];
    // receivedAt ≥ submittedAt, so receivedTo also bounds the sort key.
    const upper = filter.receivedTo ? ' AND submittedKey <= :upper' : '';
    return new SourceReader(async (exclusiveStartKey) => {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: source.index,
          KeyConditionExpression: `#partition = :partition${upper}`,
          ...(clauses.length > 0 ? { FilterExpression: clauses.join(' AND ') } : {}),
          ExpressionAttributeNames: { '#partition': partition, ...names },
          ExpressionAttributeValues: {
            ':partition': source.value,
            ...values,
            ...(filter.receivedTo ? { ':upper': `${filter.receivedTo}#\uffff` } : {}),
          },
          ScanIndexForward: false,
          Limit: Math.max(limit, 25),
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      return { items: page.Items ?? [], ...(page.LastEvaluatedKey ? { last: page.LastEvaluatedKey } : {}) };
    }, positions[i] ?? {});
  });
  const keyOf = (index: WorklistSource['index']) => (item: Item) => ({
    pk: item.pk,
    sk: item.sk,
    [PARTITION_ATTRIBUTE[index]]: item[PARTITION_ATTRIBUTE[index]],
    submittedKey: item.submittedKey,
  });

  const budget = { pages: PAGE_BUDGET };
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
    const source = sources[newest];
    if (!reader || !source) break;
    const item = reader.take(keyOf(source.index));
    if (item) items.push(fromDossierItem(item));
  }
  const more = readers.some((reader) => !reader.finished);
  return {
    items,
    ...(more
      ? {
          nextCursor: encodeCursor(
            sources,
            readers.map((r) => r.position),
          ),
        }
      : {}),
  };
}
