package io.todoplatform.local;

import io.todoplatform.testkit.platform.ChatApiProcess;
import io.todoplatform.testkit.platform.TodoAppProcess;
import io.todoplatform.testkit.process.ProcessStarter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The programs of this repository that a rendered Deployment's image stands for: the launcher runs the jar the
 * build made, not the image (no container runtime here). An image is recognised by its name, the last path
 * segment without tag or digest, which is also its Dockerfile target: {@code registry.example.com/todo-app:1.0.0}
 * is {@code todo-app/target/todo-app.jar}.
 */
enum AppProgram {
    TODO_APP("todo-app") {
        @Override
        RunningApp start(Map<String, String> environment, Path logFile, ProcessStarter starter) {
            TodoAppProcess app = TodoAppProcess.start(environment, logFile, starter);
            return new RunningApp(app.url(), app::awaitReady);
        }

        @Override
        Path jar() {
            return TodoAppProcess.jar();
        }
    },
    CHAT_API("chat-api") {
        @Override
        RunningApp start(Map<String, String> environment, Path logFile, ProcessStarter starter) {
            ChatApiProcess app = ChatApiProcess.start(environment, logFile, starter);
            return new RunningApp(app.url(), app::awaitReady);
        }

        @Override
        Path jar() {
            return ChatApiProcess.jar();
        }
    };

    private final String imageName;

    AppProgram(String imageName) {
        this.imageName = imageName;
    }

    String imageName() {
        return imageName;
    }

    /** Starts the jar and returns once it serves /healthz. */
    abstract RunningApp start(Map<String, String> environment, Path logFile, ProcessStarter starter);

    /** The jar, or a failure naming the build command. */
    abstract Path jar();

    static Optional<AppProgram> ofImage(String image) {
        String name = image;
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        name = name.substring(name.lastIndexOf('/') + 1);
        int tag = name.indexOf(':');
        if (tag >= 0) {
            name = name.substring(0, tag);
        }
        for (AppProgram program : values()) {
            if (program.imageName.equals(name)) {
                return Optional.of(program);
            }
        }
        return Optional.empty();
    }

    /** A started app: where it listens, and how to wait until it is ready (its /readyz). */
    record RunningApp(String url, Consumer<Duration> readiness) {
        void awaitReady(Duration timeout) {
            readiness.accept(timeout);
        }
    }
}
