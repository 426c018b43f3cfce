import type { DataSource } from 'typeorm';

/**
 * For every table of the schema (read from the database, so a new table is covered without
 * touching the tests), the SQL condition that selects the rows of one user: its `user_id`, or a
 * foreign key into a table whose rows are the user's. Tables with neither are shared (tracks, caches).
 */
const userRowConditions = async (dataSource: DataSource): Promise<Map<string, string>> => {
  const tables: { table_name: string }[] = await dataSource.query(
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const columns: { table_name: string; column_name: string }[] = await dataSource.query(
    `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const keys: { table_name: string; column_name: string; ref_table: string; ref_column: string }[] =
    await dataSource.query(
      `select kcu.table_name, kcu.column_name, ccu.table_name as ref_table, ccu.column_name as ref_column
         from information_schema.table_constraints tc
         join information_schema.key_column_usage kcu
           on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
         join information_schema.constraint_column_usage ccu
           on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`,
    );
  const conditions = new Map<string, string>([['users', 'id = $1']]);
  for (const { table_name } of tables)
    if (columns.some((c) => c.table_name === table_name && c.column_name === 'user_id'))
      conditions.set(table_name, 'user_id = $1');
  for (let grew = true; grew;) {
    grew = false;
    for (const key of keys) {
      const parent = conditions.get(key.ref_table);
      if (conditions.has(key.table_name) || !parent) continue;
      conditions.set(
        key.table_name,
        `${key.column_name} in (select ${key.ref_column} from ${key.ref_table} where ${parent})`,
      );
      grew = true;
    }
  }
  return conditions;
};

/** How many rows of the user each table holds (every table, the shared ones aside). */
export const rowCounts = async (dataSource: DataSource, userId: string): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const [table, condition] of await userRowConditions(dataSource)) {
    const [row] = (await dataSource.query(`select count(*)::int as n from ${table} where ${condition}`, [
      userId,
    ])) as { n: number }[];
    counts[table] = row?.n ?? 0;
  }
  return counts;
};
