# obsctl with its bundled stack/ and scenarios/, for `docker compose run obsctl ...`.
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build libboost1.74-dev prometheus-cpp-dev nlohmann-json3-dev \
      libcli11-dev libcurl4-openssl-dev libyaml-cpp-dev libboost-test-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DOBSCTL_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/opt/obsctl \
    && cmake --build build && cmake --install build

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libprometheus-cpp-push1.0 libcurl4 \
      libyaml-cpp0.7 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/obsctl /opt/obsctl
ENV PATH=/opt/obsctl/bin:$PATH
ENTRYPOINT ["obsctl"]
