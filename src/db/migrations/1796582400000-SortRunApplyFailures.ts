import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortRunApplyFailures1796582400000 implements MigrationInterface {
  name = 'SortRunApplyFailures1796582400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "apply_failures" integer NOT NULL DEFAULT \'0\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "apply_failures"');
  }
}
