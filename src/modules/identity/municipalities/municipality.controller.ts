import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { MunicipalitiesService } from './municipalities.service';
import { MunicipalityView, UpdateMunicipalityDto } from './municipality.dto';

@ApiTags('municipality')
@ApiBearerAuth()
@Controller('municipality')
export class MunicipalityController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  @Get()
  @ApiOkResponse({ type: MunicipalityView })
  get(@CurrentActor() actor: Actor): Promise<MunicipalityView> {
    return this.municipalities.get(actor);
  }

  @Patch()
  @RequireRole('admin')
  @ApiOkResponse({ type: MunicipalityView })
  update(@CurrentActor() actor: Actor, @Body() body: UpdateMunicipalityDto): Promise<MunicipalityView> {
    return this.municipalities.update(actor, body);
  }
}
