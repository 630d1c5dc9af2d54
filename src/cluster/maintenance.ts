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

  /** True when the expression matches the CRD's pattern. */
  public get isValid(): boolean {
    return Patterns.MAINTENANCE_WINDOW.test(this.expression);
  }
}
