# The bundle as an image, for a catalog (opm) or operator-sdk run bundle, from the checkout's root:
#   docker build -f bundle/bundle.Dockerfile -t <registry>/ipam-operator-bundle:v<version> bundle/
# Generated with the bundle; do not edit.
FROM scratch
LABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1
LABEL operators.operatorframework.io.bundle.manifests.v1=manifests/
LABEL operators.operatorframework.io.bundle.metadata.v1=metadata/
LABEL operators.operatorframework.io.bundle.package.v1=ipam-operator
LABEL operators.operatorframework.io.bundle.channels.v1=candidate
LABEL operators.operatorframework.io.bundle.channel.default.v1=candidate
COPY manifests /manifests/
COPY metadata /metadata/
