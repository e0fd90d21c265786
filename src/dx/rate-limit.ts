// DX's documented rate limit: the one definition of it, which the DX client and the sync's DX lane pace to.

/** DX's documented limit, which a DX client paces itself to unless told otherwise: 1000 requests per minute per account. */
export const DX_RATE_LIMIT = { requests: 1000, perMs: 60_000, spacing: 'sliding' } as const;
