import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WaitingTracks1796517248661 implements MigrationInterface {
  name = 'WaitingTracks1796517248661';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "waiting_tracks" ("layer_id" uuid NOT NULL, "track_id" text NOT NULL, "guess" text array NOT NULL, "confidence" real NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5817b41c4cdceea0a5e00ba472d" PRIMARY KEY ("layer_id", "track_id"))',
    );
    await queryRunner.query('ALTER TABLE "layers" ADD "precision_target" real NOT NULL DEFAULT \'0.8\'');
    await queryRunner.query(
      'ALTER TABLE "waiting_tracks" ADD CONSTRAINT "FK_b98213b06c6c3a832b23a70ff1b" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "waiting_tracks" DROP CONSTRAINT "FK_b98213b06c6c3a832b23a70ff1b"');
    await queryRunner.query('ALTER TABLE "layers" DROP COLUMN "precision_target"');
    await queryRunner.query('DROP TABLE "waiting_tracks"');
  }
}
