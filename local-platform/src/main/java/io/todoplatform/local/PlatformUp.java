package io.todoplatform.local;

import io.todoplatform.testkit.dapr.DaprScheduler;
import io.todoplatform.testkit.dapr.DaprSentry;
import io.todoplatform.testkit.dapr.DaprSidecar;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.postgres.PostgresServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code up}: renders the TodoPlatform, starts PostgreSQL, Kafka, Dapr Sentry and the Dapr Scheduler side by side,
 * then every app beside its daprd (mTLS with certificates from Sentry, as on a cluster: the backend's access-control
 * policy lets chat-api in by its identity), waits until each is ready, and prints where everything is. Every process runs detached and is
 * recorded in {@code run/}; when any step fails (or Ctrl-C), what was started is stopped again.
 */
final class PlatformUp {

    static final int RANK_APP = 0;
    static final int RANK_SIDECAR = 1;
    static final int RANK_SCHEDULER = 2;
    static final int RANK_SENTRY = 2;
    static final int RANK_KAFKA = 3;
    static final int RANK_POSTGRES = 4;
    private static final int PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** @param chat what the command line changes in spec.chat */
    record Options(Path todoPlatform, boolean reset, int portBase, ChatOptions chat) {
    }

    private final LocalHome home;
    private final Options options;
    private final Progress progress;
    private final RunDir run;
    private volatile boolean finished;

    PlatformUp(LocalHome home, Options options, Progress progress) {
        this.home = home;
        this.options = options;
        this.progress = progress;
        this.run = new RunDir(home.runDir());
    }

    /** Exit status 0 when everything is ready (or was already running). */
    int run() {
        List<RecordedProcess> running = run.running();
        if (!running.isEmpty()) {
            return alreadyRunning(running);
        }
        run.forgetExited();
        if (options.reset()) {
            home.reset();
            progress.say("deleted the data of earlier runs (--reset)");
        }
        home.prepare();
        run.create();
        return launch(plan());
    }

    /** What {@code up} is about to start, checked: nothing runs yet when any of it is wrong. */
    private record Plan(PlatformFile file, Credentials credentials, RenderedPlatform rendered, List<AppSpec> apps,
                        LocalPorts ports, LocalSecrets secrets) {
    }

    /** Reads and renders the TodoPlatform, checks every prerequisite, writes the secrets and daprd's files. */
    private Plan plan() {
        PlatformFile file = PlatformFile.read(options.todoPlatform());
        Prerequisites.require("the local platform cannot start; missing", Prerequisites.missingBeforeRender());
        Credentials credentials = Credentials.loadOrCreate(home.credentialsFile());

        Path effective = options.chat().apply(file.path(), home.effectivePlatformFile());
        RenderedPlatform rendered;
        try {
            rendered = RenderedPlatform.render(effective, home.secretsFile(), home.renderCache());
        } catch (UserError e) {
            // The user wrote their file, not the copy with the command line's chat options: name theirs.
            throw new UserError(e.getMessage().replace(effective.toString(), file.path().toString()));
        }
        List<String> problems = new ArrayList<>(file.problems());
        problems.addAll(rendered.problems());
        Prerequisites.require(file.path() + " cannot run on the local platform", problems);
        List<AppSpec> apps = new ArrayList<>(rendered.apps());
        if (apps.isEmpty()) {
            throw new UserError(file.path() + " renders no Dapr-enabled Deployment: nothing to run");
        }
        Prerequisites.require("the local platform cannot start; missing",
                Prerequisites.missingJars(apps.stream().map(AppSpec::program).toList()));
        LocalPorts ports = new LocalPorts(options.portBase());
        Prerequisites.require("the local platform cannot start: ports are taken (stop what listens there, `ss -ltnp`"
                + " names it; or move the launcher's own ports with --port-base N)",
                Prerequisites.portsInUse(wantedPorts(file, apps, ports)));

        LocalSecrets secrets = LocalSecrets.of(file, credentials, ports.postgres(), apps);
        Path nameResolutionDb = home.daprDir().resolve("name-resolution.db");
        rendered.write(home.daprDir(), nameResolutionDb);
        // The model's key, resolved by chat-api's component alone: $TODO_MODEL_API_KEY, else a placeholder that
        // local servers ignore (conversation.openai does not start without a key).
        rendered.modelKey().ifPresent(key -> {
            String apiKey = System.getenv("TODO_MODEL_API_KEY");
            secrets.put(key.name(), key.key(), apiKey == null || apiKey.isBlank() ? ChatOptions.NO_KEY : apiKey);
        });
        secrets.write(home.secretsFile());
        for (AppSpec app : apps) {
            if (app.configName() != null && !Files.exists(RenderedPlatform.configFile(home.daprDir(), app.configName()))) {
                throw new UserError(app.source() + " names the Dapr Configuration " + app.configName()
                        + " (dapr.io/config), which render did not give");
            }
        }
        progress.say("rendered " + home.display(file.path()) + ": " + apps.stream().map(AppSpec::appId).toList()
                + (file.exportsTraces() ? " (note: traces go to the OTLP collector it names, which does not run here)" : ""));
        return new Plan(file, credentials, rendered, apps, ports, secrets);
    }

