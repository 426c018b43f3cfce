import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserPlaylistUnsortableItems1796666400000 implements MigrationInterface {
  name = 'UserPlaylistUnsortableItems1796666400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user_playlists" ADD "unsortable_items" integer NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user_playlists" DROP COLUMN "unsortable_items"');
  }
}
