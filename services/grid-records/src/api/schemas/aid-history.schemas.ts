import { z } from 'zod';

const common = { entryId: z.string(), on: z.string().describe('日期 · day it was allocated, issued or served'), reversed: z.boolean().describe('已冲销 · reversed by the charity since') };

export const AidHistorySchema = z
  .object({
    householdId: z.string(),
    items: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('charity-allocation'), ...common, fundId: z.string(), allocationId: z.string(), purpose: z.string(), amountFen: z.int(), usedFen: z.int().describe('已使用 · used so far') }),
        z.object({ kind: z.literal('charity-goods'), ...common, fundId: z.string(), issueId: z.string(), itemKey: z.string(), quantity: z.number(), valuationFen: z.int() }),
        z.object({ kind: z.literal('help-project-service'), ...common, projectId: z.string(), serviceId: z.string(), personId: z.string(), memberId: z.string(), personTimes: z.int(), costFen: z.int() }),
      ]),
    ),
  })
  .describe('救助帮扶记录 · aid from charity (allocations, goods) and help projects (services delivered), latest first');
