export { AppConfig } from './app-config';
export type { ProcessRole } from './app-config';
export { ConfigModule } from './config.module';
export { ConfigValidationError, loadConfig } from './load-config';
