import { CATALOG_ALIASES, CATALOG_ROWS, CATALOG_SOURCES } from './catalog-data';
import { PostgresVersion } from '../cluster/version';

/** The type of a PostgreSQL parameter (pg_settings.vartype). */
export enum ParameterType {
  /** on/off */
  BOOL = 'bool',
  /** A whole number, possibly with a unit. */
  INTEGER = 'integer',
  /** A floating point number, possibly with a unit. */
  REAL = 'real',
  /** Free text. */
  STRING = 'string',
  /** One of a fixed set of values. */
  ENUM = 'enum',
}

/** When a parameter change takes effect (pg_settings.context). */
export enum ParameterContext {
  /** Fixed at build or initdb time. Cannot be set. */
  INTERNAL = 'internal',
  /** Needs a server restart (with Patroni: a rolling restart of the pods' PostgreSQL, replicas first). */
  POSTMASTER = 'postmaster',
  /** Takes effect on a configuration reload. */
  SIGHUP = 'sighup',
  /** Set at connection start, by superusers. A reload applies to new sessions. */
  SUPERUSER_BACKEND = 'superuser-backend',
  /** Set at connection start. A reload applies to new sessions. */
  BACKEND = 'backend',
  /** Reload, or SET by superusers. */
  SUPERUSER = 'superuser',
  /** Reload, or SET by any user. */
  USER = 'user',
}

/** One parameter of one PostgreSQL major version. */
export interface ParameterDefinition {
  /** The parameter's name as PostgreSQL spells it (names are case-insensitive). */
  readonly name: string;
  /** Its type. */
  readonly parameterType: ParameterType;
  /**
   * The base unit of an integer or real parameter: `B`, `kB`, `8kB`, `MB`, `ms`, `s` or `min`.
   * @default - no unit
   */
  readonly unit?: string;
  /**
   * Smallest value, in the base unit.
   * @default - not a number, or not settable
   */
  readonly minimum?: number;
  /**
   * Largest value, in the base unit.
   * @default - not a number, or not settable
   */
  readonly maximum?: number;
  /**
   * The documented values of an enum parameter (PostgreSQL also accepts a few hidden spellings such as `yes`).
   * @default - not an enum
   */
  readonly values?: string[];
  /** When a change takes effect. */
  readonly context: ParameterContext;
}

/** @internal A definition with the hidden enum spellings PostgreSQL accepts too. */
export interface InternalDefinition extends ParameterDefinition {
  readonly hidden: string[];
}

const MAJORS = [14, 15, 16, 17, 18];
/** Whether a version mask of the generated catalog (bit n = PostgreSQL 14 + n) includes a major. */
const inMask = (mask: number, major: number) => major >= 14 && major <= 18 && Math.floor(mask / 2 ** (major - 14)) % 2 === 1;

/**
 * The 20 parameters the operator puts into Spilo's local configuration (SPILO_CONFIGURATION
 * `postgresql.parameters`) instead of the DCS: changing any of them changes the pods' environment, so the operator
 * replaces every pod (a rolling update), whatever PostgreSQL's own context says. The others are PATCHed to
 * Patroni, which reloads or restarts. Source: postgres-operator v2.0.1 pkg/cluster/k8sres.go
 * `isBootstrapOnlyParameter` (k8sres.go:461-471, 649-677), see CHANGE-FACTS.md.
 */
const SPILO_LOCAL = [
  'archive_command', 'shared_buffers', 'logging_collector', 'log_destination', 'log_directory', 'log_filename',
  'log_file_mode', 'log_rotation_age', 'log_truncate_on_rotation', 'ssl', 'ssl_ca_file', 'ssl_crl_file',
  'ssl_cert_file', 'ssl_key_file', 'shared_preload_libraries', 'bg_mon.listen_address', 'bg_mon.history_buckets',
  'pg_stat_statements.track_utility', 'extwlist.extensions', 'extwlist.custom_path',
];

/**
 * The parameters of one PostgreSQL major version (14-18): names, types, units, ranges, enum values and when a
 * change takes effect. Generated from real servers where this project's machines run one (Debian's PostgreSQL 15,
 * PGlite for 16, 17 and 18) and from the release notes for 14; `source` says which.
 *
 * Extension parameters are included for auto_explain, pg_stat_statements and plpgsql.
 */
