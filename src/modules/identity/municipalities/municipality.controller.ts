import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { MunicipalitiesService } from './municipalities.service';
import { MunicipalityViewDoc, UpdateMunicipalityDto } from './municipality.dto';
import type { MunicipalityView } from './municipality-view';

@ApiTags('municipality')
@ApiBearerAuth()
@Controller('municipality')
export class MunicipalityController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  @Get()
  @ApiOperation({ summary: "The caller's municipality and its settings" })
  @ApiOkResponse({ type: MunicipalityViewDoc })
  get(@CurrentActor() actor: Actor): Promise<MunicipalityView> {
    return this.municipalities.get(actor);
  }

  @Patch()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change the municipality\'s settings (admin)' })
  @ApiOkResponse({ type: MunicipalityViewDoc })
  update(@CurrentActor() actor: Actor, @Body() body: UpdateMunicipalityDto): Promise<MunicipalityView> {
    return this.municipalities.update(actor, body);
  }
}
