package io.todoplatform.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.todoplatform.testkit.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local platform's command line, run by {@code hack/platform.sh} (which first builds what is missing): the
 * whole TodoPlatform on this machine from a TodoPlatform file. A problem the user can fix is one message and exit
 * status 2; anything else is one message, exit status 1, and its stack trace in {@code logs/launcher.log}.
 */
@Command(name = "hack/platform.sh",
        description = "Runs the whole TodoPlatform on this machine: PostgreSQL, Kafka (SASL/SCRAM), the Dapr Scheduler,"
                + " and each app beside its daprd, from a TodoPlatform file.",
        subcommands = {LocalPlatform.Up.class, LocalPlatform.Down.class, LocalPlatform.Status.class,
                LocalPlatform.Token.class, LocalPlatform.Events.class})
public final class LocalPlatform {

    static final String DEFAULT_FILE = "samples/local.yaml";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help (also after a command).")
    boolean help;

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs one command; its exit status. */
    static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine.IFactory withStreams = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K command = CommandLine.defaultFactory().create(type);
                if (command instanceof HomeOption withHome) {
                    withHome.out = out;
                }
                return command;
            }
        };
        CommandLine commandLine = new CommandLine(new LocalPlatform(), withStreams);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            if (exception instanceof UserError) {
                err.println("error: " + exception.getMessage());
                return 2;
            }
            Object command = cmd.getCommand();
            Path log = command instanceof HomeOption home ? home.home().log("launcher") : null;
            err.println("error: " + exception.getMessage());
            if (log != null && writeStackTrace(log, exception)) {
                err.println("(the details are in " + log + ")");
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    /** {@code --home}, shared by every command. */
    abstract static class HomeOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--home", paramLabel = "DIR",
                description = "The local platform's directory (default: $TODO_LOCAL_HOME, else .local-platform in the repository).")
        Path homeOption;

        /** Where the command prints (standard output, or a test's buffer). */
        PrintStream out = System.out;

        LocalHome home() {
            LocalHome home = LocalHome.resolve(homeOption);
            // Read by logback.xml: the launcher's own Kafka clients log there, not on the console.
            System.setProperty("todo.local.log", home.log("launcher").toString());
            return home;
        }
    }

    @Command(name = "up", description = "Starts the platform (or, when it runs, prints where it is), waits until"
            + " everything is ready, and prints the URLs, a token and requests to try.")
    static final class Up extends HomeOption implements Callable<Integer> {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "The TodoPlatform to run (default: samples/local.yaml of the repository).")
        Path file;

        @Option(names = "--reset", description = "Delete the data of earlier runs first.")
        boolean reset;

        @Option(names = "--no-chat", description = "Do not run chat-api.")
        boolean noChat;

        @Option(names = "--chat-port", paramLabel = "PORT",
                description = "chat-api's port instead of the TodoPlatform's spec.chat.port.")
        Integer chatPort;

        @Option(names = "--model-endpoint", paramLabel = "URL",
                description = "An OpenAI-compatible server for chat-api's model instead of the TodoPlatform's"
                        + " spec.chat.model, e.g. http://127.0.0.1:8081/v1 (llama.cpp's server); its key from"
                        + " $TODO_MODEL_API_KEY. Default: spec.chat.model (samples/local.yaml: Ollama at"
                        + " http://127.0.0.1:11434/v1).")
        String modelEndpoint;

        @Option(names = "--model", paramLabel = "NAME", description = "The model's name at --model-endpoint.")
        String model;

        @Option(names = "--port-base", paramLabel = "N", defaultValue = "" + LocalPorts.DEFAULT_BASE,
                description = "First of the " + LocalPorts.SIZE + " ports the launcher uses besides the ones the"
                        + " TodoPlatform names (default: ${DEFAULT-VALUE}).")
        int portBase;

        @Override
        public Integer call() {
            LocalHome home = home();
            ChatOptions chat = ChatOptions.of(noChat, chatPort, modelEndpoint, model);
            Path todoPlatform = file != null ? file : Environment.repoRoot().resolve(DEFAULT_FILE);
            return new PlatformUp(home, new PlatformUp.Options(todoPlatform, reset, portBase, chat),
                    new Progress(out)).run();
        }
    }

    @Command(name = "down", description = "Stops every process up started (also after up failed or crashed).")
    static final class Down extends HomeOption implements Callable<Integer> {
        @Option(names = "--reset", description = "Also delete the data (PostgreSQL, Kafka, the Scheduler's jobs).")
        boolean reset;

        @Override
        public Integer call() {
            return new PlatformDown(home(), out).run(reset);
        }
    }

    @Command(name = "status", description = "Each process and endpoint of the running platform. Exit status 0: all"
            + " well; 1: something is down; 3: not running.")
    static final class Status extends HomeOption implements Callable<Integer> {
        @Override
        public Integer call() {
            return new PlatformStatus(home(), out).run();
        }
    }

    @Command(name = "token", description = "Prints a token the apps accept (HS256 with the local jwt-secret, with exp).")
    static final class Token extends HomeOption implements Callable<Integer> {
        @Option(names = "--user", paramLabel = "ID", defaultValue = Tokens.DEFAULT_USER,
                description = "The user ({userId} of the routes; default: ${DEFAULT-VALUE}).")
        String user;

        @Option(names = "--ttl", paramLabel = "DURATION",
                description = "How long it is valid: 90s, 30m, 2h (default: an hour, or the backend's"
                        + " TODO_JWT_MAX_LIFETIME when shorter).")
        String ttl;

        @Override
        public Integer call() {
            LocalHome home = home();
            PlatformState state = PlatformState.require(home.stateFile());
            Credentials credentials = Credentials.load(home.credentialsFile());
            Tokens tokens = Tokens.of(state, credentials);
            out.println(tokens.mint(user, ttl == null ? tokens.defaultLifetime() : parseDuration(ttl)));
            return 0;
        }
    }

    @Command(name = "events", description = "Prints every record on the platform's Kafka topics, from the start.")
    static final class Events extends HomeOption implements Callable<Integer> {
        @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this topic (repeatable).")
        List<String> topics = new ArrayList<>();

        @Override
        public Integer call() {
            LocalHome home = home();
            PlatformState state = PlatformState.require(home.stateFile());
            int printed = new TopicDump(state, Credentials.load(home.credentialsFile())).print(topics, out);
            System.err.println(printed + " record(s)");
            return 0;
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smh])");

    /** 90s, 30m, 2h, or ISO-8601 (PT1H). */
    static Duration parseDuration(String text) {
        Matcher matcher = SHORT_DURATION.matcher(text.strip());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (RuntimeException e) {
            throw new UserError("--ttl: a duration such as 90s, 30m or 2h (got " + text + ")");
        }
    }

    private static boolean writeStackTrace(Path log, Throwable exception) {
        StringWriter trace = new StringWriter();
        exception.printStackTrace(new PrintWriter(trace));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, Instant.now() + " " + trace + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
