import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WaitingLeftMotherlist1796695200000 implements MigrationInterface {
  name = 'WaitingLeftMotherlist1796695200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Before 8ce060b a sync that read a waiting song gone from its layer's motherlist (un-liked, or
    // taken out of the parent playlist) took it out of the layer's intake but left it waiting, for
    // good: /status counted it and /label asked about it. Those rows go: the layer's intake has
    // begun, left the song and the motherlist as last read does not hold it. A song that left since
    // the last sync (still in the intake) is the next sync's to drop, as it does now.
    await queryRunner.query(
      `DELETE FROM "waiting_tracks" "w" USING "layers" "l"
       WHERE "l"."id" = "w"."layer_id" AND "l"."tracks_since" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "layer_tracks" "t" WHERE "t"."layer_id" = "w"."layer_id" AND "t"."track_id" = "w"."track_id")
         AND NOT EXISTS (SELECT 1 FROM "library_entries" "e"
                          WHERE "e"."user_id" = "l"."user_id" AND "e"."source_id" = "l"."motherlist_id" AND "e"."track_id" = "w"."track_id")`,
    );
  }

  async down(): Promise<void> {
    // The dropped rows waited for songs no longer in the motherlist: nothing to bring back.
  }
}
