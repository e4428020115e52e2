import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { dirname, join } from 'node:path';
import { Public } from '../../common/auth/auth.decorators';
import { findTemplatesDir } from '../../modules/mail';

/**
 * The style sheets the pages use, served by the app itself (no CDN): Designsystemet's CSS and
 * its default theme, as published, and the app's own few layout rules. A fixed list: nothing
 * else on the disk can be asked for.
 */
const ASSETS: Record<string, () => string> = {
  'designsystemet.css': () => require.resolve('@digdir/designsystemet-css'),
  'designsystemet-theme.css': () => join(dirname(require.resolve('@digdir/designsystemet-css')), '..', 'theme', 'designsystemet.css'),
  'app.css': () => join(findTemplatesDir(__dirname), 'assets', 'app.css'),
};

@Public()
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly paths = new Map<string, string>();

  @Get(':file')
  get(@Param('file') file: string, @Res() response: Response): void {
    const locate = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!locate) throw new NotFoundException();
    let path = this.paths.get(file);
    if (!path) {
      path = locate();
      this.paths.set(file, path);
    }
    response.sendFile(path, { maxAge: '1h', headers: { 'Content-Type': 'text/css; charset=utf-8' } });
  }
}
