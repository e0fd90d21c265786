// Reading a listing page by page through a lane, one call per page: a 429 or a 5xx repeats that
// page only. The Looker user listing and the DX listing both page this way.
import type { PlainResult, Result } from '../../core/result.js';
import type { PortCallOptions, PortError } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

/** One page of a listing, and whether another may follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/**
 * Reads a listing page by page, one lane call per page: a 429 or a 5xx repeats that page only.
 * Resolves to the number of pages read.
 */
export async function readPages<T>(
  lane: Lane,
  fetchPage: (index: number, options: PortCallOptions) => Promise<Result<Page<T>, PortError>>,
  each: (item: T) => void,
  signal?: AbortSignal,
  gate?: AbortSignal,
): Promise<PlainResult<number, PortError>> {
  for (let index = 0; ; index++) {
    const page = await lane.run((options) => fetchPage(index, options), signal, gate);
    if (!page.ok) return page;
    for (const item of page.data.items) each(item);
    if (!page.data.more) return { ok: true, data: index + 1 };
  }
}
