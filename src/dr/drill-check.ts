import { IConstruct } from 'constructs';
import { checkInteger, isIdentifier } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** A check as the drill's ConfigMap holds it. */
export interface RenderedDrillCheck {
  /** Name of the check (in the drill's log). */
  readonly name: string;
  /** Database the query runs in. */
  readonly database: string;
  /** The query; it prints `t` when the check passes. */
  readonly sql: string;
}

const CHECK_NAME = /^[a-z0-9]([-a-z0-9_]{0,61}[a-z0-9])?$/;
const TABLE = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)?$/;

/** The query without trailing semicolons and whitespace (it is embedded in other SQL). */
export function bareQuery(sql: string): string {
  return sql.replace(/[\s;]+$/, '').trim();
}

/**
 * A SQL check a restore drill or upgrade rehearsal runs against its clone, as the clone's superuser, after the
 * clone accepts connections. A check passes when its query returns the single value `true`. Queries run with
 * `ON_ERROR_STOP`: an error fails the check.
 */
export class DrillCheck {
  /**
   * A query that returns one boolean, e.g. `SELECT count(*) >= 1000 FROM orders` or
   * `SELECT max(created_at) > now() - interval '2 days' FROM orders`.
   * @param name name of the check (lower-case letters, digits, `-` and `_`)
   * @param sql the query
   * @param database database to run it in (default: the drill's `database`)
   */
  public static query(name: string, sql: string, database?: string): DrillCheck {
    return new DrillCheck(name, sql, database);
  }

  /**
   * At least `minimum` rows in a table.
   * @param table `table` or `schema.table`
   * @param minimum the smallest acceptable row count
   * @param database database of the table (default: the drill's `database`)
   */
  public static minimumRows(table: string, minimum: number, database?: string): DrillCheck {
    const name = `rows-${`${table}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 63).replace(/-+$/, '');
    return new DrillCheck(name, `SELECT count(*) >= ${minimum} FROM ${table}`, database, { table, minimum });
  }

  /**
   * A query whose single value, as text, equals `expected`: e.g. a checksum of data that no longer changes,
   * `SELECT md5(string_agg(id::text || ':' || amount, ',' ORDER BY id)) FROM ledger WHERE booked < '2026-01-01'`.
   * @param name name of the check
   * @param sql the query (one row, one column)
   * @param expected the text the value must equal
   * @param database database to run it in (default: the drill's `database`)
   */
  public static valueEquals(name: string, sql: string, expected: string, database?: string): DrillCheck {
    return new DrillCheck(name, sql, database, undefined, expected);
  }

  private constructor(
    /** Name of the check. */
    public readonly name: string,
    private readonly sql: string,
    /** Database the check runs in, when not the drill's default. */
    public readonly database?: string,
    private readonly rows?: { table: string; minimum: number },
    private readonly expected?: string,
  ) {}

  /** @internal The check, validated, as the drill runs it. */
  public _render(scope: IConstruct, property: string, defaultDatabase: string): RenderedDrillCheck {
    const problem = (what: string, value: unknown, fix: string): never => fail(scope, {
      rule: RuleCode.DRILL_CHECK_INVALID, property, problem: what, value: show(value), fix,
    });
    if (typeof this.name !== 'string' || !CHECK_NAME.test(this.name)) {
      problem('not a check name.', this.name, 'use up to 63 lower-case letters, digits, "-" and "_", e.g. "orders-not-empty".');
    }
    const database = this.database ?? defaultDatabase;
    if (!isIdentifier(database)) {
      problem('not a database name.', database, 'use the name of a database of the cluster, e.g. "app".');
    }
    if (this.rows) {
      if (typeof this.rows.table !== 'string' || !TABLE.test(this.rows.table)) {
        problem('not a table name (`table` or `schema.table`, unquoted identifiers).', this.rows.table, 'e.g. "public.orders"; use DrillCheck.query for quoted names.');
      }
      checkInteger(scope, `${property}.minimum`, this.rows.minimum, { min: 0, max: Number.MAX_SAFE_INTEGER, fix: 'give the smallest acceptable row count, e.g. 1000.' });
    }
    const sql = typeof this.sql === 'string' ? bareQuery(this.sql) : '';
    if (!sql || sql.includes('\u0000')) {
      problem('the query is empty or contains a NUL character.', this.sql, 'give a query that returns true when the check passes.');
    }
    if (this.expected === undefined) return { name: this.name, database, sql: `${sql};\n` };
    if (typeof this.expected !== 'string' || this.expected.includes('\u0000')) {
      problem('the expected value must be text without NUL characters.', this.expected, 'give the value as text, e.g. "d41d8cd98f00b204e9800998ecf8427e".');
    }
    const literal = `'${this.expected.replace(/'/g, '\'\'')}'`;
    return { name: this.name, database, sql: `SELECT (${sql})::text IS NOT DISTINCT FROM ${literal};\n` };
  }
}
