import { IConstruct } from 'constructs';
import { PROTECTED_ROLES } from './naming';
import { Database, DatabaseUser, PreparedDatabase, SecretRotation, UserFlag } from './users';
import { checkNamespace, isIdentifier } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

/** Roles Spilo creates itself (post_init.sh): `admin`, `robot_zmon` and the human role `zalandos`. */
const SPILO_ROLES = ['robot_zmon', 'zalandos'];
/** Databases PostgreSQL and Spilo keep for themselves. */
const RESERVED_DATABASES = ['postgres', 'template0', 'template1'];
/** Suffixes of the roles the operator derives for a prepared database (and its schemas). */
const PREPARED_ROLE_SUFFIXES = ['_owner', '_reader', '_writer'];
const PREPARED_USER_SUFFIX = '_user';

/** The users, databases and prepared databases of a cluster, validated as the operator and PostgreSQL would. */
export class UserRegistry {
  private readonly users = new Map<string, DatabaseUser>();
  private readonly databases = new Map<string, string>();
  private readonly prepared: PreparedDatabase[] = [];

  constructor(private readonly scope: IConstruct, private readonly superuserAllowed: boolean) {}

  public get userNames(): string[] {
    return [...this.users.keys()];
  }

  public has(name: string): boolean {
    return this.users.has(name);
  }

