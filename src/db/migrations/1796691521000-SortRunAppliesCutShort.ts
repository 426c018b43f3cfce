import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortRunAppliesCutShort1796691521000 implements MigrationInterface {
  name = 'SortRunAppliesCutShort1796691521000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" ADD "applies_cut_short" integer NOT NULL DEFAULT \'0\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_runs" DROP COLUMN "applies_cut_short"');
  }
}
