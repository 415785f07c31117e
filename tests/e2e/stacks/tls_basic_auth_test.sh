#!/usr/bin/env bash
# Prometheus and Alertmanager behind --web.config.file: TLS with a CA made here and basic auth
# with a bcrypt hash. obsctl reaches them through an --endpoints file (ca_file, password_file),
# refuses a wrong password in seconds naming the URL and 401, says an untrusted CA is one,
# and never prints the secret.
source "$(dirname "$0")/lib.sh"

SECRET="s3cret-$(date +%s%N | tail -c 9)"
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=obsctl test CA" \
  -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
  -extfile san.ext -out server.pem 2>/dev/null
HASH=$(htpasswd -nbBC 10 obsctl "$SECRET" | cut -d: -f2)
cat > web.yml <<YAML
tls_server_config: {cert_file: $WORK/server.pem, key_file: $WORK/server.key}
basic_auth_users: {obsctl: '$HASH'}
YAML
printf '%s\n' "$SECRET" > password.txt
printf 'wrong-password\n' > wrong.txt

render_stack
# Prometheus talks to its Alertmanager and scrapes itself the way a user's would.
python3 - "$WORK" "$SECRET" <<'PY'
import sys, yaml
work, secret = sys.argv[1], sys.argv[2]
path = f"{work}/stack/prometheus.yml"
cfg = yaml.safe_load(open(path))
https = {"scheme": "https", "basic_auth": {"username": "obsctl", "password_file": f"{work}/password.txt"},
         "tls_config": {"ca_file": f"{work}/ca.pem"}}
cfg["alerting"]["alertmanagers"][0].update(https)
for job in cfg["scrape_configs"]:
    if job["job_name"] in ("prometheus", "alertmanager"):
        job.update(https)
yaml.safe_dump(cfg, open(path, "w"))
PY
start_demoapp
start_alertmanager --web.config.file="$WORK/web.yml" --web.external-url="https://127.0.0.1:$AM_PORT"
start_prometheus --web.config.file="$WORK/web.yml" --web.external-url="https://127.0.0.1:$PROM_PORT"
CURL="--cacert $WORK/ca.pem -u obsctl:$SECRET"
wait_for 20 curl -sf $CURL "https://127.0.0.1:$AM_PORT/-/ready"
until_up $CURL "https://127.0.0.1:$PROM_PORT/api/v1/query"
# Its own scrapes of Prometheus and Alertmanager go through TLS and basic auth too: all up.
wait_for 30 sh -c "curl -sf $CURL https://127.0.0.1:$PROM_PORT/api/v1/query \
  --data-urlencode 'query=count(up == 1)' | grep -q '\"3\"\]'"

endpoints() {  # endpoints FILE PASSWORD_FILE [CA]
  cat > "$1" <<YAML
prometheus:
  url: https://127.0.0.1:$PROM_PORT
  basic_auth: {username: obsctl, password_file: $2}
  tls_config: {ca_file: ${3-$WORK/ca.pem}}
alertmanager:
  url: https://127.0.0.1:$AM_PORT
  basic_auth: {username: obsctl, password_file: $2}
  tls_config: {ca_file: ${3-$WORK/ca.pem}}
YAML
  sed -i '/ca_file: }/d; s/  tls_config: {ca_file: }//' "$1"
}
endpoints good.yml password.txt
endpoints wrong.yml wrong.txt
endpoints noca.yml password.txt ""

# A wrong password: exit 3 before any traffic, within seconds, naming the URL and the 401.
started=$SECONDS
obsctl_run wrong run errors --endpoints wrong.yml --target "http://127.0.0.1:$APP_PORT" --time-scale 0.1
expect_rc 3 "wrong password"
expect_out "https://127.0.0.1:$PROM_PORT/-/ready: HTTP 401: the credentials were refused" "wrong password"
[[ $((SECONDS - started)) -le 10 ]] || fail "the wrong password took $((SECONDS - started))s to be refused"
grep -q "requests " "$OUT" && fail "traffic was sent despite the refused credentials"
pass "a wrong password is exit 3 in $((SECONDS - started))s naming the URL and 401"

# No CA: the certificate is not trusted, and obsctl says so.
obsctl_run noca status --endpoints noca.yml --target "http://127.0.0.1:$APP_PORT"
expect_rc 3 "untrusted CA"
expect_out "certificate is not trusted" "untrusted CA"
pass "an untrusted CA is named as such"

# status and alerts reach the protected stack.
obsctl_run status status --endpoints good.yml --target "http://127.0.0.1:$APP_PORT"
expect_rc 0 "status"
obsctl_run alerts alerts --endpoints good.yml
expect_rc 0 "alerts"

# The whole errors scenario: fire, route, deliver, resolve through TLS and basic auth.
HOOKS="127.0.0.1:$HOOK_PORT"
obsctl_run run run errors --endpoints good.yml --target "http://127.0.0.1:$APP_PORT" \
  --time-scale 0.1 --webhook-listen "$HOOKS" --report "$WORK/run.json" --junit "$WORK/run.xml"
expect_rc 0 "errors through TLS and basic auth"
expect_out "errors: PASS" "errors through TLS and basic auth"
expect_out "ok    prometheus ready +https://127.0.0.1:$PROM_PORT" "preflight"
pass "errors passes through TLS and basic auth"

# Userinfo in a URL is basic auth too, and is printed redacted.
obsctl_run userinfo status --prometheus "https://obsctl:$SECRET@127.0.0.1:$PROM_PORT" \
  --alertmanager "https://127.0.0.1:$AM_PORT" --endpoints good.yml --target "http://127.0.0.1:$APP_PORT"
expect_rc 0 "userinfo"

# The secret appears in no output and no report.
if grep -rl -- "$SECRET" "$WORK"/*.out "$WORK"/run.json "$WORK"/run.xml; then
  fail "the password leaked into the files above"
fi
pass "the secret is in no output or report"
