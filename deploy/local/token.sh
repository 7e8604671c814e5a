#!/usr/bin/env bash
# Prints a DEV-ONLY RS256 JWT signed with deploy/local/dev-keys/private.pem (bash + openssl only).
#
#   deploy/local/token.sh USER_ID [DISPLAY_NAME] [TTL_SECONDS]
#
# Claims: iss ($JWT_ISSUER, default https://chat.local/dev), sub = upn = USER_ID,
# name = DISPLAY_NAME (default USER_ID), iat, exp = now + TTL (default 86400), jti, groups ["user"].
# Key folder: $DEV_KEYS_DIR (default deploy/local/dev-keys).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEV_KEYS_DIR="${DEV_KEYS_DIR:-$HERE/dev-keys}"
JWT_ISSUER="${JWT_ISSUER:-https://chat.local/dev}"

if [[ $# -lt 1 || -z "$1" ]]; then
  echo "usage: $0 USER_ID [DISPLAY_NAME] [TTL_SECONDS]" >&2
  exit 2
fi
user_id=$1
display_name=${2:-$1}
ttl=${3:-86400}
[[ "$ttl" =~ ^[0-9]+$ ]] || { echo "TTL_SECONDS must be a number: $ttl" >&2; exit 2; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# JSON string literal (escapes backslash, quote and control characters).
json_str() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      "\\") out+="\\\\" ;;
      '"') out+="\\\"" ;;
      [[:cntrl:]]) out+=$(printf '\\u%04x' "'$c") ;;
      *) out+=$c ;;
    esac
  done
  printf '"%s"' "$out"
}

now=$(date +%s)
header='{"alg":"RS256","typ":"JWT"}'
payload=$(printf '{"iss":%s,"sub":%s,"upn":%s,"name":%s,"iat":%d,"exp":%d,"jti":"%s","groups":["user"]}' \
  "$(json_str "$JWT_ISSUER")" "$(json_str "$user_id")" "$(json_str "$user_id")" \
  "$(json_str "$display_name")" "$now" "$((now + ttl))" "$(openssl rand -hex 16)")

signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$DEV_KEYS_DIR/private.pem" -binary | b64url)
printf '%s.%s\n' "$signing_input" "$signature"
