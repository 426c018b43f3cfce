import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SortStepUnrecorded1796659200000 implements MigrationInterface {
  name = 'SortStepUnrecorded1796659200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_steps" ADD "unrecorded" jsonb NOT NULL DEFAULT \'[]\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sort_steps" DROP COLUMN "unrecorded"');
  }
}
