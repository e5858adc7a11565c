#!/bin/sh
# entrypoint.sh: runs one exo-bridge job, the image's entry point (docs/scheduling.md).
#
# It runs the job's PowerShell script once with `exo-bridge run --file`, connected to Exchange
# Online, and exits with exo-bridge's exit code (the table in docs/troubleshooting.md): NDJSON on
# stdout (one object a line, streamed), records and errors on stderr (one JSON object a line
# unless EXOBRIDGE_JOB_ERRORS_AS_JSON=false). Its own arguments are passed on after the job's
# options: `--fail-on-error`, `-- ARG...` for the script's $args, and so on.
#
# The connection, first that applies:
#   - JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): the profile named on that line of
#     the tenants list (0 is the first name; blank lines and # comments do not count);
#   - EXOBRIDGE_JOB_PROFILE: that profile of the profiles file;
#   - EXOBRIDGE_JOB_ORGANIZATION with EXOBRIDGE_JOB_APP_ID and EXOBRIDGE_JOB_CERTIFICATE_FILE
#     (password in EXOBRIDGE_JOB_CERTIFICATE_PASSWORD_FILE), or with
#     EXOBRIDGE_JOB_MANAGED_IDENTITY=true (EXOBRIDGE_JOB_MANAGED_IDENTITY_ID for a user-assigned
#     one), or with EXOBRIDGE_JOB_ACCESS_TOKEN_FILE.
# Secrets come only as mounted files: a secret's value in the environment is refused.
#
# Environment, with the image's defaults:
#   EXOBRIDGE_JOB_SCRIPT            the script            /etc/exo-bridge/job/job.ps1
#   EXOBRIDGE_JOB_PROFILES          the profiles file     /etc/exo-bridge/profiles/profiles.json
#   EXOBRIDGE_JOB_TENANTS           the tenants list      /etc/exo-bridge/tenants/tenants
#   EXOBRIDGE_JOB_TIMEOUT           run's --timeout       (none)
#   EXOBRIDGE_JOB_ERRORS_AS_JSON    true or false         true
#   EXOBRIDGE_JOB_SIMULATOR_STATE   run against the offline simulator with this state file (tests)
#   EXOBRIDGE_LAUNCHER              the exo-bridge command /opt/exo-bridge/bin/exo-bridge
#   EXOBRIDGE_JAR, EXOBRIDGE_PWSH, EXOBRIDGE_JAVA_OPTS, JAVA_HOME: read by the launcher and the CLI
#   HOME, TMPDIR                    must be writable (pwsh, the module and PSResourceGet write there)
#
# Exit codes of its own, before exo-bridge starts: 2 the job's settings are wrong (the message
# names the variable), 3 HOME or the temporary folder is not writable.
set -eu

errors_as_json=${EXOBRIDGE_JOB_ERRORS_AS_JSON:-true}

# One line on stderr, in the shape exo-bridge itself writes: JSON with --errors-as-json.
json_text() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g'
}
note() {
  if [ "$errors_as_json" = true ]; then
    printf '{"stream": "information", "message": "exo-bridge-job: %s"}\n' "$(json_text "$1")" >&2
  else
    printf 'exo-bridge-job: %s\n' "$1" >&2
  fi
}
fail() { # code name message
  if [ "$errors_as_json" = true ]; then
    printf '{"message": "exo-bridge-job: %s", "fullyQualifiedErrorId": "ExoBridge.%s", "exitCode": %s}\n' \
      "$(json_text "$3")" "$2" "$1" >&2
  else
    printf 'exo-bridge-job: %s\n' "$3" >&2
  fi
  exit "$1"
}
usage() { fail 2 USAGE "$*"; }

trim() {
  s=$1
  s=${s#"${s%%[![:space:]]*}"}
  s=${s%"${s##*[![:space:]]}"}
  printf '%s' "$s"
}

case $errors_as_json in
  true | false) ;;
  *) errors_as_json=true; usage "EXOBRIDGE_JOB_ERRORS_AS_JSON='${EXOBRIDGE_JOB_ERRORS_AS_JSON}' must be true or false" ;;
esac

launcher=${EXOBRIDGE_LAUNCHER:-/opt/exo-bridge/bin/exo-bridge}
script=${EXOBRIDGE_JOB_SCRIPT:-/etc/exo-bridge/job/job.ps1}
profiles=${EXOBRIDGE_JOB_PROFILES:-/etc/exo-bridge/profiles/profiles.json}
tenants=${EXOBRIDGE_JOB_TENANTS:-/etc/exo-bridge/tenants/tenants}

# Secrets only as files: a value in the environment shows in `kubectl describe` and in every
# child's environment.
for name in EXOBRIDGE_CERTIFICATE_PASSWORD EXOBRIDGE_ACCESS_TOKEN EXOBRIDGE_PASSWORD; do
  if eval "[ -n \"\${$name+set}\" ]"; then
    usage "$name is set: secrets come only as mounted files; mount it and set ${name}_FILE (or name the file in the profile) instead"
  fi
done

# The places pwsh, the ExchangeOnlineManagement module and PSResourceGet write to. With a
# read-only root file system they must be volumes of their own (emptyDir).
[ -n "${HOME:-}" ] || fail 3 PREREQUISITE_MISSING "HOME is not set; give the job a writable HOME (an emptyDir volume)"
tmp=${TMPDIR:-/tmp}
for dir in "$HOME" "$tmp"; do
  if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
    fail 3 PREREQUISITE_MISSING "$dir (HOME or TMPDIR) is not a writable folder for user $(id -u); with a read-only root file system mount an emptyDir volume there"
  fi
done
TMPDIR=$tmp
export HOME TMPDIR

