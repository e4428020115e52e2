import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DashboardService } from '../../modules/action-plans/dashboard/dashboard.service';
import { formatNumber, formatPercent } from '../../modules/mail';
import { PageController, Viewer } from '../page.decorators';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import type { PageRequest } from '../session/page-request';
import { Pages } from '../views/pages';
import { scoreChart } from './score-chart';

@PageController()
@Controller('dashboard')
export class DashboardPageController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser): Promise<void> {
    const view = await this.dashboard.get(viewer.actor);
    const locale = viewer.locale;
    const percent = (fraction: number) => formatPercent(fraction, locale);
    const chart = scoreChart(
      view.areas
        .filter((area) => area.score !== null)
        .map((area) => ({
          label: `${this.pages.text(request, 'dashboard.area')} ${area.number}`,
          fraction: area.score!.percent / 100,
          text: `${formatNumber(area.score!.achievedPoints, locale, undefined)} (${percent(area.score!.percent / 100)})`,
        })),
      percent,
    );
    this.pages.render(request, response, 'dashboard/overview', {
      title: this.pages.text(request, 'dashboard.title'),
      view,
      chart: chart.rows.length > 0 ? chart : null,
      canSeeOwn: viewer.actor.role !== 'viewer',
    });
  }
}
