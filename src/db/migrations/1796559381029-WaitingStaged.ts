import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WaitingStaged1796559381029 implements MigrationInterface {
  name = 'WaitingStaged1796559381029';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "waiting_tracks" ADD "run_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "waiting_tracks" DROP COLUMN "run_id"');
  }
}
