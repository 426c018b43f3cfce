import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortRunPutBack1796713200000 implements MigrationInterface {
  name = 'SortRunPutBack1796713200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "put_back" jsonb');
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "put_back_tries" integer NOT NULL DEFAULT \'0\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "put_back_tries"');
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "put_back"');
  }
}
