import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LayerCycleTold1796706000000 implements MigrationInterface {
  name = 'LayerCycleTold1796706000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Layers stored in a circle before adopting refused one are told of at the next sync, once.
    await queryRunner.query('ALTER TABLE "layers" ADD "cycle_told_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "layers" DROP COLUMN "cycle_told_at"');
  }
}
