#!/usr/bin/env bash
# `npm test` (and .ci/run): installs what is missing, starts the services the tests
# need, type-checks, lints, then runs every unit and integration test.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"

bash deploy/local/node-modules.sh
bash deploy/local/services.sh
# The npm start end-to-end test drives the live page in Debian's Chromium.
[[ -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]] || { ioc_say "chromium: installing (apt) for the browser test"; apt_install chromium; }
# The monthly report's PDF needs a font with Vietnamese letters; its tests read pages back with poppler.
# Decree 30 sets documents in Times New Roman: Liberation Serif has its metrics and the Vietnamese letters.
# Its fallback, DejaVu Serif in four styles, is tested too.
[[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf && -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf ]] || { ioc_say "fonts-liberation2, fonts-dejavu-extra: installing (apt) for the PDF reports"; apt_install fonts-liberation2 fonts-dejavu-core fonts-dejavu-extra; }
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || { ioc_say "poppler-utils: installing (apt) for the PDF tests"; apt_install poppler-utils; }
command -v ogrinfo >/dev/null || { ioc_say "gdal-bin: installing (apt) for the GIS export tests"; apt_install gdal-bin; }
# The XLSX exports are read back the way a planner opens them: LibreOffice headless (soffice --convert-to csv).
command -v soffice >/dev/null || { ioc_say "libreoffice-calc-nogui: installing (apt) for the XLSX export tests"; apt_install libreoffice-calc-nogui; }
ioc_say "typecheck: tsc --noEmit (services and libs, then the web app)"
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/ops-web/tsconfig.json --noEmit
ioc_say "lint: eslint with module boundaries"
npx nx show projects >/dev/null # computes the project graph the boundaries rule reads
npx eslint --max-warnings=0 apps libs tools
ioc_say "tests: jest (unit and integration)"
# --forceExit: a failing test must fail the run, not leave it waiting on an open handle.
npx jest --ci --forceExit "$@"
