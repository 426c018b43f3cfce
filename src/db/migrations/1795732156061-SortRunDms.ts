import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortRunDms1795732156061 implements MigrationInterface {
  name = 'SortRunDms1795732156061';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "dm_pending" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "dm_attempts" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "dm_sent_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "dm_sent_at"');
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "dm_attempts"');
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "dm_pending"');
  }
}
