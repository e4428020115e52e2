import type { PageRequest } from '../session/page-request';

export interface Pager {
  offset: number;
  limit: number;
  total: number;
  /** 1-based positions of the first and last row shown; 0 when there is none. */
  from: number;
  to: number;
  previousHref: string | null;
  nextHref: string | null;
}

/** The offset asked for in the address (`?offset=`), never negative. */
export function offsetOf(request: PageRequest): number {
  const raw = request.query.offset;
  return Math.max(0, Number.parseInt(typeof raw === 'string' ? raw : '0', 10) || 0);
}

/**
 * The address of this page with `changes` applied (empty values dropped): filters stay in the
 * URL, so a link to a filtered list can be shared, and paging keeps them.
 */
export function hrefWith(request: PageRequest, changes: Record<string, string | number | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) {
    if (key in changes) continue;
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === 'string' && one !== '') params.append(key, one);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== null && value !== '' && !(key === 'offset' && value === 0)) params.append(key, String(value));
  const query = params.toString();
  return `${request.path}${query ? `?${query}` : ''}`;
}

/** Where the last page of `total` rows shown `pageSize` at a time begins. */
export function lastPageOffset(total: number, pageSize: number): number {
  return Math.max(0, Math.floor((total - 1) / pageSize) * pageSize);
}

/** Previous and next links of a list of `total` rows shown `limit` at a time. */
export function pager(request: PageRequest, total: number, limit: number, changes: Record<string, string | number | null> = {}): Pager {
  const offset = Math.min(offsetOf(request), Math.max(0, total - 1));
  return {
    offset,
    limit,
    total,
    from: total === 0 ? 0 : offset + 1,
    to: Math.min(offset + limit, total),
    previousHref: offset > 0 ? hrefWith(request, { ...changes, offset: Math.max(0, offset - limit) }) : null,
    nextHref: offset + limit < total ? hrefWith(request, { ...changes, offset: offset + limit }) : null,
  };
}
