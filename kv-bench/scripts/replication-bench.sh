#!/usr/bin/env bash
# Replication figures (docs/benchmarks.md, "Replication"): durable SET throughput and latency with
# redis-benchmark against one node and against a three-node Raft group on loopback, and failover time over
# repeated kill -9 of the leader. Needs redis-benchmark and redis-cli (Debian's redis-tools) and the server's
# all-in-one jar (mvn -pl kv-server -am package -DskipTests; KV_JAR=path uses another copy).
#
#   kv-bench/scripts/replication-bench.sh [throughput|failover|catchup|redis|all] [kills (default 20)] [requests (default 50000)]
# throughput: redis-benchmark -t set -c 50 against one node and three nodes (SET/s, p50, p99).
# failover: KILLS times kill -9 of the leader; per kill the time to the new leader's election, to it serving
#   (its own entry applied) and to the first acknowledged SET; then min/median/p90/max.
# catchup: loads KEYS distinct keys (env, default 1000000) of 100 bytes into a three-node group, then adds a
#   fourth node (--raft-join yes, CLUSTER ADD) and times until it holds as many keys as the leader.
# redis: Redis with one replica, SET followed by WAIT 1 0 from 50 connections (SetWaitBench.java), beside the
#   same client against one kvstore node and three (skipped when redis-server is missing).
set -euo pipefail
MODE=${1:-all}
KILLS=${2:-20}
N=${3:-50000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${KV_JAR:-$(ls "$ROOT"/kv-server/target/kvstore-server-*-all.jar | head -1)}
WORK=$(mktemp -d /tmp/kv-repl-bench.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
BASE=${BASE_PORT:-26380}
N4="n4=127.0.0.1:$((BASE+4)):$((BASE+14))"
PEERS="n1=127.0.0.1:$((BASE+1)):$((BASE+11)),n2=127.0.0.1:$((BASE+2)):$((BASE+12)),n3=127.0.0.1:$((BASE+3)):$((BASE+13))"
declare -A PID

start_node() { # i extra...
  local i=$1; shift
  # shellcheck disable=SC2086
  java -Xmx512m ${NODE_JAVA_OPTS:-} -jar "$JAR" "$WORK/d$i" --node "n$i" --peers "$PEERS" "$@" >>"$WORK/n$i.log" 2>&1 &
  PID[$i]=$!; PIDS+=($!)
}
wait_ready() { # port
  for _ in $(seq 1 600); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1
}
leader_port() {
  for i in 1 2 3; do
    if redis-cli -p $((BASE+i)) info replication 2>/dev/null | grep -q role:master; then echo $((BASE+i)); return 0; fi
  done
  return 1
}
wait_following() { # port: until the node's Raft server runs and follows a leader
  for _ in $(seq 1 1200); do
    redis-cli -p "$1" info replication 2>/dev/null | grep -q 'master_link_status:up' && return 0; sleep 0.1
  done; return 1
}
await_leader() {
  for _ in $(seq 1 600); do leader_port && return 0; sleep 0.05; done; return 1
}
stop_all() { for i in 1 2 3; do kill -9 "${PID[$i]}" 2>/dev/null || true; done; sleep 1; rm -rf "$WORK"/d*; }
bench() { # label port
  local out rps lat
  out=$( (redis-benchmark -p "$2" -t set -n "$N" -c 50 -r 1000000 -d 100 2>&1 || true) | tr '\r' '\n')
  rps=$(grep 'throughput summary' <<<"$out" | tail -1 | awk '{print $3}')
  # latency summary (msec): avg min p50 p95 p99 max
  lat=$(grep -A2 'latency summary' <<<"$out" | tail -1 | awk '{print $3 " | " $5}')
  echo "| $1 | $rps | $lat |"
}
ms_of() { # ISO timestamp of a server log line -> epoch ms
  date -d "$1" +%s%3N
}
first_after() { # log pattern t0_ms: epoch ms of the first line matching pattern at or after t0_ms
  local line ts
  while IFS= read -r line; do
    ts=$(ms_of "${line%% *}" 2>/dev/null) || continue
    if (( ts >= $3 )); then echo "$ts"; return 0; fi
  done < <(grep -a "$2" "$1" 2>/dev/null)
  echo ""
}

echo "# $(date -u +%FT%TZ) $(uptime)"
if [[ $MODE == throughput || $MODE == all ]]; then
  echo "| setup (redis-benchmark -t set -c 50 -r 1000000 -d 100 -n $N) | SET/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|"
  java -Xmx512m -jar "$JAR" "$WORK/single" --port $((BASE+9)) >>"$WORK/single.log" 2>&1 &
  SP=$!; PIDS+=($SP); wait_ready $((BASE+9))
  bench "one node, appendfsync always" $((BASE+9))
  kill -9 $SP; sleep 1
  for setup in "no 1" "no 8" "always 1"; do
    read -r fsync inflight <<<"$setup"
    for i in 1 2 3; do NODE_JAVA_OPTS="-Dkvstore.raft.maxInFlight=$inflight" start_node $i --raft-engine-fsync $fsync; done
    for i in 1 2 3; do wait_ready $((BASE+i)); done
    L=$(await_leader)
    a0=$(redis-cli -p "$L" info replication | tr -d '\r' | sed -n 's/kvstore_raft_applied_index://p')
    bench "three nodes, raft log forced, engine fsync $fsync, $inflight group(s) in flight" "$L"
    a1=$(redis-cli -p "$L" info replication | tr -d '\r' | sed -n 's/kvstore_raft_applied_index://p')
    echo "|   (Raft entries for those $N SETs: $((a1 - a0))) | | | |"
    stop_all
  done
fi
if [[ $MODE == failover || $MODE == all ]]; then
  for i in 1 2 3; do start_node $i; done
  for i in 1 2 3; do wait_ready $((BASE+i)); done
  L=$(await_leader); for i in 1 2 3; do [[ $((BASE+i)) == "$L" ]] || wait_following $((BASE+i)); done
  echo "failover: ms from kill -9 of the leader to the first acknowledged SET on the new leader"
  TIMES=(); NEWS=()
  for k in $(seq 1 "$KILLS"); do
    L=$(await_leader); idx=$((L-BASE))
    redis-cli -p "$L" set before "$k" >/dev/null
    t0=$(date +%s%N)
    kill -9 "${PID[$idx]}"
    while true; do
      ok=0
      for i in 1 2 3; do
        [[ $i == "$idx" ]] && continue
        if [[ $(redis-cli -p $((BASE+i)) set after "$k" 2>/dev/null) == OK ]]; then ok=1; break; fi
      done
      [[ $ok == 1 ]] && break
      sleep 0.02
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    t0ms=$((t0 / 1000000))
    breakdown=""
    for i in 1 2 3; do
      [[ $i == "$idx" ]] && continue
      el=$(first_after "$WORK/n$i.log" "raft leader is now n$i (this node)" "$t0ms")
      [[ -z $el ]] && continue
      sv=$(first_after "$WORK/n$i.log" "serving as the raft leader" "$t0ms")
      breakdown="new leader n$i elected at +$((el - t0ms)) ms, serving at +$(( ${sv:-$el} - t0ms )) ms,"
      NEWS+=("$k $((el - t0ms)) $(( ${sv:-$el} - t0ms )) $ms")
    done
    TIMES+=("$ms"); echo "kill $k: n$idx killed; $breakdown first SET acknowledged at +$ms ms"
    start_node "$idx"; wait_ready $((BASE+idx)); wait_following $((BASE+idx)); sleep 1
  done
  stats() { sort -n | awk '{a[NR]=$1} END {printf "min %d, median %d, p90 %d, max %d ms\n", a[1], a[int((NR+1)/2)], a[int(NR*0.9+0.5)], a[NR]}'; }
  echo "failover over ${#TIMES[@]} kills, first acknowledged SET: $(printf '%s\n' "${TIMES[@]}" | stats)"
  echo "  new leader elected (kill to its election): $(printf '%s\n' "${NEWS[@]}" | awk '{print $2}' | stats)"
  echo "  new leader serving (kill to its own entry applied): $(printf '%s\n' "${NEWS[@]}" | awk '{print $3}' | stats)"
  echo "  serving to first acknowledged SET (client polling): $(printf '%s\n' "${NEWS[@]}" | awk '{print $4-$3}' | stats)"
fi
if [[ $MODE == redis || $MODE == all ]]; then
  BENCHSRC="$ROOT/kv-bench/scripts/SetWaitBench.java"
  if ! command -v redis-server >/dev/null; then
    echo "redis: skipped (redis-server not installed: apt-get install -y redis-server redis-tools)"
  else
    echo "| setup (SetWaitBench.java, 50 connections, $N SETs of 100 bytes) | result |"
    echo "|---|---|"
    RP=$((BASE+7)); RR=$((BASE+8))
    mkdir -p "$WORK/redis-p" "$WORK/redis-r"
    redis-server --port $RP --dir "$WORK/redis-p" --save '' --appendonly yes --appendfsync always --daemonize no \
      >"$WORK/redis-p.log" 2>&1 & PIDS+=($!); RPID=$!
    redis-server --port $RR --dir "$WORK/redis-r" --save '' --appendonly yes --appendfsync always --replicaof 127.0.0.1 $RP \
      --daemonize no >"$WORK/redis-r.log" 2>&1 & PIDS+=($!); RRID=$!
    wait_ready $RP; wait_ready $RR
    for _ in $(seq 1 100); do redis-cli -p $RP info replication | grep -q 'connected_slaves:1' && break; sleep 0.1; done
    echo "| Redis primary + 1 replica, appendfsync always on both, SET then WAIT 1 0 | $(java "$BENCHSRC" $RP 50 "$N") |"
    echo "| Redis primary + 1 replica, appendfsync always on both, SET only | $(java "$BENCHSRC" $RP 50 "$N" --no-wait) |"
    kill -9 $RPID $RRID 2>/dev/null || true
    java -Xmx512m -jar "$JAR" "$WORK/single2" --port $((BASE+9)) >>"$WORK/single.log" 2>&1 &
    SP=$!; PIDS+=($SP); wait_ready $((BASE+9))
    echo "| kvstore one node (appendfsync always), SET then WAIT 1 0 | $(java "$BENCHSRC" $((BASE+9)) 50 "$N") |"
    kill -9 $SP; sleep 1
    for i in 1 2 3; do start_node $i; done
    for i in 1 2 3; do wait_ready $((BASE+i)); done
    L=$(await_leader)
    echo "| kvstore three nodes, SET then WAIT 1 0 | $(java "$BENCHSRC" "$L" 50 "$N") |"
    stop_all
  fi
fi
if [[ $MODE == catchup ]]; then
  KEYS=${KEYS:-1000000}
  for i in 1 2 3; do start_node $i; done
  for i in 1 2 3; do wait_ready $((BASE+i)); done
  L=$(await_leader)
  t0=$(date +%s%N)
  # __rand_int__ over a sequence: -r with a counter is not available, so write key:<n> via redis-cli --pipe
  seq 0 $((KEYS-1)) | awk '{printf "*3\r\n$3\r\nSET\r\n$%d\r\nkey:%s\r\n$100\r\n%0100d\r\n", length($1)+4, $1, $1}' \
    | redis-cli -p "$L" --pipe >/dev/null
  echo "loaded $(redis-cli -p "$L" dbsize) keys through the leader in $(( ($(date +%s%N)-t0)/1000000 )) ms"
  java -Xmx1g ${N4_JAVA_OPTS:-} -jar "$JAR" "$WORK/d4" --node n4 --peers "$PEERS,$N4" --raft-join yes >>"$WORK/n4.log" 2>&1 &
  PIDS+=($!); wait_ready $((BASE+4))
  t0=$(date +%s%N)
  redis-cli -p "$L" cluster add "$N4"
  want=$(redis-cli -p "$L" dbsize)
  while true; do
    got=$( (printf 'READONLY\r\nDBSIZE\r\n' | redis-cli -p $((BASE+4)) | tail -1) 2>/dev/null || echo 0)
    [[ "$got" == "$want" ]] && break; sleep 0.2
  done
  echo "catch-up of a new node to $want keys: $(( ($(date +%s%N)-t0)/1000000 )) ms from CLUSTER ADD"
  grep -h "installed raft snapshot\|raft snapshot at" "$WORK"/n*.log || true
fi
