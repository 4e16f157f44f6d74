#!/usr/bin/env bash
# Links the static archives of the C and C++ libraries the tutor uses into one folder, which a
# release build of backend-tutor searches before the system's (Package.swift): the linker then
# takes libstdc++, SQLite, cmark-gfm and libedit (with libtinfo, libbsd and libmd, which libedit
# needs) from their archives, and the program loads only the C library, libm and libgcc_s at
# start-up (docs/BENCHMARKS.md, "Start-up").
# A library whose archive is not installed is left out, and is linked from its shared object.
set -euo pipefail
folder=$1; shift
mkdir -p "$folder"
cc=${CC:-cc}
for name in "$@"; do
  archive=$("$cc" -print-file-name="lib$name.a")
  if [ "${archive#/}" != "$archive" ] && [ -f "$archive" ]; then
    ln -sfn "$(realpath "$archive")" "$folder/lib$name.a"
  else
    rm -f "$folder/lib$name.a"
  fi
done
