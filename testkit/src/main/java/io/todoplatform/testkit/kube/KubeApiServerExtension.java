package io.todoplatform.testkit.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.testkit.Environment;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh, real Kubernetes control plane ({@link KubeApiServer}).
 *
 * <pre>{@code
 * class MyIT {
 *     @RegisterExtension
 *     static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
 *
 *     @Test
 *     void createsConfigMap() {
 *         KUBE.client().configMaps().inNamespace("default").resource(...).serverSideApply();
 *     }
 * }
 * }</pre>
 *
 * {@code @ExtendWith(KubeApiServerExtension.class)} works as well, with {@link KubernetesClient} or
 * {@link KubeApiServer} as test-method or constructor parameters. Nested classes share the server of
 * their enclosing class. When the binaries are missing every test of the class fails with the command
 * that builds them; nothing is skipped.
 */
public final class KubeApiServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KubeApiServerExtension.class);
    private static final DateTimeFormatter LOG_DIR_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final List<String> controllers;
    private final AuditLog.Level auditLevel;
    private KubeApiServer server;

    public KubeApiServerExtension() {
        this(KubeApiServer.DEFAULT_CONTROLLERS);
    }

    /** Runs kube-controller-manager with exactly these controllers (names as in its --controllers flag). */
    public KubeApiServerExtension(List<String> controllers) {
        this(controllers, AuditLog.Level.OFF);
    }

    private KubeApiServerExtension(List<String> controllers, AuditLog.Level auditLevel) {
        this.controllers = List.copyOf(controllers);
        this.auditLevel = auditLevel;
    }

    /** The same server, which also keeps an audit log of write requests ({@link KubeApiServer#auditLog()}). */
    public KubeApiServerExtension withAuditLog(AuditLog.Level level) {
        return new KubeApiServerExtension(controllers, level);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        KubeApiServer inherited = store.get(KubeApiServer.class, KubeApiServer.class);
        if (inherited != null) {
            server = inherited;
            return;
        }
        String testClass = context.getRequiredTestClass().getSimpleName();
        Path logDir = Environment.outputDir().resolve("kube-apiserver")
                .resolve(testClass + "-" + LocalDateTime.now().format(LOG_DIR_TIME));
        server = new KubeApiServer(KubeBinaries.require(), logDir, controllers, auditLevel).start();
        store.put(KubeApiServer.class, server);
        store.put(Owner.class, new Owner(context.getUniqueId()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Owner owner = context.getStore(NAMESPACE).get(Owner.class, Owner.class);
        if (owner != null && owner.uniqueId.equals(context.getUniqueId()) && server != null) {
            server.close();
        }
    }

    /** The running server of the current test class. */
    public KubeApiServer server() {
        if (server == null) {
            throw new IllegalStateException("KubeApiServerExtension has not started a server: register it on a"
                    + " static field (@RegisterExtension static) or with @ExtendWith on the class");
        }
        return server;
    }

    /** Shortcut for {@code server().client()}: an admin client, closed when the server stops. */
    public KubernetesClient client() {
        return server().client();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KubernetesClient.class || type == KubeApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        KubeApiServer running = extensionContext.getStore(NAMESPACE).get(KubeApiServer.class, KubeApiServer.class);
        if (running == null) {
            running = server();
        }
        return parameterContext.getParameter().getType() == KubernetesClient.class ? running.client() : running;
    }

    /** Which class context started the server, so only that context's afterAll stops it. */
    private static final class Owner {
        private final String uniqueId;

        private Owner(String uniqueId) {
            this.uniqueId = uniqueId;
        }
    }
}
