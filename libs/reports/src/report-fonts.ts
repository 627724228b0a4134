// The fonts of the PDF report. The 14 standard PDF fonts (Helvetica, Times…) only cover
// WinAnsi and cannot show ư, ơ, ạ, ế…, so the report embeds a TrueType font with the
// Vietnamese letters: DejaVu Sans, from Debian's fonts-dejavu-core, unless the caller
// names another. The font is looked up where distributions install it; none found is an
// error naming the package, never a silent fallback to a font that drops diacritics.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { ReportError } from './report.error';

export interface ReportFontSources {
  /** A .ttf path or its bytes. */
  regular: string | Buffer;
  bold: string | Buffer;
}

export interface ReportFonts {
  regular: Buffer;
  bold: Buffer;
}

export const DEJAVU_PACKAGE = 'fonts-dejavu-core';

/** Where DejaVu Sans lives on common systems; Debian/Ubuntu (fonts-dejavu-core) first. */
export const DEJAVU_FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu
  '/usr/share/fonts/dejavu-sans-fonts', // Fedora, RHEL
  '/usr/share/fonts/dejavu', // Alpine (font-dejavu), older Fedora
  '/usr/share/fonts/TTF', // Arch (ttf-dejavu)
  '/usr/local/share/fonts',
  '/opt/homebrew/share/fonts',
];

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

function checkVietnamese(data: Buffer, role: string, source: string | Buffer): void {
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
        `Vietnamese text would lose its diacritics; use DejaVu Sans (Debian package ${DEJAVU_PACKAGE})`,
    );
}

function findDejaVu(file: string, dirs: readonly string[]): string | undefined {
  return dirs.map((dir) => join(dir, file)).find((path) => existsSync(path));
}

/**
 * The report's regular and bold fonts: the caller's, or DejaVu Sans found in
 * `DEJAVU_FONT_DIRS`. Throws `ReportError('font_not_found')` naming the Debian package
 * when there is none, and `'font_unusable'` when a font lacks Vietnamese letters.
 */
export function resolveReportFonts(sources?: ReportFontSources, dirs: readonly string[] = DEJAVU_FONT_DIRS): ReportFonts {
  let chosen: ReportFontSources;
  if (sources) {
    chosen = sources;
  } else {
    const regular = findDejaVu('DejaVuSans.ttf', dirs);
    const bold = findDejaVu('DejaVuSans-Bold.ttf', dirs);
    if (!regular || !bold)
      throw new ReportError(
        'font_not_found',
        `no font with Vietnamese glyphs for the PDF report: DejaVuSans.ttf and DejaVuSans-Bold.ttf were not found in ${dirs.join(', ')}. ` +
          `Install the Debian package ${DEJAVU_PACKAGE} (apt-get install -y ${DEJAVU_PACKAGE}) or pass the font files in the options (fonts: { regular, bold }).`,
      );
    chosen = { regular, bold };
  }
  const fonts = { regular: load(chosen.regular, 'regular'), bold: load(chosen.bold, 'bold') };
  checkVietnamese(fonts.regular, 'regular', chosen.regular);
  checkVietnamese(fonts.bold, 'bold', chosen.bold);
  return fonts;
}
