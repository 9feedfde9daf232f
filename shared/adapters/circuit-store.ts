/**
 * Circuit breakers in the circuits table: one item per endpoint (`endpoint` = agency system id)
 * holding its state and a version; every change is a conditional write on that version, so two
 * deliverers cannot both claim a probe or lose each other's failure counts.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CircuitState, CLOSED_CIRCUIT } from '#shared/domain/circuit-breaker.ts';
import type { CircuitStore, StoredCircuit } from '#shared/use-cases/ports.ts';

type CircuitItem = {
  endpoint: string;
  status: CircuitState['status'];
  failures?: number;
  openedAt?: string;
  probeUntil?: string;
  version: number;
  updatedAt: string;
};

function stateOf(item: CircuitItem): CircuitState {
  switch (item.status) {
    case 'OPEN':
      return { status: 'OPEN', openedAt: String(item.openedAt) };
    case 'HALF_OPEN':
      return { status: 'HALF_OPEN', openedAt: String(item.openedAt), probeUntil: String(item.probeUntil) };
    default:
      return { status: 'CLOSED', failures: Number(item.failures ?? 0) };
  }
}

export class DynamoCircuitStore implements CircuitStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async read(endpoint: string): Promise<StoredCircuit> {
    const { Item: item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { endpoint }, ConsistentRead: true }),
    );
    if (!item) return { state: CLOSED_CIRCUIT, version: 0 };
    const stored = item as CircuitItem;
    return { state: stateOf(stored), version: Number(stored.version) };
  }

  async write(endpoint: string, state: CircuitState, expectedVersion: number): Promise<boolean> {
    const item: CircuitItem = {
      endpoint,
      ...state,
      version: expectedVersion + 1,
      updatedAt: new Date().toISOString(),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(endpoint)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
