# The mlgate CLI image (ghcr.io/mlgate/mlgate): for Kubernetes jobs (the Argo Rollouts
# AnalysisTemplate in examples/pipeline/deploy) and any CI without a Rust toolchain.
#   docker build -t mlgate --build-arg MLGATE_COMMIT="$(git log -1 --abbrev=9 --format='%h %cs')" .
#   docker run --rm -v "$PWD:/work" mlgate check -c mlgate.yaml
# Two stages: the build stage has the toolchain; the runtime stage only the binary, git (for
# `{git: REF, path: P}` baselines) and CA certificates (for Prometheus over HTTPS), run as a
# non-root user.
FROM rust:1.95-slim-bookworm AS build
# The commit `mlgate --version` names (.git is not copied into the image).
ARG MLGATE_COMMIT=""
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin mlgate

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home --shell /usr/sbin/nologin mlgate \
 && git config --system --add safe.directory '*'
COPY --from=build /src/target/release/mlgate /usr/local/bin/mlgate
USER 10001
WORKDIR /work
ENTRYPOINT ["mlgate"]
CMD ["--help"]
