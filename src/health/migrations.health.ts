import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { pendingMigrationNames } from '../../libs/database';

/**
 * Readiness of the schema: every migration this build knows is recorded as applied. Until then
 * the process must get no traffic (its queries would meet tables it does not expect), e.g.
 * while a `migrate` job is still running. Once they all are, the answer is kept: a running
 * build's migrations are never taken back under it.
 */
export class MigrationsHealth {
  private allApplied = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly migrations: readonly Function[],
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult<'migrations'>> {
    const session = this.indicator.check('migrations');
    if (this.allApplied) return session.up({ applied: this.migrations.length });
    try {
      const pending = await pendingMigrationNames(this.dataSource, this.migrations);
      if (pending.length) return session.down({ message: `${pending.length} migration(s) not applied`, pending });
      this.allApplied = true;
      return session.up({ applied: this.migrations.length });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
