/**
 * `npm run bench`: synthesis speed of full production stacks against plain cdk8s ApiObjects emitting the
 * identical documents, and against plain YAML serialisation of those documents, in one run.
 *
 * A stack: a 3-instance cluster with primary and replica pooler, WAL-G backups to S3, monitoring, network
 * policies with two client peers and a certificate. N stacks live in N/10 charts. Each measurement is the
 * best of several runs (after a warm-up), as CPU time of building the app and writing its YAML.
 *
 *   npm run bench              N = 10, 100, 1000
 *   npm run bench -- 10 100    other sizes
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { register } from 'tsconfig-paths';

register({ baseUrl: path.resolve(__dirname, '..'), paths: { 'cdk8s-zalando-postgres': ['src/index.ts'] } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('cdk8s-zalando-postgres') as typeof import('../src');

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zpg-bench-'));

/** One production stack in `chart`. */
function stack(chart: Chart, i: number): void {
  const cluster = new lib.Cluster(chart, `c${i}`, { teamId: 'acid', name: `acid-orders-${i}`, version: lib.PostgresVersion.V17 });
  cluster.addConnectionPooler({ replica: true });
  new lib.WalgBackup(chart, `backup${i}`, {
    cluster,
    storage: lib.BackupStorage.s3({ bucket: 'acme-pg-backups', region: 'eu-west-1' }),
    credentials: lib.BackupCredentials.fromSecret('pg-backup-keys'),
  });
  new lib.MonitoringStack(chart, `monitoring${i}`, { cluster, labels: { release: 'kube-prometheus-stack' } });
  new lib.PostgresCertificate(chart, `tls${i}`, { cluster, issuer: { name: 'internal-ca' } });
  cluster.addNetworkPolicy({ kubernetesApiCidrs: ['10.0.0.0/16'] });
  cluster.allowFrom(lib.NetworkPeer.pods({ app: 'orders-api' }, 'orders'), lib.ConnectionTarget.POOLER);
  cluster.allowFrom(lib.NetworkPeer.podsInNamespace('reporting'), lib.ConnectionTarget.REPLICA_POOLER);
}

function libraryApp(n: number): App {
  const app = new App({ outdir });
  const charts = Math.max(1, Math.round(n / 10));
  for (let c = 0; c < charts; c++) {
    const chart = new Chart(app, `db${c}`, { namespace: `db${c}` });
    for (let i = c; i < n; i += charts) stack(chart, i);
  }
  return app;
}

/** The same documents as plain ApiObjects, chart by chart. */
function plainApp(docs: any[][]): App {
  const app = new App({ outdir });
  docs.forEach((objects, c) => {
    const chart = new Chart(app, `db${c}`, { namespace: `db${c}` });
    objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));
  });
  return app;
}

/** CPU time (user + system) of this process in ms: other processes on the machine do not inflate it. */
function time(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function best(runs: number, f: () => void): number {
  f(); // warm-up
  let min = Infinity;
  for (let r = 0; r < runs; r++) min = Math.min(min, time(f));
  return min;
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rows: string[] = [];
let perClusterAt100: number | undefined;
for (const n of sizes.length ? sizes : [10, 100, 1000]) {
  const runs = n >= 1000 ? 3 : 7;
  // the documents the library emits, per chart
  const reference = libraryApp(n);
  const docs = reference.charts.map((chart) => chart.toJson());
  const count = docs.reduce((a, d) => a + d.length, 0);
  // the plain ApiObjects must emit exactly the same YAML
  const a = reference.synthYaml();
  const b = plainApp(docs).synthYaml();
  if (a !== b) throw new Error('the plain ApiObjects do not emit the same YAML as the library');

  const library = best(runs, () => libraryApp(n).synth());
  const plain = best(runs, () => plainApp(docs).synth());
  const yamlOnly = best(runs, () => {
    docs.forEach((d, c) => Yaml.save(path.join(outdir, `plain-${c}.yaml`), d));
  });
  const perCluster = library / n;
  if (n === 100) perClusterAt100 = perCluster;
  rows.push(`| ${n} | ${count} | ${library.toFixed(0)} | ${plain.toFixed(0)} | ${yamlOnly.toFixed(0)} | ${(library / plain).toFixed(2)}x | ${(library / yamlOnly).toFixed(2)}x | ${perCluster.toFixed(2)} |`
    + (n === 1000 && perClusterAt100 ? ` ${(perCluster / perClusterAt100).toFixed(2)}x |` : ' |'));
}
fs.rmSync(outdir, { recursive: true, force: true });
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n`);
console.log('| N stacks | documents | library ms (CPU) | plain ApiObjects ms | YAML only ms | library / plain | library / YAML | ms per stack | per stack vs N=100 |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
