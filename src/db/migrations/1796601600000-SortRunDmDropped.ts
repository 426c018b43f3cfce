import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortRunDmDropped1796601600000 implements MigrationInterface {
  name = 'SortRunDmDropped1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "dm_dropped_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "dm_dropped_at"');
  }
}
