package io.todoplatform.testkit.postgres;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.Polling;
import io.todoplatform.testkit.process.ProcessOptions;
import io.todoplatform.testkit.process.ProcessStarter;
import io.todoplatform.testkit.process.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away PostgreSQL 15 cluster (Debian's server binaries) in a temp dir, listening on a free
 * 127.0.0.1 port, with one database and one login role for the code under test.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root (CI) every server command runs as
 * the {@code postgres} OS user through {@code runuser}. TCP logins need a SCRAM password; the superuser
 * is only reachable through the cluster's private Unix socket (used here for set-up).
 *
 * <p>{@link #builder()} also makes a cluster that outlives its process (the local platform's): in a directory of
 * its own, created once, reopened by every later start with the same role and password, written durably, kept by
 * {@link #close()}.
 */
public final class PostgresServer implements AutoCloseable {

    /** Debian's PostgreSQL 15 server; .ci/run (hack/ci-services.sh) installs it when missing. */
    public static final Path BIN_DIR = Paths.get(System.getenv().getOrDefault("TODO_PG_BIN_DIR", "/usr/lib/postgresql/15/bin"));
    private static final String OS_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Written once the cluster, its role and its database exist: a directory without it is an interrupted set-up. */
    private static final String INITIALISED_MARKER = "initialised";

    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final boolean persistent;
    private final ProcessStarter starter;
    private ManagedProcess process;

    private PostgresServer(Builder builder) {
        this.persistent = builder.dir != null;
        this.workDir = persistent ? builder.dir : TempDirs.create("todo-e2e-pg");
        this.dataDir = workDir.resolve("data");
        this.database = builder.database;
        this.user = builder.user;
        this.port = builder.port > 0 ? builder.port : FreePorts.next();
        this.password = builder.password != null ? builder.password : Polling.randomSecret();
        this.logFile = builder.logFileOr(
                Environment.outputDir().resolve("postgres-" + workDir.getFileName() + ".log"));
        this.starter = builder.starter();
    }

    /** Starts a fresh cluster with database {@code todo} owned by login role {@code todo}. */
    public static PostgresServer start() {
        return start("todo", "todo");
    }

    public static PostgresServer start(String database, String user) {
        return builder().database(database, user).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fails with the install command unless Debian's PostgreSQL 15 server binaries are there. */
    public static void requireInstalled() {
        Path postgres = BIN_DIR.resolve("postgres");
        if (!Files.isExecutable(postgres)) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (" + postgres + " is missing); install it with:"
                    + " bash -c 'source hack/ci-services.sh && ensure_postgresql'   (i.e. apt-get install -y postgresql)");
        }
    }

    private PostgresServer launch() {
        boolean reopen = persistent && Files.exists(workDir.resolve(INITIALISED_MARKER));
        if (!reopen) {
            TempDirs.deleteRecursively(dataDir);
            initCluster();
        }
        startProcess();
        if (reopen) {
            // The caller's password is the truth (e.g. a regenerated secrets file): the role follows it.
            psql("ALTER ROLE \"" + user + "\" PASSWORD '" + password + "'");
        } else {
            createDatabase();
            markInitialised();
        }
        return this;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * The connection string for Dapr's state.postgresql component (pgx keyword/value form): the value of
     * its {@code connectionString} metadata, normally read from a secret.
     */
    public String daprConnectionString() {
        return "host=127.0.0.1 port=" + port + " user=" + user + " password=" + password + " dbname=" + database
                + " sslmode=disable";
    }

    /** A JDBC connection as the database's login role. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the server (fast shutdown: open connections are cut, as in an outage); {@link #restart} brings it back. */
    public void stop() {
        if (process != null) {
            try {
                ManagedProcess.runToCompletion("pg_ctl stop", asPostgresUser(List.of(
                        BIN_DIR.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast", "-w")),
                        workDir.resolve("stop.log"), Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                // Falls through to killing the process tree.
            }
            process.stop(Duration.ofSeconds(10));
            process = null;
        }
    }

    /** Starts the stopped server again on the same port and data. */
    public void restart() {
        if (process == null) {
            startProcess();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            // Fast shutdown: a SIGTERM ("smart" shutdown) would wait for daprd's pooled connections.
            try {
                ManagedProcess.runToCompletion("pg_ctl stop", asPostgresUser(List.of(
                        BIN_DIR.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast", "-w")),
                        workDir.resolve("stop.log"), Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                // Falls through to killing the process tree below.
            }
            process.stop(Duration.ofSeconds(10));
            process = null;
        }
        if (!persistent) {
            TempDirs.deleteRecursively(workDir);
        }
    }

    private void markInitialised() {
        if (persistent) {
            try {
                Files.writeString(workDir.resolve(INITIALISED_MARKER), database + " " + user + System.lineSeparator());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + workDir.resolve(INITIALISED_MARKER), e);
            }
        }
    }

    private void initCluster() {
        TempDirs.createDirectories(workDir);
        chownToPostgres(workDir);
        ManagedProcess.runToCompletion("initdb", asPostgresUser(List.of(
                BIN_DIR.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale")),
                workDir.resolve("initdb.log"), Duration.ofSeconds(120));
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of(
                BIN_DIR.resolve("postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + workDir,
                "-c", "max_connections=100"));
        if (!persistent) {
            // Durability settings off: the cluster lives for one test run, speed matters more.
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        process = starter.start("postgres", asPostgresUser(command), logFile, java.util.Map.of(), null);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            if (Files.exists(workDir.resolve(".s.PGSQL." + port))) {
                try {
                    psql("SELECT 1");
                    return;
                } catch (IllegalStateException notYet) {
                    // still starting up
                }
            }
            Polling.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("PostgreSQL did not start within " + START_TIMEOUT + " (log: " + logFile + ")");
    }

    private void createDatabase() {
        psql("CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + password + "'");
        psql("CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\"");
    }

    private void psql(String sql) {
        ManagedProcess.runToCompletion("psql", asPostgresUser(List.of(
                BIN_DIR.resolve("psql").toString(), "-h", workDir.toString(), "-p", Integer.toString(port),
                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql)),
                workDir.resolve("psql.log"), Duration.ofSeconds(30), List.of(password));
    }

    private static List<String> asPostgresUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of(runuser(), "-u", OS_USER, "--"));
        }
        full.addAll(command);
        return full;
    }

    /** util-linux's runuser lives in /usr/sbin, which a non-login root shell may not have on PATH. */
    private static String runuser() {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        return "runuser";
    }

    private static void chownToPostgres(Path dir) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, lookup.lookupPrincipalByName(OS_USER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + dir + " to the " + OS_USER + " OS user", e);
        }
    }

    /** Options of a server; {@link #start()} starts it. Every default is what {@link PostgresServer#start()} uses. */
    public static final class Builder extends ProcessOptions<Builder> {
        private String database = "todo";
        private String user = "todo";
        private Path dir;
        private int port;
        private String password;

        private Builder() {
        }

        /** The database and its owner, the login role (default todo/todo). */
        public Builder database(String database, String user) {
            this.database = database;
            this.user = user;
            return this;
        }

        /**
         * A directory that outlives the server: the cluster is created there on the first start and reopened by
         * the later ones, written durably (fsync on), and {@link PostgresServer#close()} keeps it. When the tests
         * run as root the postgres OS user must be able to reach it. Default: a temp dir, deleted on close.
         */
        public Builder persistentDir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The 127.0.0.1 port; default a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The login role's password; default a random one. A reopened cluster's role is given this one. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }



        /** Creates (or reopens) the cluster, starts it and returns once it accepts logins. */
        public PostgresServer start() {
            requireInstalled();
            return new PostgresServer(this).launch();
        }
    }
}
