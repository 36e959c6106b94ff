import { z } from 'zod';
import { IdSchema } from './common';

export const ImportFormSchema = z.object({ gridId: IdSchema.describe('导入到的网格 · the grid to import into') });

export const ImportResultSchema = z
  .object({
    sheet: z.string().describe('导入的工作表 · the sheet imported'),
    notices: z.array(z.string()).describe('关于整个文件的提示 (如 GBK 编码) · about the whole file'),
    households: z
      .object({ imported: z.number().int(), skipped: z.number().int(), refused: z.number().int() })
      .describe('户数: 新导入, 已导入过 (跳过), 被拒 · households imported now, imported before, refused'),
    rows: z
      .array(
        z.object({
          rowNumber: z.number().int(),
          outcome: z.enum(['imported', 'skipped', 'refused']),
          errors: z.array(z.object({ column: z.string(), cell: z.string(), rule: z.string(), message: z.string() })),
          notices: z.array(z.string()),
        }),
      )
      .describe('被拒或有提示的行 · rows refused or with notices'),
  })
  .describe('导入结果 · import result');
