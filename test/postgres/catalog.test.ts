/**
 * The committed catalog is what the generator builds from its recorded inputs, and the live servers this machine
 * runs (Debian's PostgreSQL 15, PGlite 16/17/18) still report what was recorded.
 */
import * as fs from 'fs';
import { CATALOG_MODULE } from '../../scripts/generate-parameter-catalog';
import { buildCatalogModule, readInputs } from '../../scripts/parameter-catalog/build';
import { dumpDebian, dumpPglite } from '../../scripts/parameter-catalog/collect';
import { PostgresVersion } from '../../src';
import { ParameterContext, ParameterType, PostgresParameterCatalog } from '../../src/postgres/catalog';

const recorded = readInputs();

test('the committed catalog module is the build of the recorded inputs (npx projen catalog --recorded)', () => {
  expect(fs.readFileSync(CATALOG_MODULE, 'utf-8')).toBe(buildCatalogModule(recorded));
});

test("Debian's PostgreSQL 15 still reports the recorded catalog, hidden enum spellings, aliases and time zones", () => {
  const live = dumpDebian();
  expect(Math.floor(live.versionNum / 10000)).toBe(15);
  expect(live.settings.filter((s) => s.name !== 'server_version' && s.name !== 'server_version_num'))
    .toEqual(recorded.dumps[15].settings.filter((s) => s.name !== 'server_version' && s.name !== 'server_version_num'));
  expect(live.aliases).toEqual(recorded.dumps[15].aliases);
  expect(live.timezones).toEqual(recorded.timezones);
});

test.each([16, 17, 18])('PGlite %i still reports the recorded catalog', async (major) => {
  const live = await dumpPglite(major);
  expect(live.version).toBe(recorded.dumps[major].version);
  expect(live.settings).toEqual(recorded.dumps[major].settings);
  expect(live.aliases).toEqual(recorded.dumps[major].aliases);
});

describe('PostgresParameterCatalog', () => {
  test('definitions as the PostgreSQL documentation gives them (work_mem: 64kB to 2147483647kB, user context)', () => {
    for (const v of PostgresVersion.SUPPORTED) {
      expect(PostgresParameterCatalog.forVersion(v).definition('work_mem')).toEqual({
        name: 'work_mem', parameterType: ParameterType.INTEGER, unit: 'kB', minimum: 64, maximum: 2147483647, context: ParameterContext.USER,
      });
    }
    expect(PostgresParameterCatalog.forVersion(PostgresVersion.V16).definition('huge_pages')).toEqual({
      name: 'huge_pages', parameterType: ParameterType.ENUM, values: ['off', 'on', 'try'], context: ParameterContext.POSTMASTER,
    });
    // maintenance_work_mem's minimum dropped from 1MB to 64kB in 17
    expect(PostgresParameterCatalog.forVersion(PostgresVersion.V16).definition('maintenance_work_mem')?.minimum).toBe(1024);
    expect(PostgresParameterCatalog.forVersion(PostgresVersion.V17).definition('maintenance_work_mem')?.minimum).toBe(64);
  });

  test('version differences: added, removed, retyped, re-contexted', () => {
    const at = (m: number) => PostgresParameterCatalog.forMajor(m);
    expect([14, 15, 16, 17, 18].filter((m) => at(m).has('transaction_timeout'))).toEqual([17, 18]);
    expect([14, 15, 16, 17, 18].filter((m) => at(m).has('stats_temp_directory'))).toEqual([14]);
    expect([14, 15, 16, 17, 18].filter((m) => at(m).has('old_snapshot_threshold'))).toEqual([14, 15, 16]);
    expect([14, 15, 16, 17, 18].filter((m) => at(m).has('io_method'))).toEqual([18]);
    expect(at(14).definition('wal_compression')?.parameterType).toBe(ParameterType.BOOL);
    expect(at(15).definition('wal_compression')?.values).toEqual(['pglz', 'lz4', 'zstd', 'on', 'off']);
    expect(at(17).context('autovacuum_max_workers')).toBe(ParameterContext.POSTMASTER);
    expect(at(18).context('autovacuum_max_workers')).toBe(ParameterContext.SIGHUP);
    expect(at(18).definition('log_connections')?.parameterType).toBe(ParameterType.STRING);
    expect(at(18).definition('io_method')?.values).toEqual(['sync', 'worker', 'io_uring']);
  });

  test('names are case-insensitive and old aliases resolve', () => {
    const c = PostgresParameterCatalog.forVersion(PostgresVersion.V15);
    expect(c.has('TimeZone')).toBe(true);
    expect(c.has('timezone')).toBe(true);
    expect(c.definition('sort_mem')?.name).toBe('work_mem');
    expect(c.has('ssl_ecdh_curve')).toBe(true);
    expect(PostgresParameterCatalog.forVersion(PostgresVersion.V18).definition('ssl_ecdh_curve')?.name).toBe('ssl_groups');
  });

  test('restart awareness: postmaster context needs a restart, Spilo-local parameters roll the pods', () => {
    const c = PostgresParameterCatalog.forVersion(PostgresVersion.V17);
    expect(c.requiresRestart('shared_buffers')).toBe(true);
    expect(c.requiresRestart('work_mem')).toBe(false);
    expect(c.requiresRestart('pg_stat_statements.max')).toBe(true);
    expect(c.restartRequired({ work_mem: '8MB', max_connections: '200', shared_buffers: '1GB', wal_level: 'logical', jit: 'off' }))
      .toEqual(['max_connections', 'shared_buffers', 'wal_level']);
    expect(PostgresParameterCatalog.SPILO_LOCAL_PARAMETERS).toHaveLength(20);
    expect(c.rollsPods('shared_buffers')).toBe(true);
    expect(c.rollsPods('max_connections')).toBe(false);
    expect(c.source).toMatch(/^PostgreSQL 17\.5 .*PGlite/);
    expect(PostgresParameterCatalog.forVersion(PostgresVersion.V15).source).toMatch(/^PostgreSQL 15\.\d+ \(Debian/);
  });

  test('an unsupported version has an empty catalog', () => {
    expect(PostgresParameterCatalog.forVersion(PostgresVersion.of(13)).names).toEqual([]);
  });
});
