import type { DataSource } from 'typeorm';

/** The SQL a generated migration would hold: empty when entities and migrations agree. */
export const pendingSchemaChanges = async (
  dataSource: DataSource,
): Promise<{ up: string[]; down: string[] }> => {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((query) => query.query),
    down: log.downQueries.map((query) => query.query).reverse(),
  };
};
