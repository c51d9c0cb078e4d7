#!/usr/bin/env bash
# Checks deploy/prometheus with the real promtool: the scrape config, the alert rules, and the rules'
# unit tests (alerts.test.yml). promtool is built once from the Go module proxy (about 10 minutes on
# a 2-core machine, mostly downloading modules) and kept in the stack cache dir, so later runs start
# at once. PROMTOOL=/path/to/promtool uses an installed one instead.
set -euo pipefail
cd "$(dirname "$0")/prometheus"

version=v0.316.0 # the Go module version of Prometheus 3.x (github.com/prometheus/prometheus)
cache="${STACK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kayak-supergraph}/promtool-$version"
promtool="${PROMTOOL:-$cache/bin/promtool}"

if [ ! -x "$promtool" ]; then
  command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
  echo "building promtool $version into $cache (once)"
  started=$(date +%s)
  # go install writes the binary only once the build succeeded: no half-built tool is ever cached.
  GOBIN="$cache/bin" GOFLAGS=-buildvcs=false go install "github.com/prometheus/prometheus/cmd/promtool@$version"
  echo "built promtool in $(($(date +%s) - started)) s"
fi

"$promtool" check config prometheus.yml
"$promtool" check rules alerts.yml
"$promtool" test rules alerts.test.yml

# The Grafana dashboard's queries, as recording rules (JSON is YAML), so promtool parses their PromQL
# too; Grafana's variables get values first.
dashboard_rules="$(mktemp --suffix=.yml)"
trap 'rm -f "$dashboard_rules"' EXIT
node -e '
  const dashboard = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const variables = { "$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h", "$service": ".*" };
  const exprs = dashboard.panels.flatMap((panel) => (panel.targets || []).map((target) => target.expr));
  const rules = exprs.map((expr, index) => ({ record: `dashboard:query_${index}`, expr: Object.entries(variables).reduce((text, [name, value]) => text.split(name).join(value), expr) }));
  process.stdout.write(JSON.stringify({ groups: [{ name: "dashboard", rules }] }));
' ../grafana/kayak-dashboard.json >"$dashboard_rules"
echo "Checking the queries of deploy/grafana/kayak-dashboard.json"
"$promtool" check rules "$dashboard_rules"