export class PostgresParameterCatalog {
  /**
   * The parameters the operator keeps in Spilo's local configuration: a change to any of them replaces every pod
   * (rolling update), not a reload or an in-place restart.
   */
  public static readonly SPILO_LOCAL_PARAMETERS: string[] = [...SPILO_LOCAL];

  /** The catalog of a version. Unsupported versions have an empty catalog. */
  public static forVersion(version: PostgresVersion): PostgresParameterCatalog {
    return PostgresParameterCatalog.forMajor(version.major);
  }

  /** The catalog of a major version number (14-18). */
  public static forMajor(major: number): PostgresParameterCatalog {
    let c = CACHE.get(major);
    if (!c) {
      c = new PostgresParameterCatalog(major);
      CACHE.set(major, c);
    }
    return c;
  }

  /** @internal The versions (major numbers) in which a parameter exists, oldest first. */
  public static _versionsOf(name: string): number[] {
    const key = name.toLowerCase();
    const masks = CATALOG_ROWS.filter((r) => r[0].toLowerCase() === key).map((r) => r[7]);
    const alias = CATALOG_ALIASES[key];
    if (alias) masks.push(alias[1]);
    return MAJORS.filter((m) => masks.some((mask) => inMask(mask, m)));
  }

  /** The major version. */
  public readonly major: number;
  /** Where this version's definitions come from (which server, or which documents). */
  public readonly source: string;

  private readonly byName = new Map<string, InternalDefinition>();
  private readonly aliases = new Map<string, string>();

  private constructor(major: number) {
    this.major = major;
    this.source = CATALOG_SOURCES[major] ?? `PostgreSQL ${major} is not cataloged`;
    for (const [name, type, unit, min, max, values, context, mask] of CATALOG_ROWS) {
      if (!inMask(mask, major)) continue;
      const [visible, hidden] = (values ?? '').split('|');
      this.byName.set(name.toLowerCase(), {
        name,
        parameterType: type as ParameterType,
        ...(unit ? { unit } : {}),
        ...(min !== undefined ? { minimum: min } : {}),
        ...(max !== undefined ? { maximum: max } : {}),
        ...(type === 'enum' ? { values: visible ? visible.split(',') : [] } : {}),
        hidden: hidden ? hidden.split(',') : [],
        context: context as ParameterContext,
      });
    }
    for (const [old, [target, mask]] of Object.entries(CATALOG_ALIASES)) {
      if (inMask(mask, major)) this.aliases.set(old, target.toLowerCase());
    }
  }

  /** Every parameter name of this version, sorted. */
  public get names(): string[] {
    return [...this.byName.values()].map((d) => d.name).sort();
  }

  /** True when this version knows the parameter (names are case-insensitive, old aliases such as sort_mem count). */
  public has(name: string): boolean {
    return this._definition(name) !== undefined;
  }

  /**
   * The parameter's definition.
   * @returns undefined when this version does not know it
   */
  public definition(name: string): ParameterDefinition | undefined {
    const d = this._definition(name);
    if (!d) return undefined;
    const { hidden: _hidden, ...pub } = d;
    return pub;
  }

  /**
   * When a change to the parameter takes effect.
   * @returns undefined when this version does not know it
   */
  public context(name: string): ParameterContext | undefined {
    return this._definition(name)?.context;
  }

  /** True when changing the parameter needs a PostgreSQL restart (context `postmaster`). */
  public requiresRestart(name: string): boolean {
    return this.context(name) === ParameterContext.POSTMASTER;
  }

  /** True when the operator keeps the parameter in Spilo's local configuration (a change replaces every pod). */
  public rollsPods(name: string): boolean {
    return SPILO_LOCAL.includes(name.toLowerCase());
  }

  /** The names among `parameters` whose change needs a PostgreSQL restart, sorted. */
  public restartRequired(parameters: Record<string, string>): string[] {
    return Object.keys(parameters).filter((n) => this.requiresRestart(n)).sort();
  }

  /** @internal The definition, hidden enum spellings included; aliases resolve to their target. */
  public _definition(name: string): InternalDefinition | undefined {
    const key = name.toLowerCase();
    return this.byName.get(this.aliases.get(key) ?? key);
  }

  /** @internal The current name an old alias maps to. */
  public _aliasTarget(name: string): string | undefined {
    const target = this.aliases.get(name.toLowerCase());
    return target ? this.byName.get(target)?.name : undefined;
  }
}

const CACHE = new Map<number, PostgresParameterCatalog>();
