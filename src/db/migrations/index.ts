import type { MigrationInterface } from 'typeorm';
import { Initial1795715461004 } from './1795715461004-Initial.js';

/** Every migration, oldest first; listed by hand so that tsx, vitest and the build agree. */
export const migrations: (new () => MigrationInterface)[] = [Initial1795715461004];
