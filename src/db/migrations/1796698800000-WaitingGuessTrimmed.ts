import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WaitingGuessTrimmed1796698800000 implements MigrationInterface {
  name = 'WaitingGuessTrimmed1796698800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "waiting_tracks" ADD "guess_trimmed" boolean NOT NULL DEFAULT false',
    );
    // Guesses stored before /sublist remove dropped the removed sublist from them: they drop it now.
    await queryRunner.query(
      `UPDATE "waiting_tracks" "w" SET
         "guess" = ARRAY(
           SELECT "u"."g" FROM unnest("w"."guess") WITH ORDINALITY AS "u"("g", "n")
            WHERE EXISTS (SELECT 1 FROM "sublists" "s" WHERE "s"."layer_id" = "w"."layer_id" AND "s"."id"::text = "u"."g")
            ORDER BY "u"."n"),
         "guess_trimmed" = true
       WHERE EXISTS (
         SELECT 1 FROM unnest("w"."guess") AS "u"("g")
          WHERE NOT EXISTS (SELECT 1 FROM "sublists" "s" WHERE "s"."layer_id" = "w"."layer_id" AND "s"."id"::text = "u"."g"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "waiting_tracks" DROP COLUMN "guess_trimmed"');
  }
}
