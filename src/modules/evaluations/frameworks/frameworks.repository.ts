import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Framework } from './framework.entity';

/** Queries of the framework tables (frameworks, their areas and sub-questions). */
@Injectable()
export class FrameworksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every framework with its areas and sub-questions, each in report order. */
  allWithQuestions(): Promise<Framework[]> {
    return this.dataSource.getRepository(Framework).find({
      relations: { areas: { questions: true } },
      order: { key: 'ASC', areas: { number: 'ASC', questions: { position: 'ASC' } } },
    });
  }
}
