export const organisationStream = (id: string) => `organisation-${id}`;
export const donorStream = (id: string) => `donor-${id}`;
export const campaignStream = (id: string) => `campaign-${id}`;
export const fundStream = (id: string) => `fund-${id}`;
/** 捐赠票据 are numbered per organisation and year: one book, one stream, one writer of its numbers. */
export const receiptBookStream = (organisationId: string, year: number) => `receipts-${organisationId}-${year}`;

/** The categories charity writes (contracts CATEGORY_OWNERS). */
export const CHARITY_CATEGORIES = ['organisation', 'donor', 'campaign', 'receipts', 'fund'] as const;
