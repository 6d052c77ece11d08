#!/usr/bin/env bash
# Builds the console's container image with the .NET SDK alone (no Docker daemon): a tarball that `docker load`
# (or `podman load`) takes, for deploy/compose.yaml. The SDK fetches the base image (mcr.microsoft.com/dotnet/aspnet)
# from the registry, so this needs network access to it.
#
#   scripts/container.sh [OUT]   # default out/blazores-image.tar.gz; then: docker load -i out/blazores-image.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-out/blazores-image.tar.gz}
mkdir -p "$(dirname "$OUT")"
dotnet publish App -c Release --os linux --arch x64 /t:PublishContainer \
  -p:ContainerRepository=blazores -p:ContainerImageTag=latest \
  -p:ContainerArchiveOutputPath="$(realpath -m "$OUT")"
echo "image: $OUT (docker load -i $OUT; then docker compose -f deploy/compose.yaml up)"
