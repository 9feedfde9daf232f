/**
 * Reports on DynamoDB Local: the stats aggregator's handler, fed dossier changes as the stream
 * delivers them, keeps counters that equal a recount (through the adapter's batched, guarded
 * transactions); the report routes read them as JSON, CSV and XLSX with the access rules; the
 * import route writes legacy dossiers once. Months of 2024 here: nothing else writes them.
 */
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, DynamoDBStreamEvent } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toDossierItem } from '#shared/adapters/dossier-item.ts';
import { workingCalendar } from '#shared/domain/calendar.ts';
import type { Dossier } from '#shared/domain/dossier.ts';
import { deltaOf, recount } from '#shared/domain/reports.ts';
import { apiEvent, jsonOf, lambdaContext } from '../fixtures/api-event.ts';
import { useEmulators } from './emulators.ts';

useEmulators();
type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let aggregate: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
let monthly: ApiHandler;
let indicators: ApiHandler;
let importDossiers: ApiHandler;
let stats: import('#shared/adapters/stats-store.ts').DynamoStatsStore;
let nextSequence: (name: string) => Promise<number>;

beforeAll(async () => {
  aggregate = (await import('#functions/stream/aggregate-dossier-stats.ts')).handler;
  monthly = (await import('#functions/api/get-monthly-report.ts')).handler;
  indicators = (await import('#functions/api/get-indicators.ts')).handler;
  importDossiers = (await import('#functions/api/import-dossiers.ts')).handler;
  const services = await import('#shared/config/services.ts');
  stats = services.statsStore();
  nextSequence = (name) => services.dossierStore().nextSequence(name);
});

const run = randomUUID()
  .slice(0, 8)
  .replaceAll(/[^0-9]/g, '1');
const dossier = (n: number, changes: Partial<Dossier> = {}): Dossier => ({
  dossierCode: `IT${run}-240115-${String(n).padStart(4, '0')}`,
  procedureCode: '1.001193',
  procedureName: 'Thủ tục đăng ký khai sinh',
  centerId: 'hong-gai',
  competentUnitId: 'hong-gai-pc',
  agencyId: 'commune',
  category: 'OWN_AUTHORITY',
  channel: n % 3 === 0 ? 'ONLINE' : 'DIRECT',
  status: 'RECEIVED',
  version: 2,
  submittedAt: '2024-01-15T08:00:00+07:00',
  receivedAt: '2024-01-15T08:00:00+07:00',
  applicant: { type: 'CITIZEN', idNumber: '022190000123', fullName: 'Nguyễn Văn Thử', address: 'Tổ 1' },
  summary: 'Đăng ký khai sinh',
  documents: [],
  resultDelivery: 'COUNTER',
  processing: { days: 1 },
  submittedBy: 'local-center-hong-gai',
  routedTo: ['commune'],
  ...changes,
});

/** The stream event of these changes (MODIFY with the new image, as the table's stream has it). */
const streamEvent = (dossiers: Dossier[]): DynamoDBStreamEvent => ({
  Records: dossiers.map((d, i) => ({
    eventID: `${run}-${i}`,
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      NewImage: marshall(toDossierItem(d), { removeUndefinedValues: true }) as never,
      SequenceNumber: String(i),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  })),
});

const counters = async (month: string) =>
  deltaOf({}, await stats.counters([{ centerId: 'hong-gai', month }]));
const get = (handler: ApiHandler, clientId: string, query: Record<string, string>, headers = {}) =>
  handler(
    apiEvent({
      path: handler === monthly ? '/v1/reports/monthly' : '/v1/reports/indicators',
      clientId,
      scope: 'motcua/reports.read',
      query,
      headers,
    }),
    lambdaContext(),
  );

describe('the stats aggregator on DynamoDB Local', () => {
  it('counts a large batch exactly as a recount, and a replay changes nothing', async () => {
    const dossiers = Array.from({ length: 260 }, (_, i) =>
      dossier(i + 1, { receivedAt: '2024-03-10T09:00:00+07:00' }),
    );
    await aggregate(streamEvent(dossiers), lambdaContext());
    const expected = recount(dossiers, workingCalendar([])).get('hong-gai#2024-03');
    expect(await counters('2024-03')).toEqual(expected);
    await aggregate(streamEvent(dossiers), lambdaContext());
    await aggregate(streamEvent([...dossiers].reverse()), lambdaContext());
    expect(await counters('2024-03')).toEqual(expected);
  });

  it('counts by the month of receipt in Vietnam, and moves a dossier that changes category', async () => {
    const lastMinute = dossier(900, { receivedAt: '2024-04-30T23:59:00+07:00' });
    const nextMonth = dossier(901, { receivedAt: '2024-04-30T17:00:00Z' });
    await aggregate(streamEvent([lastMinute, nextMonth]), lambdaContext());
    expect(await counters('2024-04')).toMatchObject({ received: 1, 'category.OWN_AUTHORITY': 1 });
    expect((await counters('2024-05')).received).toBe(1);

    const moved = { ...lastMinute, version: 3, category: 'VERTICAL' as const, agencyId: 'police' };
    await aggregate(streamEvent([moved]), lambdaContext());
    await aggregate(streamEvent([lastMinute]), lambdaContext());
    const april = await counters('2024-04');
    expect(april).toMatchObject({ received: 1, 'category.VERTICAL': 1, 'agency.police': 1 });
    expect(april['category.OWN_AUTHORITY']).toBeUndefined();
  });
});

