import type { DataSource, Repository } from 'typeorm';
import { UserEntity } from '../entities/index.js';

/** The users table: one row per Discord user the other tables hang on. */
export class UserRepository {
  private readonly rows: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(UserEntity);
  }

  async ensure(userId: string): Promise<void> {
    await this.rows.createQueryBuilder().insert().values({ id: userId }).orIgnore().execute();
  }

  async exists(userId: string): Promise<boolean> {
    return this.rows.existsBy({ id: userId });
  }
}
