/**
 * Regenerates the PostgreSQL parameter catalog (src/postgres/catalog-data.ts).
 *
 *   npx projen catalog                 read every live server this machine runs (Debian's PostgreSQL server,
 *                                      PGlite 16/17/18), record what they report in scripts/parameter-catalog/,
 *                                      then build the module from the recorded inputs
 *   npx projen catalog --recorded      only build the module from the recorded inputs
 *
 * The build is deterministic; test/postgres/catalog.test.ts checks that the committed module equals the build
 * of the recorded inputs and that the live servers still report what was recorded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildCatalogModule, INPUT_DIR, readInputs } from './parameter-catalog/build';
import { dumpDebian, dumpPglite, formatDump } from './parameter-catalog/collect';

export const CATALOG_MODULE = path.resolve(__dirname, '..', 'src', 'postgres', 'catalog-data.ts');

async function main() {
  if (!process.argv.includes('--recorded')) {
    const debian = dumpDebian();
    const major = Math.floor(debian.versionNum / 10000);
    if (major !== 15) throw new Error(`the Debian server is PostgreSQL ${major}; the recorded inputs expect 15 (see build.ts)`);
    fs.writeFileSync(path.join(INPUT_DIR, 'pg15.txt'), formatDump(debian));
    fs.writeFileSync(path.join(INPUT_DIR, 'timezones.txt'), debian.timezones!.join('\n') + '\n');
    for (const m of [16, 17, 18]) {
      const dump = await dumpPglite(m);
      if (Math.floor(dump.versionNum / 10000) !== m) throw new Error(`PGlite for ${m} runs ${dump.version}`);
      fs.writeFileSync(path.join(INPUT_DIR, `pg${m}.txt`), formatDump(dump));
    }
  }
  fs.writeFileSync(CATALOG_MODULE, buildCatalogModule(readInputs()));
  console.log(`wrote ${path.relative(process.cwd(), CATALOG_MODULE)}`);
}

if (require.main === module) {
  void main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
