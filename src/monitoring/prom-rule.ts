/** One Prometheus rule (recording or alerting), as it appears in a rule group. */
export interface PromRule {
  /** Name of the series a recording rule writes. @default - an alert */
  readonly record?: string;
  /** Name of the alert. @default - a recording rule */
  readonly alert?: string;
  /** PromQL expression. */
  readonly expr: string;
  /** How long the condition must hold (the rule's `for`). @default - fires at once */
  readonly forDuration?: string;
  /** Labels added to the alert. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of the alert. @default - none */
  readonly annotations?: { [key: string]: string };
}