describe('the stats aggregator writes', () => {
  it('nothing for a version counted alike, nor for the sync mark of a dossier not received yet', async () => {
    const { dynamoDb } = await import('#shared/adapters/aws-clients.ts');
    const { dossierStore } = await import('#shared/config/services.ts');
    const submitted = dossier(951, { status: 'SUBMITTED', version: 1, receivedAt: undefined });
    // The sender's mark, written before its stream record reaches the aggregator.
    expect(await dossierStore().markSynced(submitted.dossierCode, 1, '2024-07-10T09:00:00+07:00')).toBe(true);
    const { meterWriteCapacity } = await import('#shared/adapters/capacity-meter.ts');
    const writes: string[] = [];
    const stop = meterWriteCapacity(dynamoDb, (use) => {
      if (use.index === undefined) writes.push(`${use.operation} ${use.units}`);
    });
    try {
      const received = dossier(950, { receivedAt: '2024-07-10T09:00:00+07:00' });
      await aggregate(streamEvent([received]), lambdaContext());
      // The contribution and its counters: one transaction of two items, 2 units each.
      expect(writes).toEqual(['TransactWriteItems 4']);
      // IN_PROGRESS counts as RECEIVED does: nothing written.
      await aggregate(streamEvent([{ ...received, version: 3, status: 'IN_PROGRESS' }]), lambdaContext());
      expect(writes).toHaveLength(1);

      // The portal's sync mark of a dossier not received yet: nothing written; the mark is read
      // when the dossier is first counted, which counts it synced in the same transaction.
      const mark: DynamoDBStreamEvent = {
        Records: [
          {
            eventID: `${run}-mark`,
            eventName: 'INSERT',
            eventSource: 'aws:dynamodb',
            dynamodb: {
              NewImage: marshall({
                pk: `DOSSIER#${submitted.dossierCode}`,
                sk: '#SYNC',
                entity: 'SYNC',
                syncedVersion: 1,
              }) as never,
              SequenceNumber: '1',
              StreamViewType: 'NEW_AND_OLD_IMAGES',
            },
          },
        ],
      };
      await aggregate(mark, lambdaContext());
      expect(writes).toEqual(['TransactWriteItems 4']);
      await aggregate(
        streamEvent([
          { ...submitted, status: 'RECEIVED', version: 2, receivedAt: '2024-07-11T09:00:00+07:00' },
        ]),
        lambdaContext(),
      );
      expect(writes).toEqual(['TransactWriteItems 4', 'TransactWriteItems 4']);
    } finally {
      stop();
    }
    expect(await counters('2024-07')).toMatchObject({ received: 2, inProgress: 2, synced: 1 });
  });
});

