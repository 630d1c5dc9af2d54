import { Patterns } from '../validation/patterns';

/** Day of the week for a maintenance window. */
export enum Weekday {
  MONDAY = 'Mon',
  TUESDAY = 'Tue',
  WEDNESDAY = 'Wed',
  THURSDAY = 'Thu',
  FRIDAY = 'Fri',
  SATURDAY = 'Sat',
  SUNDAY = 'Sun',
}

/**
 * A window (UTC) in which the operator may run disruptive maintenance such as major version upgrades.
 */
export class MaintenanceWindow {
  /** Every day between `start` and `end` (`HH:MM`, UTC). */
  public static daily(start: string, end: string): MaintenanceWindow {
    return new MaintenanceWindow(`${start}-${end}`);
  }

  /** Every week on `day` between `start` and `end` (`HH:MM`, UTC). */
  public static weekly(day: Weekday, start: string, end: string): MaintenanceWindow {
    return new MaintenanceWindow(`${day}:${start}-${end}`);
  }

  /** A window in the operator's own syntax, e.g. `Sat:00:00-04:00` or `01:00-06:00`. */
  public static of(expression: string): MaintenanceWindow {
    return new MaintenanceWindow(expression);
  }

  private constructor(
    /** The window as the CRD wants it. */
    public readonly expression: string,
  ) {}

  /** True when the CRD accepts the window and the operator reads it as written. */
  public get isValid(): boolean {
    return this.problem === undefined;
  }

  /**
   * What is wrong with the window, if anything: not matching the CRD's pattern, or an end not after the start
   * (the operator cannot read windows across midnight, apis/marshal.go:64-66).
   * @returns undefined when the window is valid
   */
  public get problem(): string | undefined {
    if (typeof this.expression !== 'string' || !Patterns.MAINTENANCE_WINDOW.test(this.expression)) {
      return 'not a maintenance window the CRD accepts.';
    }
    const times = /(\d{1,2}):(\d{1,2})-(\d{1,2}):(\d{1,2})\s*$/.exec(this.expression)!;
    const start = Number(times[1]) * 60 + Number(times[2]);
    const end = Number(times[3]) * 60 + Number(times[4]);
    return end > start ? undefined : 'the window ends before it starts: the operator cannot read windows across midnight and rejects the manifest.';
  }
}
