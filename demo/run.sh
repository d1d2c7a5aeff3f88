#!/usr/bin/env bash
# The Keycloak Tenancy demo in one command, from a fresh clone: builds the provider bundle and the demo API, runs a
# stock Keycloak (resolved through Maven) with the bundle and the demo realm on http://localhost:8080 and the demo
# SPA + API on http://localhost:8081, and stops both on Ctrl-C. Needs a JDK 21+ for Keycloak, Maven (on any JDK 17+)
# for the build, and curl.
# Reset: stop it and delete .demo/ (the next start imports the realm afresh).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEMO_DIR=$REPO_ROOT/.demo
PORT=8080
APP_PORT=8081
REALM=tenancy-demo
MIN_JAVA=21
# The root pom pins the Keycloak release in ONE place; read it from there instead of repeating it.
KC_VERSION=$(sed -n 's:.*<keycloak\.version>\(.*\)</keycloak\.version>.*:\1:p' "$REPO_ROOT/pom.xml" | head -n 1)
KC_HOME=$DEMO_DIR/keycloak-$KC_VERSION
LOG=$DEMO_DIR/keycloak.log
APP_LOG=$DEMO_DIR/demo-api.log
KC_PID=
APP_PID=

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# Feature version of the JDK at $1 (21, 25, ...), read from its release file as test-support's JavaHomes does;
# prints nothing when $1 is not a JDK.
java_major() {
    local version
    [[ -x $1/bin/java && -f $1/release ]] || return 0
    version=$(sed -n 's/^JAVA_VERSION="*\([^"]*\)"*$/\1/p' "$1/release")
    version=${version#1.}
    printf '%s' "${version%%[.+-]*}"
}

# The JDK that runs Keycloak (the build may use an older one): TENANCY_KC_JAVA_HOME if set (it must be 21+),
# else JAVA_HOME if it is 21+, else the newest JDK 21+ in the usual install folders.
find_server_java_home() {
    local home major best= best_major=0
    if [[ -n ${TENANCY_KC_JAVA_HOME:-} ]]; then
        major=$(java_major "$TENANCY_KC_JAVA_HOME")
        (( ${major:-0} >= MIN_JAVA )) || die "TENANCY_KC_JAVA_HOME=$TENANCY_KC_JAVA_HOME is not a JDK $MIN_JAVA+ (found: ${major:-no JDK}); Keycloak $KC_VERSION needs Java $MIN_JAVA or newer."
        printf '%s' "$TENANCY_KC_JAVA_HOME"; return
    fi
    if [[ -n ${JAVA_HOME:-} ]]; then
        major=$(java_major "$JAVA_HOME")
        if (( ${major:-0} >= MIN_JAVA )); then printf '%s' "$JAVA_HOME"; return; fi
    fi
    for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        major=$(java_major "$home")
        if (( ${major:-0} >= MIN_JAVA && major > best_major )); then best=$home; best_major=$major; fi
    done
    [[ -n $best ]] || die "no JDK $MIN_JAVA+ found to run Keycloak $KC_VERSION (looked at TENANCY_KC_JAVA_HOME, JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm). Install one or set TENANCY_KC_JAVA_HOME=/path/to/jdk."
    printf '%s' "$best"
}

# Pure bash, so no ss/lsof/netstat is needed: a connect that succeeds means someone already listens.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs on every exit (Ctrl-C, kill, error, a server ending): neither server may outlive the script.
stop_all() {
    stop_demo_api
    stop_keycloak
}

# The demo API is one java process (started directly, no wrapper script): TERM ends it at once.
stop_demo_api() {
    [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null || return 0
    say "Stopping the demo SPA/API (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$APP_PID" 2>/dev/null && (( waited < 20 )); do sleep 0.5; waited=$((waited + 1)); done
    if kill -0 "$APP_PID" 2>/dev/null; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
    wait "$APP_PID" 2>/dev/null || true
}

# kc.sh forwards SIGTERM to its java process and waits for it, so one TERM is a clean shutdown (~5 s).
stop_keycloak() {
    [[ -n $KC_PID ]] && kill -0 "$KC_PID" 2>/dev/null || return 0
    say "Stopping Keycloak (pid $KC_PID)"
    kill -TERM "$KC_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$KC_PID" 2>/dev/null && (( waited < 60 )); do sleep 0.5; waited=$((waited + 1)); done
    if kill -0 "$KC_PID" 2>/dev/null; then
        echo "Keycloak did not stop within 30 s; killing it." >&2
        pkill -KILL -P "$KC_PID" 2>/dev/null || true
        kill -KILL "$KC_PID" 2>/dev/null || true
    fi
    wait "$KC_PID" 2>/dev/null || true
    echo "Keycloak stopped."
}
trap stop_all EXIT
# A signal only ends the script; the EXIT trap then stops Keycloak. (Keycloak itself does not see Ctrl-C: a
# background job of a script ignores SIGINT, which is why it is forwarded as SIGTERM.)
trap 'exit 130' INT
trap 'exit 143' TERM HUP

[[ -n $KC_VERSION ]] || die "cannot read <keycloak.version> from $REPO_ROOT/pom.xml"
command -v mvn >/dev/null || die "Maven (mvn) is not on the PATH."
command -v curl >/dev/null || die "curl is not on the PATH (used to wait until Keycloak is ready)."
# Checked first so that a busy port fails in a second, not after the build.
port_busy "$PORT" && die "port $PORT is already in use (another Keycloak? try: lsof -i :$PORT). Stop it and retry."
port_busy "$APP_PORT" && die "port $APP_PORT is already in use (the demo SPA/API needs it; try: lsof -i :$APP_PORT)."
SERVER_JAVA_HOME=$(find_server_java_home)

say "Building the provider bundle and the demo API (mvn -q -pl distribution,demo-api -am package -DskipTests)"
(cd "$REPO_ROOT" && mvn -q -pl distribution,demo-api -am package -DskipTests)
shopt -s nullglob
bundle=("$REPO_ROOT"/distribution/target/providers/*.jar)
shopt -u nullglob
(( ${#bundle[@]} > 0 )) || die "the build produced no jars in distribution/target/providers/"
[[ -f $REPO_ROOT/demo-api/target/demo-api.jar ]] || die "the build produced no demo-api/target/demo-api.jar"

if [[ ! -x $KC_HOME/bin/kc.sh ]]; then
    say "Unpacking Keycloak $KC_VERSION into .demo/ (org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip through Maven)"
    # -N: in the root project only (its pluginManagement pins the plugin), not in every module.
    # overWriteReleases: unpack even if the plugin's marker in target/ says it did so before (.demo/ was deleted).
    (cd "$REPO_ROOT" && mvn -q -N dependency:unpack \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
        -DoutputDirectory="$DEMO_DIR" -Dmdep.overWriteReleases=true)
    [[ -x $KC_HOME/bin/kc.sh ]] || die "unpacking did not produce $KC_HOME/bin/kc.sh"
fi

# Fresh copies on every start, so the server always runs what was just built (start-dev re-augments anyway).
rm -f "$KC_HOME"/providers/tenancy-*.jar
cp "${bundle[@]}" "$KC_HOME/providers/"
# --import-realm reads data/import; a realm that already exists in the database is skipped, so later starts
# keep whatever was changed in the running demo.
mkdir -p "$KC_HOME/data/import"
cp "$REPO_ROOT"/demo/realm/*.json "$KC_HOME/data/import/"

say "Starting Keycloak $KC_VERSION on http://localhost:$PORT (Java: $SERVER_JAVA_HOME; log: .demo/keycloak.log)"
# start-dev keeps its H2 database in $KC_HOME/data/h2, so data survives a restart. The bootstrap admin is only
# created with a new database. JAVA_HOME is set for kc.sh only, so Maven above keeps its own JDK.
JAVA_HOME=$SERVER_JAVA_HOME KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KC_HOME/bin/kc.sh" start-dev --import-realm --http-port="$PORT" >"$LOG" 2>&1 &
KC_PID=$!

# The HTTP port opens before startup ends (503 meanwhile); the realm's discovery document answers 200 only
# when the server is up AND the realm has been imported.
ready_url=http://localhost:$PORT/realms/$REALM/.well-known/openid-configuration
for (( second = 0; ; second++ )); do
    if ! kill -0 "$KC_PID" 2>/dev/null; then
        tail -n 40 "$LOG" >&2
        die "Keycloak exited during startup (last lines of .demo/keycloak.log above)."
    fi
    [[ $(curl -s --noproxy '*' --max-time 5 -o /dev/null -w '%{http_code}' "$ready_url" || true) == 200 ]] && break
    (( second < 300 )) || { tail -n 40 "$LOG" >&2; die "Keycloak was not ready after 300 s."; }
    (( second % 10 == 9 )) && printf '.'
    sleep 1
done

# The SMS setup action of the demo tenant "umbrella": a realm import cannot add one provider's required action
# without listing all of Keycloak's, so it is registered here (once; later starts get 409, which is fine).
admin_token=$(curl -s --noproxy '*' --max-time 10 -d client_id=admin-cli -d username=admin -d password=admin \
    -d grant_type=password "http://localhost:$PORT/realms/master/protocol/openid-connect/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
curl -s --noproxy '*' --max-time 10 -o /dev/null -X POST -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' -d '{"providerId":"tenancy-sms-phone","name":"Set up SMS one-time codes"}' \
    "http://localhost:$PORT/admin/realms/$REALM/authentication/register-required-action" || true

say "Starting the demo SPA and API on http://localhost:$APP_PORT (log: .demo/demo-api.log)"
"$SERVER_JAVA_HOME/bin/java" -jar "$REPO_ROOT/demo-api/target/demo-api.jar" --port="$APP_PORT" \
    --issuer="http://localhost:$PORT/realms/$REALM" --spa="$REPO_ROOT/demo/spa" >"$APP_LOG" 2>&1 &
APP_PID=$!
for (( second = 0; ; second++ )); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 20 "$APP_LOG" >&2; die "the demo API exited during startup."; }
    [[ $(curl -s --noproxy '*' --max-time 5 -o /dev/null -w '%{http_code}' "http://localhost:$APP_PORT/config.json" || true) == 200 ]] && break
    (( second < 60 )) || { tail -n 20 "$APP_LOG" >&2; die "the demo API was not ready after 60 s."; }
    sleep 1
done

cat <<EOF


Keycloak Tenancy demo is ready (Keycloak $KC_VERSION).

  Demo SPA         http://localhost:$APP_PORT/                    cookie mode (refresh token in an HttpOnly cookie)
                   http://localhost:$APP_PORT/?mode=keycloak-js   stock keycloak-js (tokens in memory)
  Demo API         http://localhost:$APP_PORT/api/tenants/{alias}/projects|settings   (bearer token of that tenant)

  Tenant portal    http://localhost:$PORT/realms/$REALM/tenants/portal/   tenant admins and members (alice, bob, ...)
  Admin console    http://localhost:$PORT/admin/                        admin / admin
  Account console  http://localhost:$PORT/realms/$REALM/account

  Realm "$REALM": tenants are organizations; roles come from each tenant's organization groups.
    user   password     tenants (organization group -> roles)
    alice  alice-demo   acme:   admins  -> realm tenant-admin,  tenancy-demo-spa admin
                        globex: members -> realm tenant-member, tenancy-demo-spa member
    bob    bob-demo     acme:   members -> realm tenant-member, tenancy-demo-spa member
    carol  carol-demo   (no tenant)
    dave   dave-demo    initech: members -> realm tenant-member, tenancy-demo-spa member
                        (initech requires a second factor: dave sets up an authenticator app at his first login)
    erin   erin-demo    umbrella: members -> realm tenant-member, tenancy-demo-spa member
                        (umbrella requires a code by SMS: erin enrols a phone number, e.g. +49 151 23456789, at
                        her first login; the codes appear in .demo/demo-api.log, the demo's fake SMS gateway)

  Clients
    tenancy-demo-spa      public; code flow + PKCE S256; redirect http://localhost:<any port>;
                          token claim "tenant" (the active tenant); scope "organization" is optional
                          (alice has two tenants: ask for scope organization:acme or organization:globex)
    tenancy-demo-spa-cookie  public, cookie mode (tenancy.session.cookie-mode); the demo SPA on :$APP_PORT
                          Both SPAs rotate refresh tokens (grace 5 s; a replay ends the login).
    tenancy-demo-service  confidential; client credentials; secret tenancy-demo-service-secret

  Logs: .demo/keycloak.log, .demo/demo-api.log      Stop: Ctrl-C      Reset: stop, then rm -rf .demo/
  The 23 warnings KC-SERVICES0047 "... is implementing the internal SPI ..." in keycloak.log are expected: Keycloak
  logs one per provider of ours, also for the SPIs it documents for extensions (authenticator, protocol-mapper, ...).
EOF

# Keep running until Keycloak or the demo API ends, or a signal arrives (Ctrl-C also ends the sleep at once).
# (A loop, not `wait -n`: that needs bash 4.3, and macOS ships bash 3.2.)
while kill -0 "$KC_PID" 2>/dev/null && kill -0 "$APP_PID" 2>/dev/null; do sleep 1; done
