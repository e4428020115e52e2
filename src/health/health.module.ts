import { DynamicModule, Module } from '@nestjs/common';
import { HealthController } from './health.controller';

@Module({})
export class HealthModule {
  /** `digests` is the app's digests module, whose queue the health check looks at. */
  static forRoot(digests: DynamicModule): DynamicModule {
    return { module: HealthModule, imports: [digests], controllers: [HealthController] };
  }
}
