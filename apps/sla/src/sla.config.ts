import { z } from 'zod';
import { DEFAULT_REPORT_DOCUMENT } from '@ioc/reports';
import { commonEnv, cronPattern, databaseEnv, envInt, httpEnv, natsEnv, redisEnv, timeZone } from '@ioc/platform';

/** A ";"-separated list, trimmed, empty items dropped. */
const list = (def: readonly string[]) =>
  z
    .string()
    .default(def.join(';'))
    .transform((v) =>
      v
        .split(';')
        .map((item) => item.trim())
        .filter(Boolean),
    );

export const slaConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv(3006),
  ...natsEnv,
  ...redisEnv,
  ...databaseEnv('sla'),
  /** Days and months are cut in this zone (DESIGN.md §4). */
  SLA_TIME_ZONE: timeZone('Asia/Ho_Chi_Minh'),
  /** When the monthly report of the month before is made: the 1st at 00:05 local. */
  SLA_REPORT_CRON: cronPattern('5 0 1 * *'),
  /** JSON overriding the response targets and escalation (see docs/runbooks/sla.md). Unset: the defaults. */
  SLA_POLICY: z.string().optional(),
  /** How often escalation jobs are reconciled with the incidents (a lost Redis comes back whole). */
  SLA_RECONCILE_INTERVAL_MS: envInt(60_000, 1000, 3_600_000),
  /** Folder with Liberation Serif or DejaVu Serif, four styles (Vietnamese glyphs), for the PDF; unset: the Debian paths. */
  SLA_REPORT_FONT_DIR: z.string().optional(),
  // The report as a Decree 30/2020/NĐ-CP document (docs/decisions/0021). Names as written in
  // sentences; the header prints them in capitals. Lists are separated by ";".
  /** Cơ quan chủ quản of the issuing body; empty for none. */
  SLA_REPORT_PARENT_BODY: z.string().trim().default(DEFAULT_REPORT_DOCUMENT.parentBody),
  /** Cơ quan ban hành: the provincial IOC, or e.g. "Sở Thông tin và Truyền thông". */
  SLA_REPORT_ISSUER: z.string().trim().min(1, 'must name the issuing body').default(DEFAULT_REPORT_DOCUMENT.issuer),
  /** Ký hiệu after the number: "BC-IOC" prints "Số: 05/BC-IOC". */
  SLA_REPORT_SYMBOL: z
    .string()
    .trim()
    .regex(/^[^\s/]+$/u, 'must be a symbol without spaces or "/", e.g. BC-IOC')
    .default(DEFAULT_REPORT_DOCUMENT.symbol),
  /** Địa danh of the place and date line. */
  SLA_REPORT_PLACE: z.string().trim().min(1, 'must name the place').default(DEFAULT_REPORT_DOCUMENT.place),
  /** Nơi nhận, separated by ";". */
  SLA_REPORT_RECIPIENTS: list(DEFAULT_REPORT_DOCUMENT.recipients),
  /** The signer's authority and title, one line per ";" ("KT. Giám đốc;Phó Giám đốc"). */
  SLA_REPORT_SIGNER_TITLE: list(DEFAULT_REPORT_DOCUMENT.signer.title).refine((t) => t.length > 0, 'must give the signer’s title'),
  /** The signer's name; empty leaves the line for a handwritten one. */
  SLA_REPORT_SIGNER_NAME: z.string().trim().default(DEFAULT_REPORT_DOCUMENT.signer.name),
  SLA_LOAD_TIMEOUT_MS: envInt(10_000, 100, 120_000),
});
export type SlaConfig = z.infer<typeof slaConfigSchema>;
