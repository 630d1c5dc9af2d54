import { Duration, Size } from 'cdk8s';

/** Kind of a permanent replication slot Patroni keeps. */
export enum SlotType {
  PHYSICAL = 'physical',
  LOGICAL = 'logical',
}

/** A permanent replication slot Patroni creates on the primary and keeps across failovers. */
export interface PatroniSlot {
  /** Slot name. */
  readonly name: string;
  /** Slot type. */
  readonly slotType: SlotType;
  /**
   * Database of a logical slot.
   * @default - none (required for logical slots)
   */
  readonly database?: string;
  /**
   * Output plugin of a logical slot, e.g. `pgoutput`.
   * @default - none (required for logical slots)
   */
  readonly plugin?: string;
}

/**
 * Patroni settings of a cluster. Timings must satisfy `ttl >= loopWait + 2 * retryTimeout`.
 */
export interface PatroniOptions {
  /**
   * Leader lock TTL: how long until a replica may take over from a silent primary.
   * @default Duration.seconds(30)
   */
  readonly ttl?: Duration;
  /**
   * Sleep between Patroni HA loops.
   * @default Duration.seconds(10)
   */
  readonly loopWait?: Duration;
  /**
   * Timeout of DCS and PostgreSQL operation retries.
   * @default Duration.seconds(10)
   */
  readonly retryTimeout?: Duration;
  /**
   * Synchronous replication: commits wait for a synchronous standby (RPO 0 while one is available).
   * Needs at least 2 instances.
   * @default false
   */
  readonly synchronousMode?: boolean;
  /**
   * Refuse writes when no synchronous standby is available.
   * @default false
   */
  readonly synchronousModeStrict?: boolean;
  /**
   * Number of synchronous standbys (at most `instances - 1`).
   * @default 1 when synchronous mode is on
   */
  readonly synchronousNodeCount?: number;
  /**
   * A replica lagging more than this is not promoted on failover.
   * @default Size.mebibytes(32) (33554432 bytes, Spilo's default)
   */
  readonly maximumLagOnFailover?: Size;
  /**
   * Keep the primary running when the Kubernetes API (the DCS) is unreachable, as long as all
   * members can reach it through the Patroni API.
   * @default false
   */
  readonly failsafeMode?: boolean;
  /**
   * Permanent replication slots.
   * @default - none
   */
  readonly slots?: PatroniSlot[];
  /**
   * The complete pg_hba.conf (replaces Spilo's). It must keep a `replication` rule for the `standby`
   * user and local access, or replicas cannot stream.
   * @default - Spilo's rules (TLS required for remote connections)
   */
  readonly pgHba?: string[];
  /**
   * Enable data page checksums at initdb.
   * @default true
   */
  readonly dataChecksums?: boolean;
  /**
   * Further initdb options, e.g. `{ encoding: 'UTF8', locale: 'en_US.UTF-8' }`.
   * @default - Spilo's (UTF8, en_US.UTF-8)
   */
  readonly initdb?: { [key: string]: string };
}
