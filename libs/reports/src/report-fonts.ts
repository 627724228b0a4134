// The fonts of the PDF report. Decree 30/2020/NĐ-CP (Phụ lục I) sets administrative
// documents in Times New Roman (Unicode, TCVN 6909:2001). Debian ships no Times New Roman,
// but Liberation Serif (fonts-liberation2) has its metrics and the Vietnamese letters, so
// the report uses it, and DejaVu Serif (fonts-dejavu-core + fonts-dejavu-extra) where it is
// missing. The 14 standard PDF fonts (Helvetica, Times…) only cover WinAnsi and cannot show
// ư, ơ, ạ, ế…, so the font is always embedded. None found is an error naming the packages,
// never a silent fallback to a font that drops diacritics.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { ReportError } from './report.error';

export type ReportFontRole = 'regular' | 'bold' | 'italic' | 'boldItalic';
const ROLES: readonly ReportFontRole[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** A .ttf path or its bytes, for each style the document uses. */
export type ReportFontSources = Record<ReportFontRole, string | Buffer>;
export type ReportFonts = Record<ReportFontRole, Buffer> & { family: string };

export interface ReportFontFamily {
  family: string;
  /** The Debian packages that install it. */
  packages: readonly string[];
  files: Record<ReportFontRole, string>;
}

/** The families the report looks for, in order: Times-like first. */
export const REPORT_FONT_FAMILIES: readonly ReportFontFamily[] = [
  {
    family: 'Liberation Serif',
    packages: ['fonts-liberation2'],
    files: {
      regular: 'LiberationSerif-Regular.ttf',
      bold: 'LiberationSerif-Bold.ttf',
      italic: 'LiberationSerif-Italic.ttf',
      boldItalic: 'LiberationSerif-BoldItalic.ttf',
    },
  },
  {
    family: 'DejaVu Serif',
    packages: ['fonts-dejavu-core', 'fonts-dejavu-extra'],
    files: { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf', boldItalic: 'DejaVuSerif-BoldItalic.ttf' },
  },
];

/** Where distributions install them; Debian/Ubuntu first. */
export const REPORT_FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/truetype/liberation2', // Debian, Ubuntu (fonts-liberation2)
  '/usr/share/fonts/truetype/liberation', // Debian, Ubuntu (fonts-liberation)
  '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu (fonts-dejavu-core, -extra)
  '/usr/share/fonts/liberation-serif', // Fedora, RHEL
  '/usr/share/fonts/dejavu-serif-fonts', // Fedora, RHEL
  '/usr/share/fonts/liberation', // Alpine (font-liberation)
  '/usr/share/fonts/dejavu', // Alpine (font-dejavu), older Fedora
  '/usr/share/fonts/TTF', // Arch (ttf-liberation, ttf-dejavu)
  '/usr/local/share/fonts',
  '/opt/homebrew/share/fonts',
];

/** The apt command that gives the report its preferred font. */
export const REPORT_FONT_INSTALL = `apt-get install -y ${REPORT_FONT_FAMILIES[0].packages.join(' ')}`;

/** Letters the report must be able to show: the Vietnamese alphabet with all its tones. */
const VIETNAMESE_LETTERS: readonly number[] = [
  ...[...'ĂÂĐÊÔƠƯăâđêôơưÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ'].map((ch) => ch.charCodeAt(0)),
  ...Array.from({ length: 0x1ef9 - 0x1ea0 + 1 }, (_, i) => 0x1ea0 + i), // Ạ…ỹ
];

function load(source: string | Buffer, role: string): Buffer {
  if (typeof source !== 'string') return source;
  try {
    return readFileSync(source);
  } catch (err) {
    throw new ReportError('font_not_found', `cannot read the ${role} font ${source}: ${(err as Error).message}`);
  }
}

function checkVietnamese(data: Buffer, role: string, source: string | Buffer): string {
  const name = typeof source === 'string' ? source : `(${data.length} bytes)`;
  let font: fontkit.Font;
  try {
    const opened = fontkit.create(data);
    if (!('hasGlyphForCodePoint' in opened)) throw new Error('a font collection, not a single font');
    font = opened;
  } catch (err) {
    throw new ReportError('font_unusable', `the ${role} font ${name} is not a TrueType/OpenType font: ${(err as Error).message}`);
  }
  const missing = VIETNAMESE_LETTERS.filter((cp) => !font.hasGlyphForCodePoint(cp)).map((cp) => String.fromCodePoint(cp));
  if (missing.length > 0)
    throw new ReportError(
      'font_unusable',
      `the ${role} font ${name} (${font.fullName}) has no glyph for ${missing.slice(0, 12).join(' ')}${missing.length > 12 ? ' …' : ''}: ` +
        `Vietnamese text would lose its diacritics; use Liberation Serif (${REPORT_FONT_INSTALL})`,
    );
  return font.familyName;
}

/** The first family with all four styles in one of `dirs`. */
function findFamily(dirs: readonly string[]): { family: string; files: ReportFontSources } | undefined {
  for (const family of REPORT_FONT_FAMILIES) {
    const files = ROLES.map((role) => dirs.map((dir) => join(dir, family.files[role])).find((path) => existsSync(path)));
    if (files.every((f): f is string => f !== undefined)) {
      const [regular, bold, italic, boldItalic] = files;
      return { family: family.family, files: { regular, bold, italic, boldItalic } };
    }
  }
  return undefined;
}

/**
 * The report's regular, bold, italic and bold italic fonts: the caller's, or the first of
 * `REPORT_FONT_FAMILIES` found in `dirs`. Throws `ReportError('font_not_found')` naming
 * the Debian packages when there is none, and `'font_unusable'` when a font lacks
 * Vietnamese letters.
 */
export function resolveReportFonts(sources?: ReportFontSources, dirs: readonly string[] = REPORT_FONT_DIRS): ReportFonts {
  let chosen: ReportFontSources;
  if (sources) {
    chosen = sources;
  } else {
    const found = findFamily(dirs);
    if (!found)
      throw new ReportError(
        'font_not_found',
        `no serif font with Vietnamese glyphs for the PDF report: ${REPORT_FONT_FAMILIES.map((f) => `${f.family} (${Object.values(f.files).join(', ')})`).join(' or ')} ` +
          `not found in ${dirs.join(', ')}. Install the Debian package ${REPORT_FONT_FAMILIES[0].packages.join(' ')} (${REPORT_FONT_INSTALL}) ` +
          `or pass the font files in the options (fonts: { regular, bold, italic, boldItalic }).`,
      );
    chosen = found.files;
  }
  const fonts = Object.fromEntries(ROLES.map((role) => [role, load(chosen[role], role)])) as Record<ReportFontRole, Buffer>;
  const families = ROLES.map((role) => checkVietnamese(fonts[role], role, chosen[role]));
  return { ...fonts, family: families[0] };
}
