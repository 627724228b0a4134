// The two languages of the platform: Vietnamese first (the operations room's), English on
// request (`Accept-Language: en`, a `lang` setting for files, the web app's switch).
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'vi';

/** A `lang` value from a query or setting: `en` or `vi`, anything else the default. */
export function langOf(value: unknown): Lang {
  return value === 'en' || value === 'vi' ? value : DEFAULT_LANG;
}

/**
 * The language an `Accept-Language` header asks for: the first of its ranges, by quality,
 * that is Vietnamese or English (`en-US` counts as English); Vietnamese when it names
 * neither, or when there is no header.
 */
export function negotiateLang(header: string | string[] | null | undefined): Lang {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranges = text
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: range.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && (r.lang === 'vi' || r.lang === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranges[0]?.lang as Lang | undefined) ?? DEFAULT_LANG;
}

/** Fills `{{name}}` placeholders (the web app's i18next syntax, so one catalogue serves both). */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