    /**
     * Starts everything; on failure, or when the JVM is told to stop (Ctrl-C, SIGTERM), stops what was started
     * before giving up.
     */
    private int launch(Plan plan) {
        Thread onInterrupt = new Thread(() -> {
            if (!finished) {
                progress.out().println("interrupted: stopping what was started");
                run.close();
                run.stopAll(progress.out());
            }
        }, "local-platform-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            PlatformState state = start(plan);
            state.write(home.stateFile());
            finished = true;
            progress.say("everything is ready");
            Summary.print(progress.out(), state, home, Tokens.of(state, plan.credentials()), Tokens.DEFAULT_USER);
            return 0;
        } catch (RuntimeException e) {
            finished = true;
            progress.say("failed; stopping what was started");
            run.close();
            run.stopAll(progress.out());
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private PlatformState start(Plan plan) {
        LocalPorts ports = plan.ports();
        CompletableFuture<PostgresServer> postgres = Parallel.start(() -> startPostgres(ports, plan.credentials()));
        CompletableFuture<KafkaBroker> kafka = Parallel.start(() -> startKafka(plan.file(), ports, plan.credentials()));
        CompletableFuture<DaprSentry> sentry = Parallel.start(() -> startSentry(ports));
        CompletableFuture<DaprScheduler> scheduler = sentry.thenApplyAsync(started -> startScheduler(ports, started));
        Parallel.awaitAll(List.of(postgres, kafka, sentry, scheduler));
        List<String> topics = plan.rendered().topics(plan.apps());
        kafka.join().createTopics(PARTITIONS, topics.toArray(String[]::new));

        List<CompletableFuture<PlatformState.App>> appStarts = new ArrayList<>();
        for (int i = 0; i < plan.apps().size(); i++) {
            AppSpec app = plan.apps().get(i);
            LocalPorts.SidecarPorts sidecarPorts = ports.sidecar(i);
            String model = app.program() == AppProgram.CHAT_API ? plan.rendered().model().orElse(null) : null;
            String namespace = plan.rendered().namespace();
            String endpoint = plan.rendered().modelEndpoint().orElse(null);
            appStarts.add(Parallel.start(() -> startApp(app, sidecarPorts, scheduler.join(), sentry.join(), namespace,
                    plan.secrets(), model, endpoint)));
        }
        Parallel.awaitAll(appStarts);
        Map<String, String> backendEnvironment = plan.apps().get(0).environment();
        return new PlatformState(plan.file().path().toAbsolutePath().toString(), Instant.now().toString(), ports.base(),
                new PlatformState.Kafka(kafka.join().bootstrapServers(), Credentials.KAFKA_USER, topics),
                new PlatformState.Postgres(postgres.join().port(), Credentials.DATABASE, Credentials.DATABASE_USER),
                scheduler.join().address(), ports.schedulerHealthz(),
                appStarts.stream().map(CompletableFuture::join).toList(),
                backendEnvironment.get("TODO_JWT_ISSUER"), backendEnvironment.get("TODO_JWT_AUDIENCE"),
                backendEnvironment.get("TODO_JWT_MAX_LIFETIME"));
    }

    private PostgresServer startPostgres(LocalPorts ports, Credentials credentials) {
        PostgresServer postgres = PostgresServer.builder()
                .database(Credentials.DATABASE, Credentials.DATABASE_USER)
                .persistentDir(home.postgresDir())
                .port(ports.postgres())
                .password(credentials.postgresPassword())
                .logFile(home.log("postgres"))
                .starter(run.detached("postgres", RANK_POSTGRES, "INT", Duration.ofSeconds(30)))
                .start();
        progress.say("PostgreSQL ready on 127.0.0.1:" + postgres.port());
        return postgres;
    }

    private KafkaBroker startKafka(PlatformFile file, LocalPorts ports, Credentials credentials) {
        KafkaBroker kafka = KafkaBroker.builder()
                .persistentDir(home.kafkaDir())
                .ports(file.kafkaPort(), ports.kafkaInternal(), ports.kafkaController())
                .credentials(Credentials.KAFKA_USER, credentials.kafkaPassword())
                .logFile(home.log("kafka"))
                .starter(run.detached("kafka", RANK_KAFKA, "TERM", Duration.ofSeconds(40)))
                .start();
        progress.say("Kafka ready on " + kafka.bootstrapServers() + " (SASL/SCRAM-SHA-256)");
        return kafka;
    }

    private DaprSentry startSentry(LocalPorts ports) {
        DaprSentry sentry = DaprSentry.builder()
                .persistentDir(home.sentryDir())
                .ports(ports.sentry(), ports.sentryHealthz(), ports.sentryMetrics())
                .logFile(home.log("sentry"))
                .starter(run.detached("sentry", RANK_SENTRY, "TERM", Duration.ofSeconds(10)))
                .start();
        progress.say("Dapr Sentry ready on " + sentry.address() + " (the sidecars' mTLS certificates)");
        return sentry;
    }

    private DaprScheduler startScheduler(LocalPorts ports, DaprSentry sentry) {
        DaprScheduler scheduler = DaprScheduler.builder()
                .secure(sentry)
                .persistentDir(home.schedulerDir())
                .ports(ports.scheduler(), ports.schedulerHealthz(), ports.schedulerMetrics(),
                        ports.schedulerEtcdClient(), ports.schedulerEtcdPeer())
                .logFile(home.log("scheduler"))
                .starter(run.detached("scheduler", RANK_SCHEDULER, "TERM", Duration.ofSeconds(15)))
                .start();
        progress.say("Dapr Scheduler ready on " + scheduler.address());
        return scheduler;
    }

    /** The app first (daprd waits for its port), then daprd, as Dapr's injector and the kubelet would set them up. */
    private PlatformState.App startApp(AppSpec app, LocalPorts.SidecarPorts ports, DaprScheduler scheduler,
                                       DaprSentry sentry, String namespace, LocalSecrets secrets, String model,
                                       String modelEndpoint) {
        Map<String, String> environment = new LinkedHashMap<>(app.environment());
        environment.putAll(secrets.environment(app));
        environment.put("PORT", Integer.toString(app.port()));
        environment.put("DAPR_HTTP_PORT", Integer.toString(ports.http()));
        environment.put("DAPR_GRPC_PORT", Integer.toString(ports.grpc()));
        if (app.apiTokenSecret() != null) {
            environment.put("DAPR_API_TOKEN", secrets.value(app.apiTokenSecret(), "token"));
        }
        AppProgram.RunningApp running = app.program().start(environment, home.log(app.appId()),
                run.detached(app.appId(), RANK_APP, "TERM", Duration.ofSeconds(40)));

        DaprSidecar.Builder sidecar = sentry.secure(DaprSidecar.builder(app.appId()), namespace)
                .appPort(app.appPort())
                .apiPorts(ports.http(), ports.grpc())
                .otherPorts(ports.internalGrpc(), ports.metrics(), ports.profile())
                .resourcesPath(RenderedPlatform.resourcesDir(home.daprDir()))
                .scheduler(scheduler)
                // The sqlite name resolver registers this address for service invocation between the apps.
                .env("DAPR_HOST_IP", "127.0.0.1")
                .logLevel(app.logLevel())
                .logFile(home.log("daprd-" + app.appId()))
                .starter(run.detached("daprd-" + app.appId(), RANK_SIDECAR, "TERM", Duration.ofSeconds(20)))
                .startTimeout(READY_TIMEOUT);
        if (app.configName() != null) {
            sidecar.config(RenderedPlatform.configFile(home.daprDir(), app.configName()));
        }
        if (app.logAsJson()) {
            sidecar.arg("--log-as-json");
        }
        if (app.appTokenSecret() != null) {
            sidecar.env("APP_API_TOKEN", secrets.value(app.appTokenSecret(), "token"));
        }
        if (app.apiTokenSecret() != null) {
            sidecar.env("DAPR_API_TOKEN", secrets.value(app.apiTokenSecret(), "token"));
        }
        sidecar.start();
        running.awaitReady(READY_TIMEOUT);
        progress.say(app.appId() + " ready on " + running.url() + " beside daprd (Dapr HTTP port " + ports.http() + ")");
        return new PlatformState.App(app.appId(), app.program().imageName(), running.url(), ports.http(), model,
                model == null ? null : modelEndpoint);
    }

    /** Every port the platform will listen on, with what for. */
    private Map<Integer, String> wantedPorts(PlatformFile file, List<AppSpec> apps, LocalPorts ports) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        for (AppSpec app : apps) {
            wanted.put(app.port(), app.appId() + " (its PORT, from " + app.source() + ")");
        }
        wanted.put(file.kafkaPort(), "Kafka (spec.pubsub.brokers of " + home.display(file.path()) + ")");
        ports.inUse(apps.size()).forEach((port, purpose) -> wanted.putIfAbsent(port,
                purpose + " (--port-base " + ports.base() + ")"));
        return wanted;
    }

    private int alreadyRunning(List<RecordedProcess> running) {
        if (options.reset()) {
            throw new UserError("--reset: the local platform is running; `hack/platform.sh down --reset` stops it and"
                    + " deletes its data");
        }
        List<RecordedProcess> recorded = run.recorded();
        PlatformState state = PlatformState.read(home.stateFile()).orElse(null);
        if (state == null || running.size() != recorded.size()) {
            List<String> exited = recorded.stream().filter(p -> p.live().isEmpty()).map(RecordedProcess::name).toList();
            throw new UserError("an earlier `up` left part of the platform running ("
                    + running.stream().map(RecordedProcess::name).toList() + (exited.isEmpty() ? "" : "; exited: " + exited)
                    + "); stop it with `hack/platform.sh down`, then run up again");
        }
        progress.out().println("The local platform is already running (started " + state.startedAt() + ").");
        Credentials credentials = Credentials.load(home.credentialsFile());
        Summary.print(progress.out(), state, home, Tokens.of(state, credentials), Tokens.DEFAULT_USER);
        return 0;
    }
}
