/** Resolution, validation and rendering of a cluster's Patroni settings. */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PatroniSettings } from './cluster-ref';
import { PatroniOptions, PatroniSlot, SlotType } from './patroni';
import { checkDuration, checkInteger, checkSize } from '../validation/checks';
import { fail, show } from '../validation/errors';
import { RuleCode } from '../validation/rule-code';

/** Spilo's defaults (configure_spilo.py) and Patroni's minimums (patroni/config.py `_validate_and_adjust_timeouts`). */
const DEFAULTS = { ttl: 30, loopWait: 10, retryTimeout: 10, maximumLagOnFailover: 33554432 };
const MINIMUM = { ttl: 20, loopWait: 1, retryTimeout: 3 };

/** Patroni settings after defaults and validation (failsafe mode also depends on the operator: see `failsafeModeSetting`). */
export interface ResolvedPatroni extends Omit<PatroniSettings, 'failsafeMode'> {
  readonly synchronousModeStrict: boolean;
  readonly slots: PatroniSlot[];
  readonly pgHba?: string[];
  readonly initdb: { [key: string]: string };
  /** `failsafe_mode` as given (undefined: the operator's `enable_patroni_failsafe_mode`). */
  readonly failsafeModeSetting?: boolean;
}

function seconds(scope: IConstruct, property: string, d: Duration | undefined, fallback: number, min: number): number {
  if (d === undefined) return fallback;
  return checkDuration(scope, `patroni.${property}`, d, {
    minMillis: min * 1000,
    maxMillis: 86_400_000,
    stepMillis: 1000,
    fix: `use Duration.seconds(n) with n of at least ${min} (Patroni raises smaller values to ${min}, silently changing the timing).`,
  }) / 1000;
}

/** Validates the options against Patroni's rules and the number of instances. */
export function resolvePatroni(scope: IConstruct, options: PatroniOptions, instances: number): ResolvedPatroni {
  const ttl = seconds(scope, 'ttl', options.ttl, DEFAULTS.ttl, MINIMUM.ttl);
  const loopWait = seconds(scope, 'loopWait', options.loopWait, DEFAULTS.loopWait, MINIMUM.loopWait);
  const retry = seconds(scope, 'retryTimeout', options.retryTimeout, DEFAULTS.retryTimeout, MINIMUM.retryTimeout);
  if (ttl < loopWait + 2 * retry) {
    fail(scope, {
      rule: RuleCode.PATRONI_INVALID,
      property: 'patroni.ttl',
      problem: 'Patroni needs ttl >= loop_wait + 2 * retry_timeout, or a healthy primary loses its lock.',
      value: `ttl ${ttl}s, loop_wait ${loopWait}s, retry_timeout ${retry}s`,
      allowed: `ttl of at least ${loopWait + 2 * retry}s with these timings`,
      fix: `raise ttl to ${loopWait + 2 * retry}s or lower loopWait/retryTimeout.`,
    });
  }
  const synchronousMode = options.synchronousMode ?? false;
  if (synchronousMode && instances < 2) {
    fail(scope, {
      rule: RuleCode.PATRONI_INVALID,
      property: 'patroni.synchronousMode',
      problem: 'synchronous replication needs a standby, but the cluster has fewer than 2 instances.',
      value: `instances ${instances}`,
      fix: 'set instances to at least 2 (3 to survive losing the synchronous standby), or turn synchronousMode off.',
    });
  }
  const syncCount = options.synchronousNodeCount;
  if (syncCount !== undefined) {
    if (!synchronousMode) {
      fail(scope, { rule: RuleCode.PATRONI_INVALID, property: 'patroni.synchronousNodeCount', problem: 'has no effect without synchronousMode.', value: show(syncCount), fix: 'set synchronousMode: true or remove synchronousNodeCount.' });
    }
    checkInteger(scope, 'patroni.synchronousNodeCount', syncCount, { min: 1, max: Math.max(1, instances - 1), fix: 'lower synchronousNodeCount or add instances (it is at most instances - 1).' });
  }
  if (options.synchronousModeStrict && !synchronousMode) {
    fail(scope, { rule: RuleCode.PATRONI_INVALID, property: 'patroni.synchronousModeStrict', problem: 'has no effect without synchronousMode.', value: 'true', fix: 'set synchronousMode: true as well.' });
  }
  const lag = options.maximumLagOnFailover === undefined ? DEFAULTS.maximumLagOnFailover
    : checkSize(scope, 'patroni.maximumLagOnFailover', options.maximumLagOnFailover, 0, Number.MAX_SAFE_INTEGER, 'use e.g. Size.mebibytes(32).');
  const slots = options.slots ?? [];
  const slotNames = new Set<string>();
  for (const slot of slots) {
    if (typeof slot?.name !== 'string' || !/^[a-z0-9_]{1,63}$/.test(slot.name) || slotNames.has(slot.name)) {
      fail(scope, {
        rule: RuleCode.PATRONI_INVALID,
        property: 'patroni.slots[].name',
        problem: slotNames.has(slot?.name) ? 'a slot name is used twice.' : 'not a replication slot name.',
        value: show(slot?.name),
        allowed: 'lower-case letters, digits and "_", at most 63, each once',
        fix: 'rename the slot.',
      });
    }
    slotNames.add(slot.name);
    if (slot.slotType === SlotType.LOGICAL && (!slot.database || !slot.plugin)) {
      fail(scope, { rule: RuleCode.PATRONI_INVALID, property: `patroni.slots[${slot.name}]`, problem: 'a logical slot needs a database and a plugin.', fix: "set database and plugin (e.g. 'pgoutput')." });
    }
    if (slot.slotType === SlotType.PHYSICAL && (slot.database || slot.plugin)) {
      fail(scope, { rule: RuleCode.PATRONI_INVALID, property: `patroni.slots[${slot.name}]`, problem: 'a physical slot has no database or plugin.', fix: 'remove database and plugin, or make it SlotType.LOGICAL.' });
    }
    if (!(Object.values(SlotType) as string[]).includes(slot.slotType)) {
      fail(scope, { rule: RuleCode.PATRONI_INVALID, property: `patroni.slots[${slot.name}].type`, problem: 'not a slot type.', value: show(slot.slotType), fix: 'use SlotType.PHYSICAL or SlotType.LOGICAL.' });
    }
  }
  const pgHba = options.pgHba;
  if (pgHba !== undefined) checkPgHba(scope, 'patroni.pgHba', pgHba);
  const initdb: Record<string, string> = {};
  if (options.dataChecksums ?? true) initdb['data-checksums'] = 'true';
  for (const [k, v] of Object.entries(options.initdb ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(k) || typeof v !== 'string' || /[\n\r]/.test(v)) {
      fail(scope, { rule: RuleCode.PATRONI_INVALID, property: `patroni.initdb.${k}`, problem: 'not an initdb long option with a one-line string value.', value: `${show(k)}: ${show(v)}`, fix: 'e.g. { encoding: "UTF8", locale: "en_US.UTF-8" }.' });
    }
    initdb[k] = v;
  }
  return {
    ttlSeconds: ttl,
    loopWaitSeconds: loopWait,
    retryTimeoutSeconds: retry,
    synchronousMode,
    synchronousModeStrict: synchronousMode ? options.synchronousModeStrict ?? false : false,
    synchronousNodeCount: synchronousMode ? syncCount ?? 1 : 0,
    maximumLagOnFailoverBytes: lag,
    failsafeModeSetting: options.failsafeMode,
    slots,
    pgHba,
    initdb,
  };
}

