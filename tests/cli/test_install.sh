#!/bin/sh
# Installs the build into a temporary prefix and checks that what is installed serves its
# users: the binaries run, and a C program compiles and links against libdalil through
# the installed pkg-config file, exporting nothing but the public API.
set -eu
build_dir=$1 example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
prefix=$work/prefix
libdir=$(find "$prefix" -name 'libdalil.so' -printf '%h\n' | head -n 1)
test -n "$libdir" || { echo "FAIL: libdalil.so not installed"; exit 1; }
for f in "$prefix/bin/dalil-index" "$prefix/bin/dalil-query" "$prefix/include/dalil.h" \
         "$libdir/pkgconfig/dalil.pc"; do
    test -e "$f" || { echo "FAIL: $f not installed"; exit 1; }
done
"$prefix/bin/dalil-query" --version | grep -q '^dalil-query '

export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
cc -Wall -Werror -o "$work/example" "$example" $(pkg-config --cflags --libs dalil)
out=$(LD_LIBRARY_PATH="$libdir" "$work/example" "$work/index")
test "$out" = "1 Tripoli" || { echo "FAIL: example printed '$out'"; exit 1; }

# Internal symbols (_dalil_*) stay inside the library.
leaked=$(nm -D --defined-only "$libdir/libdalil.so" | awk '{print $3}' | grep -v '^dalil_' | grep -v '^DALIL_' || true)
test -z "$leaked" || { echo "FAIL: libdalil.so exports non-API symbols:"; echo "$leaked"; exit 1; }
echo "install: ok"
