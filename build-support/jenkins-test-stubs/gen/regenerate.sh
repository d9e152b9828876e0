#!/bin/sh
# Regenerates the test stubs: gen.py (../jenkins-api-stubs/gen) over both spec files, minus every file the API stubs
# already hold, so that each upstream type is stubbed once (test stubs depend on the API stubs).
set -eu
cd "$(dirname "$0")/.."
tsv="${1:-../../../shared/tools/stub-check/upstream-signatures.tsv}"
work=$(mktemp -d)
cat ../jenkins-api-stubs/gen/spec.txt gen/spec.txt > "$work/spec.txt"
python3 ../jenkins-api-stubs/gen/gen.py "$tsv" "$work/spec.txt" "$work/out"
(cd "$work/out" && find . -name '*.java') | while read -r f; do
  [ -f "../jenkins-api-stubs/src/main/java/$f" ] && rm "$work/out/$f"
done
find "$work/out" -type d -empty -delete
rm -rf src/main/java
mkdir -p src/main
cp -r "$work/out" src/main/java
rm -rf "$work"
