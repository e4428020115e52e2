import type { FrameworkDefinition } from './framework-definition';
import { KOMMUNKOMPASSEN_2010 } from './kommunkompassen-2010';

export type { FrameworkAreaDefinition, FrameworkDefinition, FrameworkQuestionDefinition } from './framework-definition';
export { KOMMUNKOMPASSEN_2010 } from './kommunkompassen-2010';

export const FRAMEWORKS: FrameworkDefinition[] = [KOMMUNKOMPASSEN_2010];
