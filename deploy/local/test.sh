#!/usr/bin/env bash
# The test command: starts the local infrastructure, then runs `mvn -B verify` from the repo root.
#
#   deploy/local/test.sh [MAVEN_ARGS...]      e.g. deploy/local/test.sh -pl message-service
#
# Exits with Maven's exit code.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

"$HERE/infra.sh" up
cd "$REPO"
exec mvn -B verify "$@"
