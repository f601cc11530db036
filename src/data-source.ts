import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parasolDataSourceOptions } from '../libs/database';
import { MIGRATIONS } from '../migrations';
import { ENTITIES } from './entities';

/** Data source for the TypeORM CLI (`npm run migration:*`); reads DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL must be set for migration commands, e.g. postgres://postgres@127.0.0.1:5432/parasol');
}

export default new DataSource(parasolDataSourceOptions({ url, poolSize: 2, entities: ENTITIES, migrations: MIGRATIONS }));
