import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicResults1796513784795 implements MigrationInterface {
  name = 'PublicResults1796513784795';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "user_settings" ADD "public_results" boolean NOT NULL DEFAULT false',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user_settings" DROP COLUMN "public_results"');
  }
}
