import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LabelDraws1796549741502 implements MigrationInterface {
  name = 'LabelDraws1796549741502';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "labels" ADD "drawn_at_random" boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "labels" DROP COLUMN "drawn_at_random"');
  }
}
