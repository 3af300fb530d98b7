#!/usr/bin/env bash
# SPDX-License-Identifier: EPL-2.0
#
# Regenerates the EMF model code in ../src and the EMF.Edit item providers, plugin.properties and
# icons in ../../dev.strata.example.tasks.edit from tasks.genmodel with EMF's own generator
# (org.eclipse.emf.codegen.ecore 2.46.0 from Maven Central), run headless: the same result as
# "Generate Model Code" and "Generate Edit Code" in the genmodel editor. Code below @generated NOT
# is kept (JMerger). Existing MANIFEST.MF, build.properties and plugin.xml are never overwritten.
#
#   bundles/dev.strata.example.tasks/model/generate.sh
#
# Needs: Maven (mvn) on the PATH, JDK 21+ in JAVA_HOME (JDT core is class file 65).
# Generator jars go to codegen/target/lib (git-ignored); delete it to fetch again.
set -euo pipefail

model_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle_dir="$(dirname "$model_dir")"
codegen_dir="$model_dir/codegen"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${java_major:-0}" -lt 21 ]; then
  echo "generate.sh: needs JDK 21+ (found ${java_major:-none} at $java); set JAVA_HOME" >&2
  exit 1
fi

if [ ! -f "$codegen_dir/target/lib/org.eclipse.emf.codegen.ecore-2.46.0.jar" ]; then
  # MAVEN_BASEDIR keeps Maven from picking up the repository's .mvn (Tycho build extension).
  MAVEN_BASEDIR="$codegen_dir" mvn -q -B -f "$codegen_dir/pom.xml" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
fi

"$java" -cp "$codegen_dir/target/lib/*" "$codegen_dir/Generate.java" "$bundle_dir" model/tasks.genmodel model edit

# The generator also writes the localisation file of a generated MANIFEST.MF; the model bundle's is
# hand-written without Bundle-Localization, so the file would only be dead weight. The edit bundle
# keeps its plugin.properties: the item providers read their labels from it.
rm -f "$bundle_dir/plugin.properties"
