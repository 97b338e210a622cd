package webchat.local.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the local gateway listens and which API Gateway limits it enforces. Start from {@link #defaults()} and change
 * what differs with the {@code with...} methods.
 *
 * @param bindAddress     the address both ports bind to
 * @param port            the WebSocket, @connections and web port; 0 picks a free one
 * @param tlsPort         the https @connections port; 0 picks a free one; ignored when {@code tls} is null
 * @param region          the region the API pretends to live in
 * @param webRoot         the browser client's folder served at {@code /}, or null
 * @param tls             the certificate for the https port, or null for no https port
 * @param managementDelay added to every @connections call (benchmarks use it to imitate AWS's latency)
 * @param clock           the time events and the management API report
 * @param ids             connection, request and message ids
 * @param console         receives one line per connect, message and disconnect
 */
public record GatewayConfig(
        String bindAddress,
        int port,
        int tlsPort,
        String region,
        Path webRoot,
        LocalTls tls,
        Limits limits,
        Duration managementDelay,
        Clock clock,
        IdGenerator ids,
        Consumer<String> console) {

    public GatewayConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(managementDelay, "managementDelay");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(console, "console");
    }

    /**
     * API Gateway's WebSocket quotas.
     *
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html">API Gateway quotas</a>
     */
    public record Limits(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration maxConnectionDuration) {

        /** 32 KB frames, 128 KB messages, 10 minutes idle, 2 hours per connection. */
        public static Limits aws() {
            return new Limits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));
        }
    }

    /** Loopback, any free ports, us-east-1, no web client, no https, AWS limits, no delay, system clock, stdout. */
    public static GatewayConfig defaults() {
        return new GatewayConfig("127.0.0.1", 0, 0, "us-east-1", null, null, Limits.aws(), Duration.ZERO,
                Clock.systemUTC(), IdGenerator.random(), System.out::println);
    }

    public GatewayConfig withBindAddress(String value) {
        return new GatewayConfig(value, port, tlsPort, region, webRoot, tls, limits, managementDelay, clock, ids, console);
    }

    public GatewayConfig withPort(int value) {
        return new GatewayConfig(bindAddress, value, tlsPort, region, webRoot, tls, limits, managementDelay, clock, ids, console);
    }

    public GatewayConfig withTlsPort(int value) {
        return new GatewayConfig(bindAddress, port, value, region, webRoot, tls, limits, managementDelay, clock, ids, console);
    }

    public GatewayConfig withRegion(String value) {
        return new GatewayConfig(bindAddress, port, tlsPort, value, webRoot, tls, limits, managementDelay, clock, ids, console);
    }

    public GatewayConfig withWebRoot(Path value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, value, tls, limits, managementDelay, clock, ids, console);
    }

    public GatewayConfig withTls(LocalTls value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, webRoot, value, limits, managementDelay, clock, ids, console);
    }

    public GatewayConfig withLimits(Limits value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, webRoot, tls, value, managementDelay, clock, ids, console);
    }

    public GatewayConfig withManagementDelay(Duration value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, webRoot, tls, limits, value, clock, ids, console);
    }

    public GatewayConfig withClock(Clock value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, webRoot, tls, limits, managementDelay, value, ids, console);
    }

    public GatewayConfig withIds(IdGenerator value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, webRoot, tls, limits, managementDelay, clock, value, console);
    }

    public GatewayConfig withConsole(Consumer<String> value) {
        return new GatewayConfig(bindAddress, port, tlsPort, region, webRoot, tls, limits, managementDelay, clock, ids, value);
    }
}
