import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortRunDmBackoff1796574141862 implements MigrationInterface {
  name = 'SortRunDmBackoff1796574141862';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "dm_next_try_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "dm_next_try_at"');
  }
}
