import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FrameworkList, FrameworkView } from './framework.dto';
import { FrameworksService, LoadedFramework } from './frameworks.service';

function toView(framework: LoadedFramework): FrameworkView {
  return {
    key: framework.key,
    name: framework.name,
    totalMaxPoints: framework.totalMaxPoints,
    areas: framework.areas.map((area) => ({
      number: area.number,
      title: area.title,
      topics: area.topics,
      questions: area.questions.map(({ code, text, maxPoints }) => ({ code, text, maxPoints })),
    })),
  };
}

@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @Get()
  @ApiOperation({ summary: 'The evaluation frameworks' })
  @ApiOkResponse({ type: FrameworkList })
  async list(): Promise<FrameworkList> {
    const items = (await this.frameworks.all()).map(toView);
    return { items, total: items.length };
  }

  @Get(':key')
  @ApiOperation({ summary: 'One framework with its areas and sub-questions' })
  @ApiOkResponse({ type: FrameworkView })
  async get(@Param('key') key: string): Promise<FrameworkView> {
    return toView(await this.frameworks.byKeyOrFail(key));
  }
}
