#!/bin/sh
# Regenerates the stub sources from the pinned signature list, then applies the hand-written overrides
# (the three documented behaviour exceptions) and the static import Extension's default needs.
set -eu
cd "$(dirname "$0")/.."
rm -rf src/main/java
python3 gen/gen.py "${1:-../../../shared/tools/stub-check/upstream-signatures.tsv}" gen/spec.txt src/main/java
sed -i 's/^package hudson;$/package hudson;\n\nimport static jenkins.YesNoMaybe.MAYBE;/' src/main/java/hudson/Extension.java
sed -i 's/^package hudson.init;$/package hudson.init;\n\nimport static hudson.init.TermMilestone.COMPLETED;\nimport static hudson.init.TermMilestone.STARTED;/' src/main/java/hudson/init/Terminator.java
cp -r gen/overrides/. src/main/java/
