/*
 * The script a restore drill's CronJob runs (POSIX sh; busybox ash in the official postgres Alpine image, dash in
 * the tests). It is rendered into the drill's ConfigMap as `drill.sh`; test/dr/drill-script.test.ts checks it
 * with shellcheck and runs it against a real PostgreSQL server with a kubectl stand-in.
 *
 * Inputs: the environment (see `RestoreDrill`) and the files in `$DRILL_DIR`: `clone.json` (the clone's
 * `postgresql` manifest with `TIMESTAMP_PLACEHOLDER` as its `clone.timestamp`), `check-<n>.sql` /
 * `.name` / `.db` (queries that must print `t`) and optionally `freshness.sql` / `.db` (prints the epoch of
 * the newest restored data).
 */

/** The `clone.timestamp` of the clone manifest in the ConfigMap; the script replaces it with the drill's target time. */
export const TIMESTAMP_PLACEHOLDER = '1970-01-01T00:00:00+00:00';

/** The drill script (`drill.sh` in the drill's ConfigMap). */
export const DRILL_SCRIPT = `#!/bin/sh
# A restore drill (or upgrade rehearsal) rendered by cdk8s-zalando-postgres.
#
# It creates a throw-away point-in-time clone of a cluster from the cluster's WAL-G archive, waits until the
# clone runs, checks it with SQL using the clone's own superuser, records how long the restore took and how far
# the newest restored data is behind the target time, deletes the clone (also after a failure or a SIGTERM)
# and pushes the result to a Prometheus Pushgateway. The clone's manifest and the checks are in $DRILL_DIR.
#
# It only deletes a postgresql named $CLONE_NAME that carries the label (LABEL_JSONPATH) with that value (the
# manifest it creates has it), and the volumes of that clone.
set -eu

: "\${NAMESPACE:?}" "\${SOURCE_CLUSTER:?}" "\${CLONE_NAME:?}" "\${CLONE_HOST:?}" "\${CREDENTIALS_NAME:?}"
: "\${DRILL_KIND:?}" "\${LABEL_JSONPATH:?}" "\${TIMESTAMP_PLACEHOLDER:?}" "\${EXPECT_MAJOR:?}"
: "\${TARGET_AGE_SECONDS:?}" "\${RESTORE_TIMEOUT_SECONDS:?}"
DRILL_DIR=\${DRILL_DIR:-/drill}
CLONE_PORT=\${CLONE_PORT:-5432}
CLONE_USER=\${CLONE_USER:-postgres}
CLONE_PVCS=\${CLONE_PVCS:-}
POLL_SECONDS=\${POLL_SECONDS:-10}
CLEANUP_TIMEOUT_SECONDS=\${CLEANUP_TIMEOUT_SECONDS:-300}
PUSHGATEWAY_URL=\${PUSHGATEWAY_URL:-}
PGCONNECT_TIMEOUT=\${PGCONNECT_TIMEOUT:-10}
export PGCONNECT_TIMEOUT

log() { printf '%s %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
now() { date +%s; }
k() { kubectl --namespace "$NAMESPACE" "$@"; }
fail() {
  log "$*"
  exit 1
}

started=$(now)
target_epoch=NaN
restore_seconds=NaN
lag_seconds=NaN
checks_failed=0
restored=0
password=

# psql against the clone as its superuser: sql DATABASE ARGS...
sql() {
  sql_db=$1
  shift
  PGPASSWORD=$password psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$CLONE_HOST" -p "$CLONE_PORT" -U "$CLONE_USER" -d "$sql_db" "$@"
}

# "<name>/<value of the drill label>" of the postgresql named $CLONE_NAME; empty when there is none.
clone_state() {
  k get postgresql "$CLONE_NAME" --ignore-not-found -o "jsonpath={.metadata.name}/{.metadata.labels.$LABEL_JSONPATH}"
}

# Waits until KIND/NAME is gone, at most CLEANUP_TIMEOUT_SECONDS.
wait_gone() {
  gone_deadline=$(($(now) + CLEANUP_TIMEOUT_SECONDS))
  while [ -n "$(k get "$1" "$2" --ignore-not-found -o name)" ]; do
    [ "$(now)" -lt "$gone_deadline" ] || return 1
    sleep "$POLL_SECONDS"
  done
}

# Deletes the clone (only if this drill created it) and its volumes.
delete_clone() {
  state=$(clone_state) || state='(unknown)'
  case "$state" in
    '') ;;
    "$CLONE_NAME/$CLONE_NAME")
      log "deleting the clone $CLONE_NAME"
      k delete postgresql "$CLONE_NAME" --ignore-not-found --wait=false >/dev/null || log "could not delete postgresql $CLONE_NAME"
      wait_gone postgresql "$CLONE_NAME" || {
        log "postgresql $CLONE_NAME is still there after \${CLEANUP_TIMEOUT_SECONDS}s"
        return 1
      }
      ;;
    *)
      log "not deleting postgresql $CLONE_NAME: this drill did not create it (state $state)"
      return 1
      ;;
  esac
  for pvc in $CLONE_PVCS; do
    k delete persistentvolumeclaim "$pvc" --ignore-not-found --wait=false >/dev/null || log "could not delete the volume $pvc"
  done
}

# Pushes the result; POST replaces only the metrics it sends, so the last success time survives failures.
push_metrics() {
  [ -n "$PUSHGATEWAY_URL" ] || return 0
  body=$(mktemp)
  {
    printf '# HELP pg_restore_drill_success 1 when the last drill restored the clone and every check passed.\\n'
    printf '# TYPE pg_restore_drill_success gauge\\npg_restore_drill_success %s\\n' "$1"
    printf '# HELP pg_restore_drill_last_run_timestamp_seconds When the last drill started.\\n'
    printf '# TYPE pg_restore_drill_last_run_timestamp_seconds gauge\\npg_restore_drill_last_run_timestamp_seconds %s\\n' "$started"
    printf '# HELP pg_restore_drill_target_timestamp_seconds The point in time the last drill restored to.\\n'
    printf '# TYPE pg_restore_drill_target_timestamp_seconds gauge\\npg_restore_drill_target_timestamp_seconds %s\\n' "$target_epoch"
    printf '# HELP pg_restore_drill_restore_duration_seconds How long the last restore took, from creating the clone until it accepted connections.\\n'
    printf '# TYPE pg_restore_drill_restore_duration_seconds gauge\\npg_restore_drill_restore_duration_seconds %s\\n' "$restore_seconds"
    printf '# HELP pg_restore_drill_data_lag_seconds How far the newest restored data was behind the target time.\\n'
    printf '# TYPE pg_restore_drill_data_lag_seconds gauge\\npg_restore_drill_data_lag_seconds %s\\n' "$lag_seconds"
    printf '# HELP pg_restore_drill_checks_failed Checks of the last drill that failed.\\n'
    printf '# TYPE pg_restore_drill_checks_failed gauge\\npg_restore_drill_checks_failed %s\\n' "$checks_failed"
    if [ "$1" = 1 ]; then
      printf '# HELP pg_restore_drill_last_success_timestamp_seconds When the last successful drill started.\\n'
      printf '# TYPE pg_restore_drill_last_success_timestamp_seconds gauge\\npg_restore_drill_last_success_timestamp_seconds %s\\n' "$started"
    fi
  } >"$body"
  url="$PUSHGATEWAY_URL/metrics/job/pg_restore_drill/namespace/$NAMESPACE/cluster/$SOURCE_CLUSTER/drill/$CLONE_NAME/kind/$DRILL_KIND"
  wget -q -O /dev/null --header 'Content-Type: text/plain; version=0.0.4' --post-file="$body" "$url" ||
    log "could not push the result to $PUSHGATEWAY_URL"
  rm -f "$body"
}

finish() {
  code=$?
  trap - EXIT
  set +e
  delete_clone || log "the clone $CLONE_NAME may be left behind; the next drill removes it"
  ok=0
  if [ "$code" -eq 0 ] && [ "$restored" = 1 ] && [ "$checks_failed" -eq 0 ]; then ok=1; fi
  push_metrics "$ok"
  if [ "$ok" = 1 ]; then
    log "drill passed: restored in \${restore_seconds}s, newest data \${lag_seconds}s behind the target"
    exit 0
  fi
  log "drill FAILED ($checks_failed failed checks)"
  [ "$code" -ne 0 ] || code=1
  exit "$code"
}
trap finish EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# 1. What an earlier run left behind: its clone and the clone's volumes (never an object this drill did not create).
delete_clone || fail "refusing to run: postgresql $CLONE_NAME exists and cannot be removed"
for pvc in $CLONE_PVCS; do
  wait_gone persistentvolumeclaim "$pvc" || fail "the volume $pvc of an earlier clone is still there"
done

# 2. The clone, restored to a point in time the archive covers.
target_epoch=$(($(now) - TARGET_AGE_SECONDS))
target=$(date -u -d "@$target_epoch" +%Y-%m-%dT%H:%M:%S+00:00)
log "creating $CLONE_NAME: a clone of $SOURCE_CLUSTER at $target"
created=$(now)
sed "s/$TIMESTAMP_PLACEHOLDER/$target/" "$DRILL_DIR/clone.json" | k create -f - >/dev/null || fail "could not create the clone"

# 3. Wait until the operator reports it Running and PostgreSQL accepts the clone's superuser as a primary.
deadline=$((created + RESTORE_TIMEOUT_SECONDS))
while :; do
  status=$(k get postgresql "$CLONE_NAME" -o 'jsonpath={.status.PostgresClusterStatus}' 2>/dev/null) || status=
  if [ "$status" = Running ]; then
    if [ -z "$password" ]; then
      password=$(k get secret "$CREDENTIALS_NAME" -o 'jsonpath={.data.password}' 2>/dev/null | base64 -d 2>/dev/null) || password=
    fi
    if [ -n "$password" ] && [ "$(sql postgres -c 'SELECT NOT pg_is_in_recovery()' 2>/dev/null)" = t ]; then break; fi
  fi
  [ "$status" != Invalid ] || fail "the operator rejected the clone (status Invalid)"
  [ "$(now)" -lt "$deadline" ] || fail "the clone did not run within \${RESTORE_TIMEOUT_SECONDS}s (last status: \${status:-none})"
  sleep "$POLL_SECONDS"
done
restored=1
restore_seconds=$(($(now) - created))
log "the clone runs after \${restore_seconds}s"

# 4. The checks: the major version, then every check-*.sql (must print t), then the newest data.
major=$(sql postgres -c "SELECT current_setting('server_version_num')::int / 10000" 2>&1) || true
if [ "$major" = "$EXPECT_MAJOR" ]; then
  log "passed check version: PostgreSQL $major"
else
  checks_failed=$((checks_failed + 1))
  log "FAILED check version: expected PostgreSQL $EXPECT_MAJOR, got \${major:-nothing}"
fi
for file in "$DRILL_DIR"/check-*.sql; do
  [ -e "$file" ] || continue
  base=\${file%.sql}
  name=$(cat "$base.name")
  result=$(sql "$(cat "$base.db")" -f "$file" 2>&1) || true
  if [ "$result" = t ]; then
    log "passed check $name"
  else
    checks_failed=$((checks_failed + 1))
    log "FAILED check $name: expected t, got \${result:-nothing}"
  fi
done
if [ -e "$DRILL_DIR/freshness.sql" ]; then
  newest=$(sql "$(cat "$DRILL_DIR/freshness.db")" -f "$DRILL_DIR/freshness.sql" 2>&1) || true
  case "$newest" in
    '' | *[!0-9-]*)
      checks_failed=$((checks_failed + 1))
      log "FAILED check freshness: expected the newest data's time, got \${newest:-nothing}"
      ;;
    *)
      lag_seconds=$((target_epoch - newest))
      log "the newest data is \${lag_seconds}s older than the target time"
      ;;
  esac
fi
`;
