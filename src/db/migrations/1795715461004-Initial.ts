import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795715461004 implements MigrationInterface {
  name = 'Initial1795715461004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "enrichment_cache" ("provider" text NOT NULL, "key" text NOT NULL, "payload" jsonb, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a2cec56b78220a980822e3db2b5" PRIMARY KEY ("provider", "key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dm_failed_at" TIMESTAMP WITH TIME ZONE, "dm_failure_reason" text, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "layers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" text NOT NULL, "name" text NOT NULL, "motherlist_id" text NOT NULL, "mutual" boolean NOT NULL, "complete" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_611c9a60a779f18c5e55e1f31b5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_bb94ca239fea4d349c14b766d6" ON "layers"  ("user_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "label_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" text NOT NULL, "layer_id" uuid NOT NULL, "channel_id" text NOT NULL, "current_track_id" text, "current_message_id" text, "toggled_sublist_ids" jsonb NOT NULL DEFAULT \'[]\', "answered_track_ids" jsonb NOT NULL DEFAULT \'[]\', "skipped_track_ids" jsonb NOT NULL DEFAULT \'[]\', "status" text NOT NULL DEFAULT \'open\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0512062334cac6a9d4d52d5e855" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_8520dc7afb26243df7653305ea" ON "label_sessions"  ("user_id", "status") ',
    );
    await queryRunner.query(
      'CREATE TABLE "labels" ("layer_id" uuid NOT NULL, "track_id" text NOT NULL, "sublist_ids" jsonb NOT NULL, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6d86459362477eb655753a768f5" PRIMARY KEY ("layer_id", "track_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "tracks" ("id" text NOT NULL, "name" text NOT NULL, "artists" jsonb NOT NULL, "album" jsonb NOT NULL, "duration_ms" integer, "explicit" boolean, "isrc" text, "audio_features" jsonb, "tags" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_242a37ffc7870380f0e611986e8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_6ae2eaef073a714ca126645be2" ON "tracks"  ("isrc") ');
    await queryRunner.query(
      'CREATE TABLE "library_entries" ("user_id" text NOT NULL, "source_id" text NOT NULL, "track_id" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a355d8da78bff01b3f5abee58f9" PRIMARY KEY ("user_id", "source_id", "track_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7516d9eefe58fdf2dc1a236b5d" ON "library_entries"  ("user_id", "source_id", "added_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "layer_id" uuid NOT NULL, "version" integer NOT NULL, "feature_spec" jsonb NOT NULL, "weights" bytea NOT NULL, "thresholds" jsonb NOT NULL, "metrics" jsonb NOT NULL, "label_count" integer NOT NULL, "backend" text NOT NULL, "active" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ef9ed7160ea69013636466bf2d5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_af59f8947240c44402e2bbfcf2" ON "models"  ("layer_id", "version") ',
    );
    await queryRunner.query(
      'CREATE TABLE "oauth_states" ("link_id" text NOT NULL, "user_id" text NOT NULL, "state" text NOT NULL, "code_verifier" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_01959c27587d807b58f796099bc" PRIMARY KEY ("link_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_73e9bb2ca346c18abb52343c45" ON "oauth_states"  ("user_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_2f6f171bfec24fe3d411b5cf97" ON "oauth_states"  ("state") ',
    );
    await queryRunner.query(
      'CREATE TABLE "sort_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "layer_id" uuid NOT NULL, "model_id" uuid, "kind" text NOT NULL, "status" text NOT NULL, "reverts_run_id" uuid, "undone_at" TIMESTAMP WITH TIME ZONE, "summary" jsonb NOT NULL DEFAULT \'{}\', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_306f1abfd9c175ef9875e96b059" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_3223334d784498fb81e8572353" ON "sort_runs"  ("layer_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "sort_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "seq" integer NOT NULL, "sublist_id" uuid NOT NULL, "playlist_id" text NOT NULL, "action" text NOT NULL, "track_ids" jsonb NOT NULL, "done" boolean NOT NULL DEFAULT false, "snapshot_id" text, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_48b35666c58c88e37b350f4a7bc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_bab05a063cd61a3d1d06beea6d" ON "sort_steps"  ("run_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "spotify_accounts" ("user_id" text NOT NULL, "spotify_user_id" text NOT NULL, "account_id" text, "display_name" text NOT NULL, "access_token_ciphertext" text NOT NULL, "refresh_token_ciphertext" text NOT NULL, "scopes" text NOT NULL, "access_token_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT \'active\', "last_sync_at" TIMESTAMP WITH TIME ZONE, "quota_blocked_until" TIMESTAMP WITH TIME ZONE, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bd67e937ce682854a18d403b422" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "sublists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "layer_id" uuid NOT NULL, "name" text NOT NULL, "playlist_id" text NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c251c167ce803af84153c64d9c9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_95410edf3f0775be59da02390a" ON "sublists"  ("layer_id", "name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user_playlists" ("user_id" text NOT NULL, "playlist_id" text NOT NULL, "name" text NOT NULL, "owner_id" text NOT NULL, "collaborative" boolean NOT NULL DEFAULT false, "snapshot_id" text, "item_total" integer NOT NULL DEFAULT \'0\', "synced_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d37c7a030cce980352d09d1367a" PRIMARY KEY ("user_id", "playlist_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "user_settings" ("user_id" text NOT NULL, "auto_sort" boolean NOT NULL DEFAULT true, "dm_summaries" boolean NOT NULL DEFAULT true, "sync_interval_minutes" integer, "remove_unliked" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4ed056b9344e6f7d8d46ec4b302" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "layers" ADD CONSTRAINT "FK_7df36c5bca4a353ec8f89cd3869" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "label_sessions" ADD CONSTRAINT "FK_4dc41565e365724fd57a63dc145" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "labels" ADD CONSTRAINT "FK_21b56ac9dbe39fb5116fa63d7e5" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "library_entries" ADD CONSTRAINT "FK_d03ef727850f4b1d48f67c5a1f3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "library_entries" ADD CONSTRAINT "FK_341427b30fa0a4d8e7acf05edc1" FOREIGN KEY ("track_id") REFERENCES "tracks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "models" ADD CONSTRAINT "FK_0ff05b7ae8028e6fce37384ad8a" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sort_runs" ADD CONSTRAINT "FK_02512bb710cdff4c7a77f0fd2dd" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sort_steps" ADD CONSTRAINT "FK_cdc2740a3dc969e2fea5e41adbf" FOREIGN KEY ("run_id") REFERENCES "sort_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "spotify_accounts" ADD CONSTRAINT "FK_bd67e937ce682854a18d403b422" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sublists" ADD CONSTRAINT "FK_4e1e9ef38eaf68700de5506f16e" FOREIGN KEY ("layer_id") REFERENCES "layers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_playlists" ADD CONSTRAINT "FK_2d5d66bc25786a3cb60816d9046" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_settings" ADD CONSTRAINT "FK_4ed056b9344e6f7d8d46ec4b302" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user_settings" DROP CONSTRAINT "FK_4ed056b9344e6f7d8d46ec4b302"');
    await queryRunner.query('ALTER TABLE "user_playlists" DROP CONSTRAINT "FK_2d5d66bc25786a3cb60816d9046"');
    await queryRunner.query('ALTER TABLE "sublists" DROP CONSTRAINT "FK_4e1e9ef38eaf68700de5506f16e"');
    await queryRunner.query(
      'ALTER TABLE "spotify_accounts" DROP CONSTRAINT "FK_bd67e937ce682854a18d403b422"',
    );
    await queryRunner.query('ALTER TABLE "sort_steps" DROP CONSTRAINT "FK_cdc2740a3dc969e2fea5e41adbf"');
    await queryRunner.query('ALTER TABLE "sort_runs" DROP CONSTRAINT "FK_02512bb710cdff4c7a77f0fd2dd"');
    await queryRunner.query('ALTER TABLE "models" DROP CONSTRAINT "FK_0ff05b7ae8028e6fce37384ad8a"');
    await queryRunner.query('ALTER TABLE "library_entries" DROP CONSTRAINT "FK_341427b30fa0a4d8e7acf05edc1"');
    await queryRunner.query('ALTER TABLE "library_entries" DROP CONSTRAINT "FK_d03ef727850f4b1d48f67c5a1f3"');
    await queryRunner.query('ALTER TABLE "labels" DROP CONSTRAINT "FK_21b56ac9dbe39fb5116fa63d7e5"');
    await queryRunner.query('ALTER TABLE "label_sessions" DROP CONSTRAINT "FK_4dc41565e365724fd57a63dc145"');
    await queryRunner.query('ALTER TABLE "layers" DROP CONSTRAINT "FK_7df36c5bca4a353ec8f89cd3869"');
    await queryRunner.query('DROP TABLE "user_settings"');
    await queryRunner.query('DROP TABLE "user_playlists"');
    await queryRunner.query('DROP INDEX "public"."IDX_95410edf3f0775be59da02390a"');
    await queryRunner.query('DROP TABLE "sublists"');
    await queryRunner.query('DROP TABLE "spotify_accounts"');
    await queryRunner.query('DROP INDEX "public"."IDX_bab05a063cd61a3d1d06beea6d"');
    await queryRunner.query('DROP TABLE "sort_steps"');
    await queryRunner.query('DROP INDEX "public"."IDX_3223334d784498fb81e8572353"');
    await queryRunner.query('DROP TABLE "sort_runs"');
    await queryRunner.query('DROP INDEX "public"."IDX_2f6f171bfec24fe3d411b5cf97"');
    await queryRunner.query('DROP INDEX "public"."IDX_73e9bb2ca346c18abb52343c45"');
    await queryRunner.query('DROP TABLE "oauth_states"');
    await queryRunner.query('DROP INDEX "public"."IDX_af59f8947240c44402e2bbfcf2"');
    await queryRunner.query('DROP TABLE "models"');
    await queryRunner.query('DROP INDEX "public"."IDX_7516d9eefe58fdf2dc1a236b5d"');
    await queryRunner.query('DROP TABLE "library_entries"');
    await queryRunner.query('DROP INDEX "public"."IDX_6ae2eaef073a714ca126645be2"');
    await queryRunner.query('DROP TABLE "tracks"');
    await queryRunner.query('DROP TABLE "labels"');
    await queryRunner.query('DROP INDEX "public"."IDX_8520dc7afb26243df7653305ea"');
    await queryRunner.query('DROP TABLE "label_sessions"');
    await queryRunner.query('DROP INDEX "public"."IDX_bb94ca239fea4d349c14b766d6"');
    await queryRunner.query('DROP TABLE "layers"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "enrichment_cache"');
  }
}
