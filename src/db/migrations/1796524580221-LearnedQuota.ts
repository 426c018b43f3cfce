import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LearnedQuota1796524580221 implements MigrationInterface {
  name = 'LearnedQuota1796524580221';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "spotify_budget" ("id" smallint NOT NULL, "learned_budget" integer, "learned_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e63f9856d07cb13641120a30308" PRIMARY KEY ("id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "spotify_budget"');
  }
}
