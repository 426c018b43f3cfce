import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LayerTracks1795726903648 implements MigrationInterface {
  name = 'LayerTracks1795726903648';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "layer_tracks" ("layer_id" uuid NOT NULL, "track_id" text NOT NULL, CONSTRAINT "PK_d21673717e94999fd1332b2347f" PRIMARY KEY ("layer_id", "track_id"))',
    );
    await queryRunner.query('ALTER TABLE "layers" ADD "tracks_since" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "layer_tracks" ADD CONSTRAINT "FK_2bf9a5d1d32ec344ae8f255d11f" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "layer_tracks" DROP CONSTRAINT "FK_2bf9a5d1d32ec344ae8f255d11f"');
    await queryRunner.query('ALTER TABLE "layers" DROP COLUMN "tracks_since"');
    await queryRunner.query('DROP TABLE "layer_tracks"');
  }
}
