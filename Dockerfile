# Tandem's image, built from the jar that `./mvnw package` made:
#   ./mvnw -DskipTests package && docker build -t tandem:latest .
# The base image is a build argument (any JRE 17 with bash; CI passes a locally built one).
ARG JRE_IMAGE=eclipse-temurin:17-jre

# 1. Spring Boot's extracted layout: the application jar and its libraries side by side, which
#    starts faster than the nested uber jar and is what a class-data-sharing archive needs.
FROM ${JRE_IMAGE} AS extract
# names the intermediate image Docker's legacy builder keeps: docker image prune --filter label=dev.tandem.stage
LABEL dev.tandem.stage=extract
WORKDIR /build
COPY target/tandem-*.jar tandem.jar
RUN java -Djarmode=tools -jar tandem.jar extract --destination app --application-filename tandem.jar

# 2. The runtime: one training start at build time (src/main/docker/cds-training: Tandem starts on a
#    throwaway H2 database, applies the example platform spec, reads it back, stops) records the
#    classes Tandem loads into a class-data-sharing archive, tandem.jsa, which every later start maps
#    instead of loading and verifying them again.
FROM ${JRE_IMAGE}
WORKDIR /app
COPY --from=extract /build/app/lib lib
COPY --from=extract /build/app/tandem.jar tandem.jar
COPY src/main/docker/cds-training /usr/local/bin/cds-training
COPY config/examples/rhv-ocp.yaml /tmp/rhv-ocp.yaml
RUN cds-training /app /tmp/rhv-ocp.yaml -Dspring.aot.enabled=true -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
      -XX:+UseSerialGC \
    && rm -f /tmp/rhv-ocp.yaml /usr/local/bin/cds-training \
    && mkdir /data && chown 10001:10001 /data

# The embedded H2 database and the generated secrets (master key, admin secret) live in /data;
# with PostgreSQL (SPRING_DATASOURCE_URL...) only the admin.secret a replica generated does.
ENV TANDEM_SECURITY_DATA_DIR=/data
VOLUME /data
USER 10001:10001
EXPOSE 8080

# Ready (HTTP 200 on readiness) only while the database answers. bash's /dev/tcp: no curl needed.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} \
    && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 \
    && head -n 1 <&3 | grep -q " 200 "'

# The JVM sizes its heap from the container's memory limit (docker run -m / mem_limit): half of it,
# leaving the other half to metaspace, code and threads, and starts it at a quarter (the default, 1/64,
# made a 512 MB container collect 27 times during the start, 0.67 s; at a quarter, 7 times, 0.4 s).
# One JIT compiler thread: on two cores a second one competed with the start itself (measured: about
# 0.5 s later ready with two). JAVA_OPTS is added after these options, so it
# can override them (e.g. -Dspring.aot.enabled=false); arguments after the image name go to Tandem
# (another port: -e SERVER_PORT=9090, which the health check reads too). On SIGTERM (docker stop)
# Tandem hands its claimed work back (up to tandem.coordination.shutdown-wait, 20 s), then finishes
# the requests in flight (up to spring.lifecycle.timeout-per-shutdown-phase, 30 s): give it the time
# (docker stop -t 60; compose's stop_grace_period).
ENV JAVA_OPTS=""
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:SharedArchiveFile=/app/tandem.jsa -Dspring.aot.enabled=true \
  -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=50 \
  -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError \
  $JAVA_OPTS -jar /app/tandem.jar \"$@\"", "tandem"]
