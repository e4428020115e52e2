import { Column, Entity, Index, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../../database/numeric.transformer';

/** An evaluation framework (KommunKompassen 2010, …): shipped as data, read-only through the API. */
@Entity()
export class Framework {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 64, unique: true })
  key: string;

  @Column('varchar', { length: 200 })
  name: string;

  @OneToMany(() => FrameworkArea, (area) => area.framework)
  areas?: FrameworkArea[];
}

@Entity()
@Index(['frameworkId', 'number'], { unique: true })
export class FrameworkArea {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  frameworkId: string;

  @ManyToOne(() => Framework, (framework) => framework.areas, { onDelete: 'CASCADE' })
  framework?: Framework;

  @Column('smallint')
  number: number;

  @Column('varchar', { length: 200 })
  title: string;

  /** The "Rubriker" of the area. */
  @Column('text', { array: true, default: () => "'{}'" })
  topics: string[];

  @OneToMany(() => Question, (question) => question.area)
  questions?: Question[];
}

@Entity()
@Index(['frameworkId', 'code'], { unique: true })
export class Question {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  frameworkId: string;

  @Column('uuid')
  areaId: string;

  @ManyToOne(() => FrameworkArea, (area) => area.questions, { onDelete: 'CASCADE' })
  area?: FrameworkArea;

  /** `"2.4"`: area number, then the sub-question's number within it. */
  @Column('varchar', { length: 8 })
  code: string;

  @Column('text')
  text: string;

  @Column('numeric', { precision: 6, scale: 2, transformer: numericTransformer })
  maxPoints: number;

  /** Order within the area (1, 2, …), for listing in report order. */
  @Column('smallint')
  position: number;
}
