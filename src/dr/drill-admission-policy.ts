import { ApiObject, ApiObjectProps, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DRILL_LABEL, RestoreDrill } from './restore-drill';
import { registerObject } from '../validation/chart-objects';
import { fail, show } from '../validation/errors';
import { Patterns } from '../validation/patterns';
import { RuleCode } from '../validation/rule-code';

/** Props of a `DrillAdmissionPolicy`. */
export interface DrillAdmissionPolicyProps {
  /** The drills (and upgrade rehearsals) whose ServiceAccounts may create only their own clone. */
  readonly drills: RestoreDrill[];
  /**
   * Name of the ValidatingAdmissionPolicy and of its binding.
   * @default "postgres-restore-drills"
   */
  readonly name?: string;
}

/**
 * Limits what a restore drill may create to its own clone, which its Role cannot.
 *
 * Kubernetes authorizes `create` before the object (and so its name) exists, so a drill's Role lets its
 * ServiceAccount create any `postgresql` in its namespace. This ValidatingAdmissionPolicy (with its binding,
 * `validationActions: [Deny]`) rejects every `postgresql` the drills' ServiceAccounts create unless it is named as
 * the drill's clone and labelled as one (`postgres.cdk8s.io/restore-drill: <clone>`, the label the drill's script
 * checks before it deletes anything). Requests of anyone else are not matched (`matchConditions`).
 *
 * Needs Kubernetes 1.30 or later (`admissionregistration.k8s.io/v1`). Both objects are cluster-scoped: create the
 * policy in a Chart without a namespace, next to the StorageClasses and the operator's ClusterRoles. The
 * output does not depend on the order of `drills`.
 */
export class DrillAdmissionPolicy extends Construct {
  /** The default name of the policy and its binding. */
  public static readonly DEFAULT_NAME = 'postgres-restore-drills';

  /** Name of the ValidatingAdmissionPolicy and of its binding. */
  public readonly name: string;
  /** The ValidatingAdmissionPolicy. */
  public readonly policy: ApiObject;
  /** The ValidatingAdmissionPolicyBinding. */
  public readonly binding: ApiObject;

  constructor(scope: Construct, id: string, props: DrillAdmissionPolicyProps) {
    super(scope, id);
    this.name = props.name ?? DrillAdmissionPolicy.DEFAULT_NAME;
    if (typeof this.name !== 'string' || this.name.length > 253 || !Patterns.DNS_1123_SUBDOMAIN.test(this.name)) {
      fail(this, {
        rule: RuleCode.DRILL_INVALID,
        property: 'name',
        problem: 'not a name for a ValidatingAdmissionPolicy.',
        value: show(this.name),
        allowed: 'a DNS subdomain: lower-case letters, digits, "-" and ".", at most 253 characters',
        fix: 'use a name like "postgres-restore-drills".',
      });
    }
    const chartNamespace = Chart.of(this).namespace;
    if (chartNamespace) {
      fail(this, {
        rule: RuleCode.DRILL_INVALID,
        property: 'scope',
        problem: 'a ValidatingAdmissionPolicy and its binding are cluster-scoped, but this Chart stamps its namespace on every object.',
        value: `chart namespace ${show(chartNamespace)}`,
        fix: 'create the DrillAdmissionPolicy in a Chart without a namespace (e.g. new Chart(app, "platform")).',
      });
    }
    const drills = props.drills;
    if (!Array.isArray(drills) || drills.length === 0 || drills.some((d) => !(d instanceof RestoreDrill))) {
      fail(this, {
        rule: RuleCode.DRILL_INVALID,
        property: 'drills',
        problem: 'the policy needs the drills whose ServiceAccounts it restricts.',
        value: show(Array.isArray(drills) ? drills.map((d) => (d instanceof RestoreDrill ? d.node.path : d)) : drills),
        allowed: 'one or more RestoreDrill or UpgradeRehearsal constructs',
        fix: 'pass the drills, e.g. drills: [drill, rehearsal].',
      });
    }
    // ServiceAccount user name -> clone name; the users sorted, so that the order of `drills` does not matter
    const clones = new Map(drills.map((d) => [`system:serviceaccount:${d.namespaceName}:${d.cloneName}`, d.cloneName]));
    const users = [...clones.keys()].sort();
    const quote = (s: string) => `'${s}'`; // names are DNS labels: nothing to escape
    const cloneOf = `{${users.map((u) => `${quote(u)}: ${quote(clones.get(u)!)}`).join(', ')}}[request.userInfo.username]`;

    this.policy = registerObject(new ApiObject(this, 'Policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: this.name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: ['acid.zalan.do'], apiVersions: ['*'], operations: ['CREATE'], resources: ['postgresqls'] }],
        },
        matchConditions: [{ name: 'restore-drill-service-accounts', expression: `request.userInfo.username in [${users.map(quote).join(', ')}]` }],
        validations: [
          {
            expression: `object.metadata.name == ${cloneOf}`,
            message: 'a restore drill may create only its own clone',
            reason: 'Forbidden',
          },
          {
            expression: `has(object.metadata.labels) && '${DRILL_LABEL}' in object.metadata.labels && object.metadata.labels['${DRILL_LABEL}'] == object.metadata.name`,
            message: `a restore drill's clone carries the label ${DRILL_LABEL}: <clone name>`,
            reason: 'Forbidden',
          },
        ],
      },
    } as ApiObjectProps));
    this.binding = registerObject(new ApiObject(this, 'Binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: this.name },
      spec: { policyName: this.name, validationActions: ['Deny'] },
    } as ApiObjectProps));
  }
}
