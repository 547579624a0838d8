export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  /** True when another page follows; counting every match would cost a scan. */
  hasMore: boolean;
}

/** Builds a page from rows fetched with limit + 1. */
export function pageOf<T>(rows: T[], request: PageRequest): Page<T> {
  return { items: rows.slice(0, request.limit), limit: request.limit, offset: request.offset, hasMore: rows.length > request.limit };
}
