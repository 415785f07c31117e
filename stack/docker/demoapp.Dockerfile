# demoapp, built from this repository with Debian 12's packages (as on the CI machines).
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build libboost1.74-dev prometheus-cpp-dev nlohmann-json3-dev \
      libcli11-dev libcurl4-openssl-dev libyaml-cpp-dev libboost-test-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt CMakePresets.json ./
COPY src ./src
COPY stack ./stack
COPY scenarios ./scenarios
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DOBSCTL_TESTS=OFF \
    && cmake --build build --target demoapp

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libprometheus-cpp-core1.0 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/bin/demoapp /usr/local/bin/demoapp
USER nobody
ENV DEMOAPP_LISTEN=0.0.0.0:5002
EXPOSE 5002
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:5002/health || exit 1
ENTRYPOINT ["/usr/local/bin/demoapp"]
