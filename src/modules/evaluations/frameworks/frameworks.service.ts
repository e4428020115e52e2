import { Injectable } from '@nestjs/common';
import { FrameworkAreaDefinition, FrameworkQuestionDefinition } from './framework-definition';
import { FrameworksRepository } from './frameworks.repository';
import { frameworkNotFound } from '../evaluations.errors';

/** A framework with its areas and questions in report order, and its questions by code. */
export interface LoadedQuestion extends FrameworkQuestionDefinition {
  id: string;
}

export interface LoadedArea extends FrameworkAreaDefinition {
  questions: LoadedQuestion[];
}

export interface LoadedFramework {
  id: string;
  key: string;
  name: string;
  areas: LoadedArea[];
  questionsByCode: Map<string, LoadedQuestion & { areaNumber: number }>;
  totalMaxPoints: number;
}

/**
 * Frameworks are shipped data that only migrations change, so they are read once per process
 * and served from memory.
 */
@Injectable()
export class FrameworksService {
  private loaded?: Promise<LoadedFramework[]>;

  constructor(private readonly repository: FrameworksRepository) {}

  all(): Promise<LoadedFramework[]> {
    this.loaded ??= this.load().catch((error) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async byKey(key: string): Promise<LoadedFramework | undefined> {
    return (await this.all()).find((framework) => framework.key === key);
  }

  async byKeyOrFail(key: string): Promise<LoadedFramework> {
    const framework = await this.byKey(key);
    if (!framework) throw frameworkNotFound();
    return framework;
  }

  async byId(id: string): Promise<LoadedFramework> {
    const framework = (await this.all()).find((candidate) => candidate.id === id);
    if (!framework) throw new Error(`Framework ${id} is missing`);
    return framework;
  }

  private async load(): Promise<LoadedFramework[]> {
    const frameworks = await this.repository.allWithQuestions();
    return frameworks.map((framework) => {
      const areas = (framework.areas ?? []).map((area) => ({
        number: area.number,
        title: area.title,
        topics: area.topics,
        questions: (area.questions ?? []).map((question) => ({
          id: question.id,
          code: question.code,
          text: question.text,
          maxPoints: question.maxPoints,
        })),
      }));
      const questionsByCode = new Map(
        areas.flatMap((area) => area.questions.map((question) => [question.code, { ...question, areaNumber: area.number }] as const)),
      );
      const totalMaxPoints = [...questionsByCode.values()].reduce((sum, question) => sum + question.maxPoints, 0);
      return { id: framework.id, key: framework.key, name: framework.name, areas, questionsByCode, totalMaxPoints };
    });
  }
}
