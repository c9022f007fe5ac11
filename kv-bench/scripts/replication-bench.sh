#!/usr/bin/env bash
# Replication figures (docs/benchmarks.md, "Replication"): durable SET throughput and latency with
# redis-benchmark against one node and against a three-node Raft group on loopback, and failover time over
# repeated kill -9 of the leader. Needs redis-benchmark and redis-cli (Debian's redis-tools) and the server's
# all-in-one jar (mvn -pl kv-server -am package -DskipTests).
#
#   kv-bench/scripts/replication-bench.sh [throughput|failover|catchup|all] [kills (default 20)] [requests (default 50000)]
# catchup: loads KEYS distinct keys (env, default 1000000) of 100 bytes into a three-node group, then adds a
# fourth node (--raft-join yes, CLUSTER ADD) and times until it holds as many keys as the leader.
set -euo pipefail
MODE=${1:-all}
KILLS=${2:-20}
N=${3:-50000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$(ls "$ROOT"/kv-server/target/kvstore-server-*-all.jar | head -1)
WORK=$(mktemp -d /tmp/kv-repl-bench.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
BASE=${BASE_PORT:-26380}
N4="n4=127.0.0.1:$((BASE+4)):$((BASE+14))"
PEERS="n1=127.0.0.1:$((BASE+1)):$((BASE+11)),n2=127.0.0.1:$((BASE+2)):$((BASE+12)),n3=127.0.0.1:$((BASE+3)):$((BASE+13))"
declare -A PID

start_node() { # i extra...
  local i=$1; shift
  java -Xmx512m -jar "$JAR" "$WORK/d$i" --node "n$i" --peers "$PEERS" "$@" >>"$WORK/n$i.log" 2>&1 &
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
  local out
  out=$( (redis-benchmark -p "$2" -q -t set -n "$N" -c 50 -r 1000000 2>&1 || true) | tr '\r' '\n' \
    | grep 'requests per second' | tail -1 | sed 's/^ *//')
  echo "| $1 | $out |"
}

echo "# $(date -u +%FT%TZ) $(uptime)"
if [[ $MODE == throughput || $MODE == all ]]; then
  echo "| setup | redis-benchmark -t set -c 50 -r 1000000 -n $N |"
  echo "|---|---|"
  java -Xmx512m -jar "$JAR" "$WORK/single" --port $((BASE+9)) >>"$WORK/single.log" 2>&1 &
  SP=$!; PIDS+=($SP); wait_ready $((BASE+9))
  bench "one node, appendfsync always" $((BASE+9))
  kill -9 $SP; sleep 1
  for fsync in no always; do
    for i in 1 2 3; do start_node $i --raft-engine-fsync $fsync; done
    for i in 1 2 3; do wait_ready $((BASE+i)); done
    L=$(await_leader)
    bench "three nodes, raft log fsync + engine fsync $fsync" "$L"
    stop_all
  done
fi
if [[ $MODE == failover || $MODE == all ]]; then
  for i in 1 2 3; do start_node $i; done
  for i in 1 2 3; do wait_ready $((BASE+i)); done
  L=$(await_leader); for i in 1 2 3; do [[ $((BASE+i)) == "$L" ]] || wait_following $((BASE+i)); done
  echo "failover: ms from kill -9 of the leader to the first acknowledged SET on the new leader"
  TIMES=()
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
    TIMES+=("$ms"); echo "kill $k: n$idx killed, new leader serving after $ms ms"
    start_node "$idx"; wait_ready $((BASE+idx)); wait_following $((BASE+idx)); sleep 1
  done
  printf '%s\n' "${TIMES[@]}" | sort -n | awk '{a[NR]=$1} END {printf "failover over %d kills: min %d, median %d, p90 %d, max %d ms\n", NR, a[1], a[int((NR+1)/2)], a[int(NR*0.9+0.5)], a[NR]}'
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
