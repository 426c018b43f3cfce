import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicResultsPerServer1796716800000 implements MigrationInterface {
  name = 'PublicResultsPerServer1796716800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "user_settings" ADD "public_result_servers" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      'ALTER TABLE "user_settings" ADD "public_results_reset_at" TIMESTAMP WITH TIME ZONE',
    );
    // public_results was one switch for every server, though turned on in one; which one is not
    // stored. Privacy first: it is off everywhere now, and whoever had it on is owed a DM saying so
    // and how to turn it on in the server they meant (sent at the next start).
    await queryRunner.query(
      'UPDATE "user_settings" SET "public_results_reset_at" = now() WHERE "public_results"',
    );
    await queryRunner.query('ALTER TABLE "user_settings" DROP COLUMN "public_results"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "user_settings" ADD "public_results" boolean NOT NULL DEFAULT false',
    );
    // Down to one switch: on for whoever has it on in some server, or had it on before.
    await queryRunner.query(
      `UPDATE "user_settings" SET "public_results" = true
       WHERE jsonb_array_length("public_result_servers") > 0 OR "public_results_reset_at" IS NOT NULL`,
    );
    await queryRunner.query('ALTER TABLE "user_settings" DROP COLUMN "public_results_reset_at"');
    await queryRunner.query('ALTER TABLE "user_settings" DROP COLUMN "public_result_servers"');
  }
}
