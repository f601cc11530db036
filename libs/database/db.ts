import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Data access with an ambient transaction. Inside `transaction(...)` every `query` goes
 * through that transaction's connection: required on the embedded database, where a query
 * on another pooled connection would wait for the open transaction forever, and what makes
 * a use case and the use cases it calls commit together or not at all.
 */
@Injectable()
export class Db {
  private readonly ambient = new AsyncLocalStorage<EntityManager>();

  constructor(readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.ambient.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.ambient.getStore() !== undefined;
  }

  /** The rows of a statement; for INSERT, UPDATE and DELETE the rows of its RETURNING clause. */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const manager = this.manager;
    // TypeORM's manager.query answers UPDATE/DELETE with [rows, count]; the structured
    // result of a query runner is the same shape for every statement.
    const runner = manager.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, parameters, true);
      return result.records as T[];
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  async queryOne<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, parameters);
    return rows[0];
  }

  /** Runs `work` in a transaction, or in the one already open in this async context. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.ambient.getStore();
    if (current) return work(current);
    return this.dataSource.transaction((manager) => this.ambient.run(manager, () => work(manager)));
  }
}
