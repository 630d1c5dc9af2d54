/**
 * Every app in examples/ synthesizes, every object it emits validates against its schema, no credential
 * is written as a literal, and two synths produce byte-identical YAML.
 */
import { ChangePlan, ChangeSeverity, ManifestSet } from '../src';
import { credentialLiterals } from './support/credentials';
import { exampleNames, objectsOfFiles, synthExampleFiles, synthExampleObjects } from './support/examples';
import { checkRules } from './support/promtool';
import { expectValid } from './support/schema';

const examples = exampleNames();

test('there are examples', () => {
  expect(examples).toEqual(expect.arrayContaining([
    'minimal', 'production', 'eks-production', 'gke', 'aks', 'disaster-recovery', 'pitr-clone', 'k3s-longhorn',
  ]));
});

describe.each(examples)('example %s', (name) => {
  const first = synthExampleFiles(name);
  const objects = objectsOfFiles(first);

  test('emits objects that validate against their schemas', () => {
    expect(objects.length).toBeGreaterThan(0);
    expectValid(objects);
  });

  test('ships NetworkPolicies for every cluster', () => {
    const clusters = objects.filter((o) => o.kind === 'postgresql').map((o) => o.metadata.name);
    const policies = new Set(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name));
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) {
      expect(policies).toContain(`${c}-default-deny`);
      expect(policies).toContain(`${c}-spilo`);
    }
  });

  test('every PrometheusRule passes promtool check rules', () => {
    for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
      const result = checkRules(rule.spec);
      expect(result.output).toMatch(/SUCCESS/);
    }
  });

  test('puts cluster-scoped objects in a file without namespaces', () => {
    const clusterScoped = ['StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];
    for (const o of objects.filter((x) => clusterScoped.includes(x.kind))) expect(o.metadata.namespace).toBeUndefined();
  });

  test('writes no credential as a literal', () => {
    expect(credentialLiterals(objects)).toEqual([]);
  });

  test('is byte-identical across two synths', () => {
    expect(synthExampleFiles(name)).toEqual(first);
  });
});

describe('example disaster-recovery', () => {
  test('stage 2 (DR_PROMOTE=true) differs from stage 1 only by spec.standby and the STANDBY_* environment', () => {
    const stage1 = synthExampleObjects('disaster-recovery');
    const stage2 = synthExampleObjects('disaster-recovery', { DR_PROMOTE: 'true' });
    const pg1 = stage1.find((o) => o.kind === 'postgresql');
    const pg2 = stage2.find((o) => o.kind === 'postgresql');
    expect(pg1.spec.standby).toEqual({ s3_wal_path: 's3://acme-pg-backups/spilo/acid-orders/wal/17' });
    expect(pg2.spec.standby).toBeUndefined();
    expect(pg1.spec.env.filter((e: any) => e.name.startsWith('STANDBY_')).length).toBeGreaterThan(0);
    expect(pg2.spec.env.filter((e: any) => e.name.startsWith('STANDBY_'))).toEqual([]);
    delete pg1.spec.standby;
    pg1.spec.env = pg1.spec.env.filter((e: any) => !e.name.startsWith('STANDBY_'));
    expect(stage2).toEqual(stage1);
  });
});

describe('example operator', () => {
  test('owner references for Argo CD: removing the cluster from Git keeps it running, and deleting it keeps its volumes', () => {
    const objects = synthExampleObjects('operator');
    const config = objects.find((o) => o.kind === 'OperatorConfiguration').configuration.kubernetes;
    const retention = config.persistent_volume_claim_retention_policy.when_deleted;
    expect([config.enable_owner_references, config.enable_persistent_volume_claim_deletion, retention]).toEqual([true, false, 'retain']);
    expect(config.delete_annotation_date_key).toBeUndefined(); // the operator would not check it
    const withoutCluster = objects.filter((o) => o.kind !== 'postgresql');
    const set = (docs: any[]) => ManifestSet.fromJson(JSON.stringify(docs));
    const plan = (before: any[], after: any[]) => ChangePlan.compute(set(before), set(after));
    const [gone] = plan(objects, withoutCluster).clusters;
    expect(gone.consequences.map((c) => c.severity)).toEqual([ChangeSeverity.NO_EFFECT]); // Prune=false, prune: disabled
    expect(gone.consequences[0].summary).toMatch(/the volumes \(pgdata-acid-orders-0, pgdata-acid-orders-1, pgdata-acid-orders-2\) are kept/);
    // deleted by hand (no GitOps annotations): an outage, but no data lost
    const unprotected = objects.map((o) => (o.kind === 'postgresql' ? { ...o, metadata: { ...o.metadata, annotations: {} } } : o));
    expect(plan(unprotected, withoutCluster).clusters[0].consequences.map((c) => c.severity)).toEqual([ChangeSeverity.OUTAGE]);
  });
});

describe('the credential scanner', () => {
  test('finds literals and accepts references', () => {
    expect(credentialLiterals([{
      kind: 'postgresql',
      metadata: { name: 'x' },
      spec: {
        env: [
          { name: 'AWS_SECRET_ACCESS_KEY', value: 'abc' },
          { name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' },
          { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } },
        ],
        clone: { s3_secret_access_key: 'abc', s3_access_key_id: '' },
      },
    }])).toEqual(['postgresql/x.spec.env[0] (env AWS_SECRET_ACCESS_KEY)', 'postgresql/x.spec.clone.s3_secret_access_key']);
  });
});
