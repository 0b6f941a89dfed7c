#!/usr/bin/env bash
# Lighthouse (desktop preset) on the login page, the board and a case page, against a fresh
# server with the demo cases. Needs Debian's chromium and network access to the npm registry for
# `npx lighthouse` (not a dependency of the project).
#   bash bench/lighthouse.sh [PORT]     → one line of scores per page, then the audits not passed
set -euo pipefail
PORT=${1:-3500}
BASE=http://127.0.0.1:$PORT
DATA=$(mktemp -d)
OUT=$(mktemp -d)
LOG=$OUT/server.log
PORT=$PORT DATABASE_URL=pglite:$DATA node --import tsx server/boot/main.ts >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 60); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.5; done
TOKEN=$(grep -Eo 'manager +Demo Manager +cf_[A-Za-z0-9_-]+' "$LOG" | awk '{print $NF}')
JAR=$OUT/jar
CSRF=$(curl -s -c "$JAR" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_csrf=$CSRF" --data-urlencode "token=$TOKEN" --data-urlencode "next=/" "$BASE/login"
COOKIE=$(awk '$6=="cf_session"{print $6"="$7}' "$JAR")
CASE=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/cases?type=work-order&state=sign" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).items[0].id))")
run() {
  local name=$1 url=$2
  # Once to warm the server's caches, once to measure.
  for pass in warm measure; do
    npx -y lighthouse@13.5.0 "$url" --preset=desktop --chrome-path=/usr/bin/chromium \
      --chrome-flags="--headless --no-sandbox --disable-gpu" --extra-headers="{\"Cookie\":\"$COOKIE\"}" \
      --output=json --output-path="$OUT/$name.json" --quiet >/dev/null 2>&1
  done
  node -e "
    const r = require('$OUT/$name.json');
    const c = r.categories;
    console.log('$name'.padEnd(6), 'performance', c.performance.score * 100, '| accessibility', c.accessibility.score * 100, '| best practices', c['best-practices'].score * 100);
    for (const a of Object.values(r.audits))
      if (a.score !== null && a.score < 1 && !['informative', 'manual', 'notApplicable'].includes(a.scoreDisplayMode)) console.log('       not passed:', a.id, a.displayValue || '');
  "
}
run login "$BASE/login"
run board "$BASE/board"
run case "$BASE/cases/$CASE"
