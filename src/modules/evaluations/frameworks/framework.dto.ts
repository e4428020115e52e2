import { ApiProperty } from '@nestjs/swagger';

export class QuestionView {
  @ApiProperty({ example: '2.4' }) code: string;
  @ApiProperty() text: string;
  @ApiProperty({ example: 15 }) maxPoints: number;
}

export class FrameworkAreaView {
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ example: 'Tillgänglighet och brukarorientering' }) title: string;
  @ApiProperty({ type: [String], description: 'The "Rubriker" of the area' }) topics: string[];
  @ApiProperty({ type: [QuestionView] }) questions: QuestionView[];
}

export class FrameworkView {
  @ApiProperty({ example: 'kommunkompassen-2010' }) key: string;
  @ApiProperty({ example: 'KommunKompassen 2010' }) name: string;
  @ApiProperty({ example: 800 }) totalMaxPoints: number;
  @ApiProperty({ type: [FrameworkAreaView] }) areas: FrameworkAreaView[];
}

export class FrameworkList {
  @ApiProperty({ type: [FrameworkView] }) items: FrameworkView[];
  @ApiProperty() total: number;
}
