#!/usr/bin/env bash
# Independent clients against one `userlink serve`, as CI runs them (from the project root, after ./mvnw package):
# - the AWS CLI, an independent SigV4 client, drives the stand-ins as the operator, and is refused without its key;
# - openid-client (npm), a widely used OpenID client, discovers the token endpoint, refreshes, and reads errors.
# Each skips with a message where its tool is absent. Usage: infra/checks/against-serve.sh
set -euo pipefail
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work=$(mktemp -d)
cleanup() { [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$java" -jar infra/cli/target/userlink.jar serve --port 0 --credentials-file "$work/credentials.json" >"$work/out" 2>"$work/err" &
serve_pid=$!
for _ in $(seq 1 120); do
  grep -q '^ready ' "$work/out" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.5
done
url=$(sed -n 's/^ready //p' "$work/out")
[ -n "$url" ] || { echo "checks against serve: serve did not start"; cat "$work/err"; exit 1; }

aws_cli_check() {
  if ! command -v aws >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
    echo "aws-cli check: skipped, the AWS CLI (or python3) is not installed"
    return 0
  fi
  field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['aws'][sys.argv[2]])" "$work/credentials.json" "$1"; }
  export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  operator() { AWS_ACCESS_KEY_ID=$(field aws_access_key_id) AWS_SECRET_ACCESS_KEY=$(field aws_secret_access_key) \
    aws --endpoint-url "$url" "$@" >"$work/last" 2>&1 || { echo "aws-cli check: operator call failed: aws $*"; cat "$work/last"; exit 1; }; }
  refused() { # CALL... : must fail with the given error and print no secret value
    local expected=$1; shift
    if "$@" >"$work/last" 2>&1; then echo "aws-cli check: not refused: $*"; cat "$work/last"; exit 1; fi
    grep -q "$expected" "$work/last" || { echo "aws-cli check: expected $expected from: $*"; cat "$work/last"; exit 1; }
    if grep -q SecretString "$work/last"; then echo "aws-cli check: a refused call printed a secret"; exit 1; fi
  }
  name="userlink/apps/aws-cli-check"
  operator secretsmanager create-secret --name "$name" --secret-string '{"v": 1}'
  operator secretsmanager get-secret-value --secret-id "$name"
  operator secretsmanager put-secret-value --secret-id "$name" --secret-string '{"v": 2}'
  operator secretsmanager describe-secret --secret-id "$name"
  operator secretsmanager list-secret-version-ids --secret-id "$name" --include-deprecated
  operator secretsmanager rotate-secret --secret-id userlink/key-ring
  operator dynamodb describe-table --table-name userlink
  operator dynamodb get-item --table-name userlink --key '{"pk": {"S": "APP#none"}, "sk": {"S": "APP"}}'
  operator dynamodb query --table-name userlink --key-condition-expression 'pk = :pk' --expression-attribute-values '{":pk": {"S": "APP#none"}}'
  operator sqs purge-queue --queue-url "$url/000000000000/userlink-DeletionDeadLetterQueue"
  operator sqs purge-queue --queue-url "$url/000000000000/userlink-MailDeadLetterQueue"
  refused AccessDeniedException env AWS_ACCESS_KEY_ID="$(field aws_access_key_id)" AWS_SECRET_ACCESS_KEY="$(field aws_secret_access_key)" \
    aws --endpoint-url "$url" secretsmanager get-secret-value --secret-id userlink/key-ring
  refused AccessDeniedException env AWS_ACCESS_KEY_ID="$(field aws_access_key_id)" AWS_SECRET_ACCESS_KEY="$(field aws_secret_access_key)" \
    aws --endpoint-url "$url" secretsmanager put-secret-value --secret-id userlink/public-keys --secret-string '{"keys": []}'
  refused MissingAuthenticationTokenException aws --no-sign-request --endpoint-url "$url" secretsmanager get-secret-value --secret-id userlink/key-ring
  refused UnrecognizedClientException env AWS_ACCESS_KEY_ID=AKIAMADEUPMADEUP0000 AWS_SECRET_ACCESS_KEY=madeup \
    aws --endpoint-url "$url" dynamodb describe-table --table-name userlink
  refused InvalidSignatureException env AWS_ACCESS_KEY_ID="$(field aws_access_key_id)" AWS_SECRET_ACCESS_KEY=guessed \
    aws --endpoint-url "$url" secretsmanager get-secret-value --secret-id "$name"
  echo "aws-cli check: 11 operator calls served, reading the key ring and writing its public keys refused to the operator, unsigned, made-up and forged calls refused"
}

openid_client_check() {
  local here
  here="$(dirname "$0")/openid-client"
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "openid-client check: skipped, node and npm are not installed"
    return 0
  fi
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
  node "$here/refresh.mjs" "$url" "$work/credentials.json"
}

aws_cli_check
openid_client_check
