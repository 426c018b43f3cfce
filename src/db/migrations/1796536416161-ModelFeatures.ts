import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ModelFeatures1796536416161 implements MigrationInterface {
  name = 'ModelFeatures1796536416161';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "models" ADD "features" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "models" DROP COLUMN "features"');
  }
}
