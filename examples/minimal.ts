/**
 * The smallest useful cluster: one instance for development, one application user and database.
 *
 *   npm run synth   ->  dist/examples/minimal/minimal.k8s.yaml
 */
import { App, Chart } from 'cdk8s';
import { Cluster, ClusterSize, NetworkPeer, UserFlag } from 'cdk8s-zalando-postgres';

const app = new App();
const chart = new Chart(app, 'minimal', { namespace: 'default' });

const cluster = new Cluster(chart, 'minimal-cluster', {
  teamId: 'acid',
  size: ClusterSize.DEVELOPMENT, // 500m CPU, 1Gi, 10Gi, 1 instance
  users: [
    { name: 'zalando', flags: [UserFlag.CREATEDB] },
    { name: 'foo_user' },
  ],
  databases: [{ name: 'foo', owner: 'zalando' }],
});

// Only pods labelled app=foo may connect; Patroni, the operator, monitoring, DNS and the Kubernetes API keep working.
cluster.allowFrom(NetworkPeer.pods({ app: 'foo' }));

// What an application needs next: the service to connect to and the Secret with the password.
export const connection = {
  uri: cluster.connectionUri('zalando', 'foo'), // postgresql://zalando@acid-minimal-cluster.default.svc.cluster.local:5432/foo?sslmode=require
  passwordSecret: cluster.secretName('zalando'), // zalando.acid-minimal-cluster.credentials.postgresql.acid.zalan.do
};

app.synth();
