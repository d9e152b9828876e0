#!/bin/sh
# Regenerates the test stubs: gen.py (../jenkins-api-stubs/gen) over both spec files, minus every file the API stubs
# already hold, so that each upstream type is stubbed once (test stubs depend on the API stubs).
set -eu
cd "$(dirname "$0")/.."
tsv="${1:-../../../shared/tools/stub-check/upstream-signatures.tsv}"
work=$(mktemp -d)
# hudson.scm/jenkins.scm (WorkflowRun is a RunWithSCM) come from the API stubs' extra list, see its README.
cat "$tsv" ../jenkins-api-stubs/gen/scm-signatures.tsv > "$work/all.tsv"
cat ../jenkins-api-stubs/gen/spec.txt ../jenkins-api-stubs/gen/scm-spec.txt gen/spec.txt > "$work/spec.txt"
python3 ../jenkins-api-stubs/gen/gen.py "$work/all.tsv" "$work/spec.txt" "$work/out"
(cd "$work/out" && find . -name '*.java') | while read -r f; do
  if [ -f "../jenkins-api-stubs/src/main/java/$f" ] || [ -f "../jenkins-api-stubs/src/scm/java/$f" ]; then
    rm "$work/out/$f"
  fi
done
find "$work/out" -type d -empty -delete
rm -rf src/main/java
mkdir -p src/main
cp -r "$work/out" src/main/java
rm -rf "$work"
