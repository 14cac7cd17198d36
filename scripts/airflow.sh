#!/usr/bin/env bash
# Run Airflow for this project on one machine: `airflow standalone` (API server + UI,
# scheduler, DAG processor, triggerer; LocalExecutor) on 127.0.0.1, metadata in SQLite under
# var/airflow, this project's dags/. Usage: scripts/airflow.sh [standalone|<airflow args>]
#   AIRFLOW_PORT   UI/API port (default 8088; the review app uses 8080)
#   SCREENING_*    passed through to the tasks (database, sources config, credentials)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$PATH"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$ROOT/var/airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__PARALLELISM="${AIRFLOW__CORE__PARALLELISM:-4}"
export AIRFLOW__API__HOST="${AIRFLOW__API__HOST:-127.0.0.1}"
export AIRFLOW__API__PORT="${AIRFLOW_PORT:-${AIRFLOW__API__PORT:-8088}}"
# tasks reach the scheduler's Execution API through the base URL: keep it on our host and port
export AIRFLOW__API__BASE_URL="${AIRFLOW__API__BASE_URL:-http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT}}"
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-sqlite:///$AIRFLOW_HOME/airflow.db}"
# new DAGs start paused; unpause the ones you want in the UI or with `airflow dags unpause`
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="${AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION:-True}"
mkdir -p "$AIRFLOW_HOME"
cd "$ROOT"
screening db migrate          # the screening store (SCREENING_DATABASE_URL), idempotent
if [ "${1:-standalone}" = "standalone" ]; then
  airflow db migrate >/dev/null
  echo "Airflow UI: http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT}  (admin password: $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated)"
  exec airflow standalone
fi
exec airflow "$@"
