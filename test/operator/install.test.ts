/**
 * The operator install: Deployment, ServiceAccount and RBAC against the Kubernetes schemas, the RBAC compared
 * rule by rule with upstream's, and the Deployment pointed at the OperatorConfiguration.
 */
import { createHash } from 'crypto';
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { loadReference, normalizeRules } from './reference';
import { PostgresOperator, PostgresOperatorProps } from '../../src/operator/postgres-operator';
import { newChart, only, synthValid } from '../support/synth';

function install(props: Partial<PostgresOperatorProps> = {}): any[] {
  const { chart } = newChart(null);
  new PostgresOperator(chart, 'operator', { operatorNamespace: 'postgres-operator', install: {}, ...props });
  return synthValid(chart);
}

describe('install', () => {
  let objects: any[];
  beforeAll(() => {
    objects = install();
  });

  test('renders the operator\'s objects, the cluster-scoped ones without a namespace', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.namespace ?? '-'}`).sort()).toEqual([
      'ClusterRole/postgres-operator/-',
      'ClusterRole/postgres-pod/-',
      'ClusterRole/zalando-postgres-operator:users:admin/-',
      'ClusterRole/zalando-postgres-operator:users:edit/-',
      'ClusterRole/zalando-postgres-operator:users:view/-',
      'ClusterRoleBinding/postgres-operator/-',
      'Deployment/postgres-operator/postgres-operator',
      'OperatorConfiguration/postgres-operator/postgres-operator',
      'ServiceAccount/postgres-operator/postgres-operator',
    ]);
  });

  test('the operator\'s ClusterRole grants exactly what upstream grants, rule by rule', () => {
    const upstream = loadReference('operator-service-account-rbac.yaml');
    const upstreamRole = upstream.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'postgres-operator');
    expect(normalizeRules(only(objects, 'ClusterRole', 'postgres-operator').rules)).toEqual(normalizeRules(upstreamRole.rules));
  });

  test('the pod ServiceAccount\'s ClusterRole grants exactly what upstream grants, rule by rule', () => {
    const upstreamRole = loadReference('operator-service-account-rbac.yaml').find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'postgres-pod');
    expect(normalizeRules(only(objects, 'ClusterRole', 'postgres-pod').rules)).toEqual(normalizeRules(upstreamRole.rules));
  });

  test('the user-facing ClusterRoles are upstream\'s, with their aggregation labels', () => {
    for (const upstreamRole of loadReference('user-facing-clusterroles.yaml')) {
      const role = only(objects, 'ClusterRole', upstreamRole.metadata.name);
      expect(normalizeRules(role.rules)).toEqual(normalizeRules(upstreamRole.rules));
      for (const [k, v] of Object.entries(upstreamRole.metadata.labels)) expect(role.metadata.labels[k]).toBe(v);
    }
  });

  test('the binding gives the operator\'s ServiceAccount the operator\'s ClusterRole', () => {
    const upstream = loadReference('operator-service-account-rbac.yaml').find((o) => o.kind === 'ClusterRoleBinding');
    const binding = only(objects, 'ClusterRoleBinding');
    expect(binding.roleRef).toEqual(upstream.roleRef);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'postgres-operator', namespace: 'postgres-operator' }]);
    expect(only(objects, 'Deployment').spec.template.spec.serviceAccountName).toBe('postgres-operator');
  });

  test('the Deployment runs v2.0.1 pointed at the OperatorConfiguration, as upstream (Recreate, one replica, chart resources)', () => {
    const upstream = loadReference('postgres-operator.yaml')[0];
    const deployment = only(objects, 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    const upstreamContainer = upstream.spec.template.spec.containers[0];
    expect(container.image).toBe(upstreamContainer.image);
    expect(container.securityContext).toEqual(upstreamContainer.securityContext);
    expect(deployment.spec.strategy).toEqual(upstream.spec.strategy);
    expect(deployment.spec.replicas).toBe(1);
    expect(container.env).toEqual([{ name: 'POSTGRES_OPERATOR_CONFIGURATION_OBJECT', value: only(objects, 'OperatorConfiguration').metadata.name }]);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '250Mi' }, limits: { memory: '500Mi' } });
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  test('the pod template carries a checksum of the configuration, so that a change restarts the operator', () => {
    const checksum = (objs: any[]) => only(objs, 'Deployment').spec.template.metadata.annotations['checksum/config'];
    const sha = createHash('sha256').update(JSON.stringify(only(objects, 'OperatorConfiguration'))).digest('hex');
    expect(checksum(objects)).toBe(sha);
    expect(checksum(install())).toBe(checksum(objects));
    expect(checksum(install({ configuration: { workers: 4 } }))).not.toBe(checksum(objects));
  });

  test('namespace, resources, priority class, node placement, pull secrets, replicas and CONTROLLER_ID are props', () => {
    const toleration: k8s.Toleration = { key: 'dedicated', operator: 'Equal', value: 'platform', effect: 'NoSchedule' };
    const affinity: k8s.Affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['system'] }] }] } },
    };
    const objs = install({
      name: 'pg-operator',
      operatorNamespace: 'platform',
      controllerId: 'second',
      install: {
        image: 'registry.example.com/postgres-operator:v2.0.1',
        imagePullPolicy: ImagePullPolicy.ALWAYS,
        replicas: 0,
        resources: { cpu: { request: Cpu.millis(200), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(300), limit: Size.mebibytes(600) } },
        priorityClassName: 'system-cluster-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [toleration],
        affinity,
        imagePullSecrets: ['regcred'],
        podLabels: { team: 'platform' },
        podAnnotations: { 'example.com/scrape': 'false' },
        serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/postgres-operator' },
        enableJsonLogging: true,
        userFacingClusterRoles: false,
      },
    });
    const deployment = only(objs, 'Deployment');
    const spec = deployment.spec.template.spec;
    expect(deployment.metadata).toMatchObject({ name: 'pg-operator', namespace: 'platform' });
    expect(deployment.spec.replicas).toBe(0);
    expect(spec.priorityClassName).toBe('system-cluster-critical');
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.tolerations).toEqual([toleration]);
    expect(spec.affinity).toEqual(affinity);
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(spec.containers[0]).toMatchObject({
      image: 'registry.example.com/postgres-operator:v2.0.1',
      imagePullPolicy: 'Always',
      resources: { requests: { cpu: '200m', memory: '300Mi' }, limits: { cpu: '1', memory: '600Mi' } },
      env: [
        { name: 'POSTGRES_OPERATOR_CONFIGURATION_OBJECT', value: 'pg-operator' },
        { name: 'CONTROLLER_ID', value: 'second' },
        { name: 'ENABLE_JSON_LOGGING', value: 'true' },
      ],
    });
    expect(deployment.spec.template.metadata.labels).toEqual({ 'team': 'platform', 'app.kubernetes.io/name': 'postgres-operator', 'app.kubernetes.io/instance': 'pg-operator' });
    expect(deployment.spec.template.metadata.annotations['example.com/scrape']).toBe('false');
    expect(only(objs, 'ServiceAccount', 'pg-operator').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/postgres-operator' });
    expect(only(objs, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'pg-operator', namespace: 'platform' }]);
    expect(objs.filter((o) => o.metadata.name.startsWith('zalando-postgres-operator:users'))).toEqual([]);
  });

  test('the pod ClusterRole follows the pod ServiceAccount (the operator binds the ClusterRole of the same name)', () => {
    const objs = install({ configuration: { kubernetes: { podServiceAccountName: 'spilo' } } });
    expect(only(objs, 'ClusterRole', 'spilo')).toBeDefined();
    const custom = install({ configuration: { kubernetes: { podServiceAccountRoleBindingDefinition: { clusterRoleName: 'spilo-dcs' } } } });
    expect(only(custom, 'ClusterRole', 'spilo-dcs')).toBeDefined();
    expect(custom.filter((o) => o.kind === 'ClusterRole' && o.metadata.name === 'postgres-pod')).toEqual([]);
  });

  test('without install only the OperatorConfiguration is rendered, in the chart\'s namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'ops', { namespace: 'ops' });
    const op = new PostgresOperator(chart, 'operator');
    expect(synthValid(chart).map((o) => `${o.kind}/${o.metadata.namespace}`)).toEqual(['OperatorConfiguration/ops']);
    expect(op.deployment).toBeUndefined();
    expect(op.settings.operatorNamespace).toBe('ops');
    expect(op.settings.operatorPodLabels).toEqual({});
  });
});
