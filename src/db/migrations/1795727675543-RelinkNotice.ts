import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RelinkNotice1795727675543 implements MigrationInterface {
  name = 'RelinkNotice1795727675543';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "spotify_accounts" ADD "relink_notified_at" TIMESTAMP WITH TIME ZONE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "relink_notified_at"');
  }
}
