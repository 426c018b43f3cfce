import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { markPassingConnectErrors, PassingErrorMarker } from './passing-errors.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const createDataSource = (url: string): DataSource => {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    // Marks deadlocks, serialization failures and lost connections `retryable`.
    subscribers: [PassingErrorMarker],
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: ['error'],
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  });
  markPassingConnectErrors(dataSource);
  return dataSource;
};
