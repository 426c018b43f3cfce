import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HandEdits1795715878887 implements MigrationInterface {
  name = 'HandEdits1795715878887';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "hand_edits" ("sublist_id" uuid NOT NULL, "track_id" text NOT NULL, "layer_id" uuid NOT NULL, "action" text NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a7d3acb4217d6050f471967c0cb" PRIMARY KEY ("sublist_id", "track_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_377a94135255dcd17671e92e13" ON "hand_edits"  ("layer_id", "detected_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "hand_edits" ADD CONSTRAINT "FK_f7d44717b53c5fec5ec66f0f0df" FOREIGN KEY ("sublist_id") REFERENCES "sublists"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "hand_edits" ADD CONSTRAINT "FK_26ab9e6e7d6fc532e8ba63f0b4f" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "hand_edits" DROP CONSTRAINT "FK_26ab9e6e7d6fc532e8ba63f0b4f"');
    await queryRunner.query('ALTER TABLE "hand_edits" DROP CONSTRAINT "FK_f7d44717b53c5fec5ec66f0f0df"');
    await queryRunner.query('DROP INDEX "public"."IDX_377a94135255dcd17671e92e13"');
    await queryRunner.query('DROP TABLE "hand_edits"');
  }
}
