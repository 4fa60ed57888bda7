# The query-side as shipped: the jar of `./ledger build` (run from the repository root, which is the build context) on a
# Java 17 runtime, as an unprivileged user. Configure it with environment variables (see docker/README.md).
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 ledger \
 && useradd --system --uid 10001 --gid ledger --home-dir /app --shell /usr/sbin/nologin ledger \
 && mkdir -p /app /data \
 && chown ledger:ledger /data

WORKDIR /app
COPY query-side/target/query-side-0.1.0-SNAPSHOT.jar /app/query-side.jar

USER ledger
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    LEDGER_DATA_DIR=/data \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-XX:+UseSerialGC -Xmx240m -Xss512k -XX:ReservedCodeCacheSize=64m -Djdk.nio.maxCachedBufferSize=262144 -Dio.netty.allocator.numDirectArenas=1 -XX:+ExitOnOutOfMemoryError -Xmn96m -XX:SurvivorRatio=4 -XX:TargetSurvivorRatio=90 -XX:MaxTenuringThreshold=6"
EXPOSE 8081

# Health from Spring Boot's actuator, read with bash alone: the runtime image needs no HTTP client installed.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]

ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/query-side.jar"]