  public addUser(user: DatabaseUser): void {
    const name = user?.name;
    const [ns, role] = typeof name === 'string' && name.includes('.') ? [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)] : [undefined, name];
    if (typeof name !== 'string' || !Patterns.USER_NAME.test(name) || role.length > 63 || (ns !== undefined && ns.length > 63)) {
      fail(this.scope, {
        rule: RuleCode.USER_INVALID,
        property: 'users[].name',
        problem: 'not a role name the operator accepts.',
        value: show(name),
        allowed: 'lower-case letters, digits, "-" and "_", starting and ending with a letter or digit, at most 63 characters (optionally "namespace.user")',
        fix: 'rename the user, e.g. "app_user".',
      });
    }
    if (ns !== undefined) checkNamespace(this.scope, `users[${name}] namespace`, ns);
    // the operator's super_username and replication_username depend on its settings: checked at synth time
    // (operator-checks.ts checkSystemUsers)
    const reserved = PROTECTED_ROLES.includes(role) ? 'is one of the operator\'s protected_role_names, which it refuses to manage'
      : SPILO_ROLES.includes(role) ? 'is created by Spilo itself'
        : role.startsWith('pg_') ? 'starts with "pg_", which PostgreSQL reserves for its own roles' : undefined;
    if (reserved) {
      fail(this.scope, {
        rule: RuleCode.USER_INVALID,
        property: 'users[].name',
        problem: `"${role}" ${reserved}.`,
        value: show(name),
        fix: 'choose another role name.',
      });
    }
    if (this.users.has(name)) {
      fail(this.scope, { rule: RuleCode.USER_INVALID, property: 'users[].name', problem: 'declared twice.', value: show(name), fix: 'declare each user once.' });
    }
    const flags = user.flags ?? [];
    const known = Object.values(UserFlag) as string[];
    for (const f of flags) {
      if (!known.includes(f)) {
        fail(this.scope, { rule: RuleCode.USER_FLAGS_INVALID, property: `users[${name}].flags`, problem: 'not a role flag the CRD accepts.', value: show(f), allowed: known.join(', '), fix: 'use UserFlag values.' });
      }
    }
    const dup = flags.find((f, i) => flags.indexOf(f) !== i);
    const contradiction = flags.find((f) => flags.includes((f.startsWith('no') ? f.slice(2) : `no${f}`) as UserFlag));
    if (dup || contradiction) {
      fail(this.scope, {
        rule: RuleCode.USER_FLAGS_INVALID,
        property: `users[${name}].flags`,
        problem: dup ? 'a flag is listed twice.' : `the flags contradict each other (${contradiction} and its opposite); PostgreSQL rejects CREATE ROLE with both.`,
        value: show(flags),
        fix: 'list each flag once, and not together with its NO- form.',
      });
    }
    if (!this.superuserAllowed && flags.includes(UserFlag.SUPERUSER)) {
      fail(this.scope, {
        rule: RuleCode.USER_FLAGS_INVALID,
        property: `users[${name}].flags`,
        problem: 'an application user with SUPERUSER can bypass every permission and read other databases.',
        value: 'SUPERUSER',
        fix: 'grant what the application needs (e.g. UserFlag.CREATEDB, database ownership), or set allowSuperuserUsers: true (or hardened: false).',
      });
    }
    if (user.secretRotation !== undefined && !(Object.values(SecretRotation) as string[]).includes(user.secretRotation)) {
      fail(this.scope, { rule: RuleCode.USER_INVALID, property: `users[${name}].secretRotation`, problem: 'not a rotation mode.', value: show(user.secretRotation), fix: 'use SecretRotation values.' });
    }
    this.users.set(name, user);
  }

  public addDatabase(database: Database): void {
    const name = database?.name;
    if (!isIdentifier(name) || RESERVED_DATABASES.includes(name)) {
      fail(this.scope, {
        rule: RuleCode.DATABASE_INVALID,
        property: 'databases[].name',
        problem: RESERVED_DATABASES.includes(name) ? 'the database exists already and belongs to the superuser.' : 'not a database name the operator accepts.',
        value: show(name),
        allowed: 'letters, digits and "_", not starting with a digit, at most 63 characters, not postgres/template0/template1',
        fix: 'rename the database, e.g. "app_db".',
      });
    }
    if (this.databases.has(name) || this.prepared.some((p) => p.name === name)) {
      fail(this.scope, { rule: RuleCode.DATABASE_INVALID, property: 'databases[].name', problem: 'declared twice (as a database or a prepared database).', value: show(name), fix: 'declare each database once.' });
    }
    if (!this.users.has(database.owner)) {
      fail(this.scope, {
        rule: RuleCode.DATABASE_INVALID,
        property: `databases[${name}].owner`,
        problem: 'the owner is not one of the cluster\'s users, so the operator cannot create the database.',
        value: show(database.owner),
        allowed: this.users.size ? [...this.users.keys()].map((u) => `"${u}"`).join(', ') : 'a user declared in `users`',
        fix: `add { name: '${database.owner}' } to users, or choose an existing owner.`,
      });
    }
    this.databases.set(name, database.owner);
  }

  public addPreparedDatabase(db: PreparedDatabase): void {
    const name = db?.name;
    const invalid = (v: unknown) => !isIdentifier(v);
    if (invalid(name) || RESERVED_DATABASES.includes(name)) {
      fail(this.scope, { rule: RuleCode.DATABASE_INVALID, property: 'preparedDatabases[].name', problem: 'not a database name the operator accepts.', value: show(name), allowed: 'letters, digits and "_", not starting with a digit, at most 63 characters, not postgres/template0/template1', fix: 'rename the database.' });
    }
    if (this.databases.has(name) || this.prepared.some((p) => p.name === name)) {
      fail(this.scope, { rule: RuleCode.DATABASE_INVALID, property: 'preparedDatabases[].name', problem: 'declared twice (as a database or a prepared database).', value: show(name), fix: 'declare each database once.' });
    }
    const schemas = db.schemas ?? [];
    for (const s of schemas) {
      if (invalid(s.name)) {
        fail(this.scope, { rule: RuleCode.DATABASE_INVALID, property: `preparedDatabases[${name}].schemas[].name`, problem: 'not a schema name the operator accepts.', value: show(s.name), allowed: 'letters, digits and "_", not starting with a digit', fix: 'rename the schema.' });
      }
    }
    if (new Set(schemas.map((s) => s.name)).size !== schemas.length) {
      fail(this.scope, { rule: RuleCode.DATABASE_INVALID, property: `preparedDatabases[${name}].schemas`, problem: 'a schema is listed twice.', value: show(schemas.map((s) => s.name)), fix: 'list each schema once.' });
    }
    // The operator derives roles `<db>[_<schema>]_owner|reader|writer[_user]`; PostgreSQL truncates names to 63.
    const longest = [name, ...schemas.map((s) => `${name}_${s.name}`)].reduce((a, b) => (b.length > a.length ? b : a));
    const derived = `${longest}_writer${db.defaultUsers || schemas.some((s) => s.defaultUsers) ? PREPARED_USER_SUFFIX : ''}`;
    if (derived.length > 63) {
      fail(this.scope, {
        rule: RuleCode.DATABASE_INVALID,
        property: `preparedDatabases[${name}]`,
        problem: `the operator derives the role "${derived}", longer than PostgreSQL's 63-character limit (it would be truncated and collide).`,
        value: `${derived.length} characters`,
        fix: 'shorten the database or schema names.',
      });
    }
    for (const e of db.extensions ?? []) {
      if (!/^[a-z_][a-z0-9_]*$/.test(e.name) || invalid(e.schema)) {
        fail(this.scope, { rule: RuleCode.DATABASE_INVALID, property: `preparedDatabases[${name}].extensions`, problem: 'not an extension name and schema.', value: show(e), fix: 'e.g. { name: "pg_partman", schema: "public" }.' });
      }
    }
    if (db.secretNamespace !== undefined) checkNamespace(this.scope, `preparedDatabases[${name}].secretNamespace`, db.secretNamespace);
    for (const r of PREPARED_ROLE_SUFFIXES.map((x) => `${name}${x}`)) {
      if (this.users.has(r)) {
        fail(this.scope, { rule: RuleCode.USER_INVALID, property: `users[${r}]`, problem: `the prepared database ${name} makes the operator create this role itself.`, value: show(r), fix: 'remove the user or rename the prepared database.' });
      }
    }
    this.prepared.push(db);
  }

  public renderUsers(): { [name: string]: string[] } | undefined {
    if (!this.users.size) return undefined;
    return Object.fromEntries([...this.users.values()].map((u) => [u.name, [...(u.flags ?? [])]]));
  }

  public renderDatabases(): { [name: string]: string } | undefined {
    return this.databases.size ? Object.fromEntries(this.databases) : undefined;
  }

  public renderPreparedDatabases(): Record<string, any> | undefined {
    if (!this.prepared.length) return undefined;
    return Object.fromEntries(this.prepared.map((db) => [db.name, {
      defaultUsers: db.defaultUsers,
      extensions: db.extensions?.length ? Object.fromEntries(db.extensions.map((e) => [e.name, e.schema])) : undefined,
      schemas: db.schemas?.length
        ? Object.fromEntries(db.schemas.map((s) => [s.name, { defaultRoles: s.defaultRoles, defaultUsers: s.defaultUsers }]))
        : undefined,
      secretNamespace: db.secretNamespace,
    }]));
  }

  public usersWithRotation(rotation: SecretRotation): string[] | undefined {
    const names = [...this.users.values()].filter((u) => u.secretRotation === rotation).map((u) => u.name);
    return names.length ? names : undefined;
  }
}
