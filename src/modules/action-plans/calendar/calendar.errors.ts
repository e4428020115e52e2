import { NotFoundError } from '../../../common/errors/domain-error';

export enum CalendarErrorCode {
  NotFound = 'CALENDAR.NOT_FOUND',
}

/** An unknown, renewed or turned-off calendar address, or one of a deactivated user. */
export const calendarNotFound = () => new NotFoundError(CalendarErrorCode.NotFound, 'No calendar at this address');