describe('the report routes', () => {
  beforeAll(async () => {
    const dossiers = [
      dossier(1001, { channel: 'ONLINE', receivedAt: '2024-06-03T09:00:00+07:00' }),
      dossier(1002, { channel: 'DIRECT', receivedAt: '2024-06-03T09:00:00+07:00' }),
      dossier(1003, { centerId: 'bai-chay', receivedAt: '2024-06-03T09:00:00+07:00' }),
    ];
    await aggregate(streamEvent(dossiers), lambdaContext());
  });

  it("answer a center's report, and the province's for the admin", async () => {
    const own = jsonOf(await get(monthly, 'local-center-hong-gai', { month: '2024-06' }));
    expect(own).toMatchObject({
      centerId: 'hong-gai',
      received: { total: 2, ownAuthority: 2, centerHandled: 2 },
      online: { count: 1, base: 2, rate: 0.5 },
    });
    const province = jsonOf(await get(monthly, 'local-admin', { month: '2024-06' }));
    expect(province).toMatchObject({ received: { total: 3 } });
    expect(province).not.toHaveProperty('centerId');
    const score = jsonOf(await get(indicators, 'local-center-hong-gai', { month: '2024-06' }));
    expect(score).toMatchObject({ centerId: 'hong-gai', total: { maxScore: 100 } });
  });

  it("refuse another center's report, an unknown center and a bad month", async () => {
    expect(
      (await get(monthly, 'local-center-hong-gai', { month: '2024-06', centerId: 'bai-chay' })).statusCode,
    ).toBe(403);
    const unknown = await get(monthly, 'local-admin', { month: '2024-06', centerId: 'nowhere' });
    expect(unknown.statusCode).toBe(400);
    expect(jsonOf(unknown)).toMatchObject({ errors: [{ path: 'centerId' }] });
    const badMonth = await get(indicators, 'local-admin', { month: '2024-13' });
    expect(jsonOf(badMonth)).toMatchObject({ status: 400, errors: [{ path: 'month' }] });
    expect((await get(monthly, 'local-portal', { month: '2024-06' })).statusCode).toBe(403);
  });

  it('export CSV and XLSX with Vietnamese headings', async () => {
    const csv = await get(monthly, 'local-center-hong-gai', { month: '2024-06' }, { Accept: 'text/csv' });
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    // Text, not base64: API Gateway would pass a base64 CSV on as base64 (not a binary media type).
    expect(csv.isBase64Encoded).not.toBe(true);
    const text = csv.body;
    expect(text.startsWith('\uFEFFChỉ tiêu,Số hồ sơ\r\n')).toBe(true);
    expect(text).toContain('Tổng số hồ sơ tiếp nhận,2\r\n');
    expect(text).toContain('Tỷ lệ trực tuyến,"50,0%"\r\n');

    const xlsx = await get(monthly, 'local-center-hong-gai', { month: '2024-06', format: 'xlsx' });
    expect(xlsx.isBase64Encoded).toBe(true);
    expect(xlsx.headers?.['content-disposition']).toBe(
      'attachment; filename="bao-cao-hong-gai-2024-06.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.body, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Báo cáo tháng');
    const rows = new Map<string, unknown>();
    sheet?.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(rows.get('Tổng số hồ sơ tiếp nhận')).toBe(2);
    expect(rows.get('Tỷ lệ trực tuyến')).toBe(0.5);
  });
});

describe('the import route', () => {
  const row = (code: string, changes: Record<string, unknown> = {}) => ({
    MaHoSo: code,
    MaTTHC: '1.001193',
    MaTrungTam: 'hong-gai',
    MaDonViXuLy: 'hong-gai-pc',
    KenhThucHien: '2',
    LoaiDoiTuong: '1',
    ChuHoSo: 'Nguyễn Văn Thử',
    SoGiayToChuHoSo: '022190000123',
    DiaChiChuHoSo: 'Tổ 1, khu 2',
    TrangThaiHoSo: '4',
    NgayNopHoSo: '20240115080000',
    NgayTiepNhan: '20240115090000',
    NgayHenTra: '20240116170000',
    NgayKetThucXuLy: '',
    NgayTra: '',
    SoLanBoSung: '0',
    DaThanhToanTrucTuyen: '1',
    ...changes,
  });
  const post = (body: unknown, clientId = 'local-admin') =>
    importDossiers(
      apiEvent({
        method: 'POST',
        path: '/v1/admin/dossiers:import',
        clientId,
        scope: 'motcua/catalog.admin',
        body,
      }),
      lambdaContext(),
    );
  const unit = `IMP${run}`;

  it('writes nothing when a row is bad, names it, and imports once', async () => {
    const good = row(`${unit}-240115-0007`);
    const bad = row(`${unit}-240115-0008`, { MaDonViXuLy: 'police-hq', NgayNopHoSo: '2024-01-15' });
    const refused = await post({ rows: [good, bad] });
    expect(refused.statusCode).toBe(400);
    expect(jsonOf(refused)).toMatchObject({ errors: [{ path: 'rows.1.NgayNopHoSo' }] });

    const checked = jsonOf(await post({ rows: [good, bad], validateOnly: true }));
    expect(checked).toMatchObject({ imported: 0, skipped: [{ row: 1 }] });

    expect(jsonOf(await post({ rows: [good] }))).toEqual({ imported: 1, unchanged: 0, skipped: [] });
    expect(jsonOf(await post({ rows: [good] }))).toEqual({ imported: 0, unchanged: 1, skipped: [] });
    // New dossiers of that unit-day are numbered after the imported ones.
    expect(await nextSequence(`${unit}#240115`)).toBe(8);
    expect((await post({ rows: [good] }, 'local-center-hong-gai')).statusCode).toBe(403);
  });
});
