/** Role flags the `postgresql` CRD accepts for `users`. */
export enum UserFlag {
  SUPERUSER = 'superuser',
  NOSUPERUSER = 'nosuperuser',
  CREATEDB = 'createdb',
  NOCREATEDB = 'nocreatedb',
  CREATEROLE = 'createrole',
  NOCREATEROLE = 'nocreaterole',
  INHERIT = 'inherit',
  NOINHERIT = 'noinherit',
  LOGIN = 'login',
  NOLOGIN = 'nologin',
  REPLICATION = 'replication',
  NOREPLICATION = 'noreplication',
  BYPASSRLS = 'bypassrls',
  NOBYPASSRLS = 'nobypassrls',
}

/** How the operator rotates a user's password. */
export enum SecretRotation {
  /** Never rotated by the operator (also when rotation is enabled globally): `usersIgnoringSecretRotation`. */
  IGNORE = 'ignore',
  /** A new role `<user><YYMMDD>` is created each rotation: `usersWithSecretRotation`. */
  NEW_ROLE = 'new-role',
  /** The password of the same role is changed in place: `usersWithInPlaceSecretRotation`. */
  IN_PLACE = 'in-place',
}

/** A database role the operator creates, with a Secret holding its password. */
export interface DatabaseUser {
  /**
   * Role name: lower-case letters, digits, `-` and `_` (a `namespace.user` form puts the Secret into
   * another namespace when the operator has `enable_cross_namespace_secret`).
   */
  readonly name: string;
  /**
   * Role flags.
   * @default - none: a plain login role
   */
  readonly flags?: UserFlag[];
  /**
   * Password rotation for this user.
   * @default - the operator's global setting (`enable_password_rotation`, off by default)
   */
  readonly secretRotation?: SecretRotation;
}

/** A database and its owner. */
export interface Database {
  /** Database name: letters, digits and `_`, not starting with a digit. */
  readonly name: string;
  /** Owner: one of the cluster's users. */
  readonly owner: string;
}

/** A schema of a prepared database. */
export interface PreparedSchema {
  /** Schema name. */
  readonly name: string;
  /**
   * Create the `<db>_<schema>_owner/reader/writer` NOLOGIN roles.
   * @default true
   */
  readonly defaultRoles?: boolean;
  /**
   * Create the `<db>_<schema>_owner_user/reader_user/writer_user` login roles.
   * @default false
   */
  readonly defaultUsers?: boolean;
}

/** An extension to install in a prepared database. */
export interface PreparedExtension {
  /** Extension name, e.g. `pg_partman`. */
  readonly name: string;
  /** Schema to install it into. */
  readonly schema: string;
}

/**
 * A database the operator prepares with default roles, schemas and extensions
 * (`preparedDatabases`).
 */
export interface PreparedDatabase {
  /** Database name. */
  readonly name: string;
  /**
   * Create the `<db>_owner_user/reader_user/writer_user` login roles.
   * @default false
   */
  readonly defaultUsers?: boolean;
  /**
   * Schemas to create.
   * @default - the operator creates the `data` schema
   */
  readonly schemas?: PreparedSchema[];
  /**
   * Extensions to install.
   * @default - none
   */
  readonly extensions?: PreparedExtension[];
  /**
   * Namespace for the Secrets of the default users (needs `enable_cross_namespace_secret`).
   * @default - the cluster's namespace
   */
  readonly secretNamespace?: string;
}
