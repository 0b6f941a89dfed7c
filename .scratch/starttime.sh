#!/usr/bin/env bash
PORT=${PORT:-3917}
start=$(date +%s%N)
PORT=$PORT setsid "$@" >/tmp/starttime.log 2>&1 &
pid=$!
until curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/login 2>/dev/null | grep -q 200; do sleep 0.02; done
end=$(date +%s%N)
echo "$(( (end-start)/1000000 )) ms"
kill -TERM -- -$pid; while pgrep -g $pid >/dev/null; do sleep 0.05; done
