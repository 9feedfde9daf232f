/**
 * The catalog in DynamoDB: one partition per kind (`pk` = PROCEDURE, CENTER, UNIT, AGENCY,
 * CLIENT, CALENDAR; `sk` = its id). Reads are queries by partition, cached for a minute per
 * execution environment: the catalog changes rarely and is read on every request.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ClientBinding } from '#shared/domain/access.ts';
import {
  DEFAULT_OFFICE_HOURS,
  type OfficeHours,
  type WorkingCalendar,
  workingCalendar,
  type YearCalendar,
} from '#shared/domain/calendar.ts';
import type { Agency, Center, Procedure, Unit } from '#shared/domain/catalog.ts';
import type { CalendarStore, Catalog, CatalogContent, CatalogSeedStore } from '#shared/use-cases/ports.ts';
import { queryAll } from './query-all.ts';

export type CatalogKind = 'PROCEDURE' | 'CENTER' | 'UNIT' | 'AGENCY' | 'CLIENT' | 'CALENDAR';
type Item = Record<string, NativeAttributeValue>;

const CACHE_MS = 60_000;

const strip = <T>(item: Item): T => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
};

export class DynamoCatalog implements Catalog, CatalogSeedStore, CalendarStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly cache = new Map<CatalogKind, { at: number; items: Promise<Item[]> }>();
  private readonly clients = new Map<string, { at: number; binding: ClientBinding | undefined }>();

  private readonly officeHours: OfficeHours;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
  ) {
    this.db = client;
    this.tableName = tableName;
    this.officeHours = officeHours;
  }

  centers = () => this.list<Center>('CENTER');
  units = () => this.list<Unit>('UNIT');
  agencies = () => this.list<Agency>('AGENCY');
  procedures = () => this.list<Procedure>('PROCEDURE');

  /** From the cached catalog: every submission reads its procedure. */
  async procedure(code: string): Promise<Procedure | undefined> {
    return (await this.procedures()).find((p) => p.code === code);
  }

  async client(clientId: string): Promise<ClientBinding | undefined> {
    const cached = this.clients.get(clientId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.binding;
    const binding = await this.get<ClientBinding>('CLIENT', clientId);
    this.clients.set(clientId, { at: Date.now(), binding });
    return binding;
  }

  async calendar(): Promise<WorkingCalendar> {
    return workingCalendar(await this.list<YearCalendar>('CALENDAR'), this.officeHours);
  }

  /** One stored year, read consistently: not from the cache. */
  async calendarYear(year: number): Promise<YearCalendar | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: 'CALENDAR', sk: String(year) },
        ConsistentRead: true,
      }),
    );
    return Item ? strip<YearCalendar>(Item) : undefined;
  }

  /** Stores a year of the calendar, replacing what the year had. */
  async putCalendar(year: YearCalendar): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: catalogItems({ calendars: [year] })[0] }),
    );
    this.cache.delete('CALENDAR');
  }

  /** Stores a procedure; tells whether it was new. */
  async putProcedure(procedure: Procedure): Promise<'created' | 'replaced'> {
    const { Attributes } = await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: catalogItems({ procedures: [procedure] })[0],
        ReturnValues: 'ALL_OLD',
      }),
    );
    this.cache.delete('PROCEDURE');
    return Attributes ? 'replaced' : 'created';
  }

  /** The stored procedures among `codes`, read consistently (batches of 100 keys). */
  async proceduresByCode(codes: string[]): Promise<Procedure[]> {
    const found: Procedure[] = [];
    for (let i = 0; i < codes.length; i += 100) {
      let keys: Record<string, NativeAttributeValue>[] | undefined = codes
        .slice(i, i + 100)
        .map((code) => ({ pk: 'PROCEDURE', sk: code }));
      for (let attempt = 0; keys?.length; attempt++) {
        if (attempt > 0) await backOff(attempt);
        const answer: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        found.push(...(answer.Responses?.[this.tableName] ?? []).map((item) => strip<Procedure>(item)));
        keys = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  /** Writes procedures whole (batches of 25, unprocessed items again), then forgets the cache. */
  async putProcedures(procedures: Procedure[]): Promise<void> {
    const items = catalogItems({ procedures });
    const batches: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await inBatches(
      batches,
      async (batch) => {
        let requests = batch.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 0) await backOff(attempt);
          const { UnprocessedItems } = await this.db.send(
            new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
          );
          requests = (UnprocessedItems?.[this.tableName] ?? []).flatMap((r) =>
            r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
          );
        }
      },
      4,
    );
    this.cache.delete('PROCEDURE');
  }

  async addMissing(content: Partial<CatalogContent>): Promise<{ added: number; kept: number }> {
    const entries = catalogItems(content);
    let added = 0;
    await inBatches(entries, async (Item) => {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        added++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
    this.cache.clear();
    return { added, kept: entries.length - added };
  }

  async put(content: Partial<CatalogContent>): Promise<number> {
    const entries = catalogItems(content);
    await inBatches(entries, (Item) => this.db.send(new PutCommand({ TableName: this.tableName, Item })));
    this.cache.clear();
    this.clients.clear();
    return entries.length;
  }

  private async get<T>(kind: CatalogKind, id: string): Promise<T | undefined> {
    const { Item: item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: kind, sk: id } }),
    );
    return item ? strip<T>(item) : undefined;
  }

  private async list<T>(kind: CatalogKind): Promise<T[]> {
    const cached = this.cache.get(kind);
    if (cached && Date.now() - cached.at < CACHE_MS) return (await cached.items).map((i) => strip<T>(i));
    const items = this.queryAll(kind);
    this.cache.set(kind, { at: Date.now(), items });
    items.catch(() => this.cache.delete(kind));
    return (await items).map((i) => strip<T>(i));
  }

  private async queryAll(kind: CatalogKind): Promise<Item[]> {
    return Array.fromAsync(
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :kind',
        ExpressionAttributeValues: { ':kind': kind },
      }),
    );
  }
}

/** The seed's rows as catalog items. */

export function catalogItems(content: Partial<CatalogContent>): Item[] {
  return [
    ...(content.centers ?? []).map((c) => ({ pk: 'CENTER', sk: c.centerId, ...c })),
    ...(content.units ?? []).map((u) => ({ pk: 'UNIT', sk: u.unitId, ...u })),
    ...(content.agencies ?? []).map((a) => ({ pk: 'AGENCY', sk: a.agencyId, ...a })),
    ...(content.procedures ?? []).map((p) => ({ pk: 'PROCEDURE', sk: p.code, ...p })),
    ...(content.calendars ?? []).map((y) => ({ pk: 'CALENDAR', sk: String(y.year), ...y })),
    ...(content.clients ?? []).map((c) => ({ pk: 'CLIENT', sk: c.clientId, ...c })),
  ];
}

/** Waits before retrying what DynamoDB left unprocessed: 50 ms, doubled per attempt, up to 2 s. */
const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** (attempt - 1))));

/** Runs `write` over `items`, a few at a time. */
async function inBatches<T>(
  items: readonly T[],
  write: (item: T) => Promise<unknown>,
  width = 8,
): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(write));
}
