#!/bin/bash
# Jibri runs this after each recording with one argument: the directory holding the finished file(s).
# Placeholder: it only logs what was recorded; handing recordings to the portal comes in a later issue.
# Mounted read-only into the jibri container at /opt/portal/finalize.sh (docker/compose.yml).
set -euo pipefail

dir="${1:?usage: finalize.sh <recording directory>}"
echo "finalize.sh: recording finished in ${dir}"
ls -l -- "${dir}"