/** pg_hba.conf rules must keep a replication rule and be one line each. */
export function checkPgHba(scope: IConstruct, property: string, rules: string[]): void {
  for (const l of rules) {
    if (typeof l !== 'string' || !l.trim() || /[\n\r]/.test(l) || !/^\s*(local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)\s+\S+\s+\S+/.test(l)) {
      fail(scope, { rule: RuleCode.PG_HBA_INVALID, property, problem: 'not a pg_hba.conf rule.', value: show(l), fix: 'e.g. "hostssl all all all scram-sha-256".' });
    }
  }
  if (!rules.some((l) => /^\s*(host|hostssl|local)\s+replication\s+/.test(l))) {
    fail(scope, {
      rule: RuleCode.PG_HBA_INVALID,
      property,
      problem: 'the rules replace Spilo\'s and have no replication rule, so replicas cannot stream from the primary.',
      value: show(rules),
      fix: 'add e.g. "hostssl replication standby all scram-sha-256" (and keep "local all all trust" for Spilo\'s own tools).',
    });
  }
}

/** The CRD's `patroni` section. */
export function renderPatroni(p: ResolvedPatroni, pgHba: string[] | undefined): Record<string, any> {
  const slots = p.slots.length
    ? Object.fromEntries(p.slots.map((s) => [s.name, s.slotType === SlotType.LOGICAL
      ? { type: s.slotType, database: s.database!, plugin: s.plugin! }
      : { type: s.slotType }]))
    : undefined;
  return {
    ttl: p.ttlSeconds,
    loop_wait: p.loopWaitSeconds,
    retry_timeout: p.retryTimeoutSeconds,
    maximum_lag_on_failover: p.maximumLagOnFailoverBytes,
    synchronous_mode: p.synchronousMode,
    synchronous_mode_strict: p.synchronousMode ? p.synchronousModeStrict : undefined,
    synchronous_node_count: p.synchronousMode ? p.synchronousNodeCount : undefined,
    failsafe_mode: p.failsafeModeSetting,
    pg_hba: pgHba,
    initdb: Object.keys(p.initdb).length ? p.initdb : undefined,
    slots,
  };
}