if [ ! -f "$script" ] || [ ! -r "$script" ]; then
  usage "EXOBRIDGE_JOB_SCRIPT=$script: no readable file there; mount the job's script at that path or set EXOBRIDGE_JOB_SCRIPT"
fi

# The connection, as variables: pick_connection runs in this shell, so its usage errors exit.
pick_connection() {
  profile="" organization="" managed_identity=false
  if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
    [ -z "${EXOBRIDGE_JOB_PROFILE:-}" ] \
      || usage "both JOB_COMPLETION_INDEX ($JOB_COMPLETION_INDEX) and EXOBRIDGE_JOB_PROFILE ($EXOBRIDGE_JOB_PROFILE) are set: an Indexed Job takes its profile from the tenants list"
    case $JOB_COMPLETION_INDEX in
      *[!0-9]*) usage "JOB_COMPLETION_INDEX='$JOB_COMPLETION_INDEX' is not a number" ;;
    esac
    if [ ! -f "$tenants" ] || [ ! -r "$tenants" ]; then
      usage "EXOBRIDGE_JOB_TENANTS=$tenants: no readable tenants list there (one profile name a line); mount it or set EXOBRIDGE_JOB_TENANTS"
    fi
    count=0
    while IFS= read -r line || [ -n "$line" ]; do
      name=$(trim "${line%%#*}")
      [ -n "$name" ] || continue
      if [ "$count" -eq "$JOB_COMPLETION_INDEX" ]; then profile=$name; fi
      count=$((count + 1))
    done <"$tenants"
    [ -n "$profile" ] \
      || usage "JOB_COMPLETION_INDEX=$JOB_COMPLETION_INDEX but the tenants list $tenants names $count tenants (indexes 0 to $((count - 1))); make the Job's completions match the list"
    note "tenant $((JOB_COMPLETION_INDEX + 1)) of $count: profile $profile"
  elif [ -n "${EXOBRIDGE_JOB_PROFILE:-}" ]; then
    profile=$EXOBRIDGE_JOB_PROFILE
  elif [ -n "${EXOBRIDGE_JOB_ORGANIZATION:-}" ]; then
    organization=$EXOBRIDGE_JOB_ORGANIZATION
    if [ -n "${EXOBRIDGE_JOB_CERTIFICATE_FILE:-}" ]; then
      [ -n "${EXOBRIDGE_JOB_APP_ID:-}" ] \
        || usage "EXOBRIDGE_JOB_CERTIFICATE_FILE is set without EXOBRIDGE_JOB_APP_ID (the app's client id)"
    elif [ "${EXOBRIDGE_JOB_MANAGED_IDENTITY:-false}" = true ]; then
      managed_identity=true
    elif [ -z "${EXOBRIDGE_JOB_ACCESS_TOKEN_FILE:-}" ]; then
      usage "EXOBRIDGE_JOB_ORGANIZATION is set but no way to sign in: set EXOBRIDGE_JOB_APP_ID with EXOBRIDGE_JOB_CERTIFICATE_FILE, EXOBRIDGE_JOB_MANAGED_IDENTITY=true, or EXOBRIDGE_JOB_ACCESS_TOKEN_FILE"
    fi
  else
    usage "no connection: set EXOBRIDGE_JOB_PROFILE (a profile of $profiles), run as an Indexed Job with a tenants list, or set EXOBRIDGE_JOB_ORGANIZATION and a way to sign in"
  fi
}
pick_connection

# The command, built back to front in the positional parameters so that every value stays one
# word and this script's own arguments ("$@") come last.
if [ -n "${EXOBRIDGE_JOB_TIMEOUT:-}" ]; then set -- --timeout "$EXOBRIDGE_JOB_TIMEOUT" "$@"; fi
if [ -n "$profile" ]; then
  set -- --profile "$profile" --profiles "$profiles" "$@"
elif [ -n "${EXOBRIDGE_JOB_CERTIFICATE_FILE:-}" ]; then
  if [ -n "${EXOBRIDGE_JOB_CERTIFICATE_PASSWORD_FILE:-}" ]; then
    set -- --certificate-password-file "$EXOBRIDGE_JOB_CERTIFICATE_PASSWORD_FILE" "$@"
  fi
  set -- --organization "$organization" --app-id "$EXOBRIDGE_JOB_APP_ID" \
    --certificate-file "$EXOBRIDGE_JOB_CERTIFICATE_FILE" "$@"
elif [ "$managed_identity" = true ]; then
  if [ -n "${EXOBRIDGE_JOB_MANAGED_IDENTITY_ID:-}" ]; then
    set -- --managed-identity-id "$EXOBRIDGE_JOB_MANAGED_IDENTITY_ID" "$@"
  fi
  set -- --organization "$organization" --managed-identity "$@"
else
  set -- --organization "$organization" --access-token-file "$EXOBRIDGE_JOB_ACCESS_TOKEN_FILE" "$@"
fi
if [ -n "${EXOBRIDGE_JOB_SIMULATOR_STATE:-}" ]; then
  set -- --simulator --simulator-state "$EXOBRIDGE_JOB_SIMULATOR_STATE" "$@"
fi
if [ "$errors_as_json" = true ]; then set -- --errors-as-json "$@"; fi
set -- run --format ndjson --file "$script" "$@"

[ -x "$launcher" ] || fail 3 PREREQUISITE_MISSING "EXOBRIDGE_LAUNCHER=$launcher is not an executable; the image has it at /opt/exo-bridge/bin/exo-bridge"
# exec: the launcher (then Java) is this container's process 1, so Kubernetes' SIGTERM reaches
# exo-bridge, which stops the call and exits 143.
exec "$launcher" "$@"
